"""The e-form page /thu-tuc/<national_code>/to-khai/: the version in force, errors beside fields,
a confirmation summary, nothing stored."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import egov.procedures
from egov.procedures.models import ProcedureVersion
from tests.procedures.factories import make_procedure, make_published_version, make_version

EXAMPLE = json.loads(
    (Path(egov.procedures.__file__).parent / "data" / "eform_examples" / "khai_sinh.json").read_text()
)
VALID_POST = {
    "declarant__full_name": "Nguyễn Văn An",
    "declarant__citizen_id": "001090012345",
    "declarant__phone": "0912 345 678",
    "declarant__relationship": "cha",
    "child__full_name": "Nguyễn Minh Khôi",
    "child__sex": "nam",
    "child__date_of_birth": "2025-08-02",
    "child__place_of_birth": "Bệnh viện Đa khoa tỉnh",
    "child__ethnicity": "Kinh",
    "child__nationality": "Việt Nam",
    "mother__full_name": "Trần Thị Bình",
    "mother__year_of_birth": "1995",
    "mother__citizen_id": "001195012345",
    "mother__ethnicity": "Kinh",
    "mother__nationality": "Việt Nam",
    "mother__residence": "Thôn Đông, xã Hòa Bình",
    "father__ethnicity": "Kinh",
    "father__nationality": "Việt Nam",
    "extract_copies": "2",
}


def _url(code: str) -> str:
    return reverse("procedures:eform", args=[code])


@pytest.fixture
def birth_registration() -> ProcedureVersion:
    procedure = make_procedure(national_code="1.001193")
    return make_published_version(procedure, name="Thủ tục đăng ký khai sinh", eform_schema=EXAMPLE)


@pytest.mark.django_db
def test_page_shows_the_eform_of_the_version_in_force(
    client: Client, birth_registration: ProcedureVersion
) -> None:
    response = client.get(_url("1.001193"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tờ khai đăng ký khai sinh" in html and "Thủ tục đăng ký khai sinh" in html
    assert 'name="child__date_of_birth"' in html and 'name="mother__citizen_id"' in html
    # the order the editor wrote survives storage (jsonb on PostgreSQL reorders keys)
    assert html.index('name="declarant__full_name"') < html.index('name="child__full_name"')
    assert html.index('name="child__full_name"') < html.index('name="mother__full_name"')
    assert html.index('name="mother__full_name"') < html.index('name="mother__year_of_birth"')
    assert "<script" not in html.split("<main", 1)[-1]


@pytest.mark.django_db
def test_post_with_errors_shows_them_beside_the_fields(
    client: Client, birth_registration: ProcedureVersion
) -> None:
    post = {**VALID_POST, "declarant__phone": "12345", "child__date_of_birth": "30/02/2025"}
    del post["child__sex"]
    response = client.post(_url("1.001193"), post)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"declarant__phone", "child__date_of_birth", "child__sex"}
    html = response.content.decode()
    assert 'id="id_child__sex_error"' in html
    assert "Vui lòng chọn thông tin này." in html
    assert "Tờ khai hợp lệ" not in html
    assert 'value="Nguyễn Văn An"' in html  # what was typed is kept


@pytest.mark.django_db
def test_valid_post_shows_a_summary_and_stores_nothing(
    client: Client, birth_registration: ProcedureVersion
) -> None:
    versions_before = ProcedureVersion.objects.count()
    response = client.post(_url("1.001193"), VALID_POST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tờ khai hợp lệ." in html
    assert 'href="/nop-ho-so/1.001193/"' in html  # filing it is the portal's submission
    assert "02/08/2025" in html and "Nam" in html and "0912345678" in html
    assert "Thông tin người cha" not in html  # left blank, so not declared
    assert response.context["document"]["extract_copies"] == 2
    assert ProcedureVersion.objects.count() == versions_before
    assert "form" not in response.context or response.context["form"] is None


@pytest.mark.django_db
def test_unknown_procedure_is_not_found(client: Client) -> None:
    assert client.get(_url("9.999999")).status_code == 404


@pytest.mark.django_db
def test_procedure_with_only_a_draft_is_not_found(client: Client) -> None:
    procedure = make_procedure()
    make_version(procedure, eform_schema=EXAMPLE)
    assert client.get(_url(procedure.national_code)).status_code == 404


@pytest.mark.django_db
def test_draft_and_future_versions_do_not_show_their_eform(client: Client) -> None:
    procedure = make_procedure()
    in_force = {
        "type": "object",
        "title": "Tờ khai đang áp dụng",
        "properties": {"ho_ten": {"type": "string", "title": "Họ tên hiện hành"}},
    }
    draft = {
        "type": "object",
        "title": "Tờ khai dự thảo",
        "properties": {"bi_mat": {"type": "string", "title": "Trường dự thảo"}},
    }
    make_published_version(procedure, effective_from=dt.date(2025, 7, 1), eform_schema=in_force)
    make_published_version(procedure, effective_from=dt.date(2999, 1, 1), eform_schema=draft)
    make_version(procedure, eform_schema=draft)
    html = client.get(_url(procedure.national_code)).content.decode()
    assert "Họ tên hiện hành" in html
    assert "Tờ khai dự thảo" not in html and "bi_mat" not in html


@pytest.mark.django_db
def test_version_without_eform_says_so(client: Client) -> None:
    procedure = make_procedure()
    make_published_version(procedure, eform_schema={})
    response = client.get(_url(procedure.national_code))
    assert response.status_code == 200
    assert "Thủ tục này chưa có tờ khai điện tử." in response.content.decode()


@pytest.mark.django_db
def test_version_with_a_broken_eform_does_not_fail(client: Client) -> None:
    procedure = make_procedure()
    make_published_version(procedure, eform_schema={"type": "object", "properties": {"a": {"type": "x"}}})
    response = client.get(_url(procedure.national_code))
    assert response.status_code == 200
    assert "đang được cập nhật" in response.content.decode()


@pytest.mark.django_db
def test_the_eform_page_leads_back_to_its_procedure(client) -> None:
    version = make_published_version(
        eform_schema={"type": "object", "properties": {"ho_ten": {"type": "string"}}}
    )
    code = version.procedure.national_code
    response = client.get(f"/thu-tuc/{code}/to-khai/")
    assert response.status_code == 200
    assert f'href="/thu-tuc/{code}/"' in response.content.decode()
