"""Read-only catalogue API: /api/v1/procedures/ and /api/v1/procedure-fields/, documented in the schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from egov.organizations.models import Agency
from egov.procedures.models import ProcedureVersion, VersionAgency
from tests.organizations.factories import make_agency
from tests.procedures.factories import (
    make_fee,
    make_field,
    make_paper,
    make_procedure,
    make_published_version,
    make_version,
    make_version_agency,
)

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["national_code"] for item in response.json()["results"]]


def test_search_without_accents(client: Client) -> None:
    make_published_version(make_procedure(national_code="1.009994"), name="Cấp giấy phép xây dựng")
    make_published_version(make_procedure(national_code="1.001193"), name="Đăng ký khai sinh")
    assert _codes(client.get("/api/v1/procedures/", {"q": "giay phep xay dung"})) == ["1.009994"]
    assert _codes(client.get("/api/v1/procedures/", {"q": "1.001193"})) == ["1.001193"]


def test_list_item_carries_the_version_in_force(client: Client) -> None:
    make_published_version(
        make_procedure(national_code="1.001193"),
        name="Đăng ký khai sinh",
        field=make_field(code="HOTICH", name="Hộ tịch"),
        processing_time=Decimal("0"),
        single_day_cutoff=dt.time(15, 0),
    )
    item = client.get("/api/v1/procedures/").json()["results"][0]
    assert item["name"] == "Đăng ký khai sinh"
    assert item["field"] == {"code": "HOTICH", "name": "Hộ tịch"}
    assert item["version"] == 1
    assert item["effective_from"] == "2025-07-01"
    assert item["processing_time_text"] == "Trong ngày; nhận sau 15 giờ 00 trả ngày làm việc tiếp theo"


def test_filters(client: Client) -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    department = make_agency(province, name="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(province, name="Ủy ban nhân dân xã An Hòa", kind=Agency.Kind.COMMUNE_COMMITTEE)
    field = make_field(code="XD", name="Xây dựng")
    make_published_version(
        make_procedure(national_code="1.000001"), agency=department, field=field, level="province"
    )
    make_published_version(make_procedure(national_code="1.000002"), online_level="full")
    url = "/api/v1/procedures/"
    assert _codes(client.get(url, {"field": "XD"})) == ["1.000001"]
    assert _codes(client.get(url, {"level": "province"})) == ["1.000001"]
    assert _codes(client.get(url, {"online_level": "full"})) == ["1.000002"]
    assert _codes(client.get(url, {"agency": commune.identifier})) == ["1.000002"]
    assert _codes(client.get(url, {"agency": department.identifier})) == ["1.000001"]
    assert _codes(client.get(url, {"agency": "commune_committee"})) == ["1.000002"]


def test_unknown_agency_is_a_problem_detail(client: Client) -> None:
    response = client.get("/api/v1/procedures/", {"agency": "000.00.99.H99"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "procedures.unknown_agency"
    assert response.json()["field"] == "agency"


def test_invalid_level_is_a_problem_detail(client: Client) -> None:
    response = client.get("/api/v1/procedures/", {"level": "district"})
    assert response.status_code == 400
    assert response.json()["code"] == "validation.invalid"
    assert "level" in response.json()["errors"]


def test_detail_has_everything_of_the_version_in_force(client: Client) -> None:
    province = make_agency(name="Ủy ban nhân dân tỉnh")
    version = make_published_version(
        make_procedure(national_code="1.009994"),
        name="Cấp giấy phép xây dựng",
        eform_schema={"type": "object", "properties": {"ho_ten": {"type": "string"}}},
        with_children=False,
    )
    make_version_agency(version, agency=province)
    make_version_agency(version, part=VersionAgency.Part.PROCESSING)
    make_fee(version, code="LP", amount=Decimal("50000"))
    make_paper(version, code="TK", name="Tờ khai", originals=1, copies=0, reusable=True)
    body = client.get("/api/v1/procedures/1.009994/").json()
    assert body["national_code"] == "1.009994"
    assert body["agencies"] == [
        {
            "part": "processing",
            "agency_identifier": None,
            "agency_name": None,
            "agency_kind": "commune_committee",
            "note": "",
        },
        {
            "part": "receiving",
            "agency_identifier": province.identifier,
            "agency_name": "Ủy ban nhân dân tỉnh",
            "agency_kind": "peoples_committee",
            "note": "",
        },
    ]
    assert body["fees"][0]["amount"] == 50000
    assert body["papers"][0]["reusable"] is True
    assert body["papers"][0]["form_template_url"] is None
    assert [step["code"] for step in body["process"]["steps"]] == [
        "tiep-nhan",
        "xu-ly",
        "ky-duyet",
        "tra-ket-qua",
        "da-tra",
    ]
    assert {"code": "chuyen-xu-ly", "from_step": "tiep-nhan", "to_step": "xu-ly"}.items() <= next(
        a for a in body["process"]["actions"] if a["code"] == "chuyen-xu-ly"
    ).items()
    assert body["eform_schema"]["properties"]["ho_ten"] == {"type": "string"}


def test_detail_of_an_unknown_or_draft_only_procedure_is_404_problem(client: Client) -> None:
    make_version(make_procedure(national_code="1.000200"))
    for code in ["1.000200", "9.999999"]:
        response = client.get(f"/api/v1/procedures/{code}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_detail_query_count_is_bounded(client: Client, django_assert_max_num_queries) -> None:
    version = make_published_version(make_procedure(national_code="1.000300"))
    for n in range(10):
        make_paper(version, name=f"Giấy tờ {n}")
        make_fee(version)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/procedures/1.000300/").status_code == 200


def test_versions_lists_published_versions_newest_first_and_marks_the_one_in_force(client: Client) -> None:
    procedure = make_procedure(national_code="1.000400")
    make_published_version(procedure, name="Bản 1", effective_from=dt.date(2024, 1, 1))
    make_published_version(procedure, name="Bản 2", effective_from=dt.date(2025, 1, 1))
    future = timezone.localdate() + dt.timedelta(days=10)
    make_published_version(procedure, name="Bản 3", effective_from=future)
    make_version(procedure, name="Bản nháp")
    body = client.get("/api/v1/procedures/1.000400/versions/").json()
    assert [(v["number"], v["in_force"]) for v in body] == [(3, False), (2, True), (1, False)]
    assert body[1]["effective_from"] == "2025-01-01"
    assert client.get("/api/v1/procedures/9.999999/versions/").status_code == 404


def test_fields_list(client: Client) -> None:
    make_field(code="HOTICH", name="Hộ tịch")
    make_field(code="DATDAI", name="Đất đai")
    body = client.get("/api/v1/procedure-fields/").json()
    assert {(f["code"], f["name"]) for f in body["results"]} == {("HOTICH", "Hộ tịch"), ("DATDAI", "Đất đai")}


def test_schema_documents_the_catalogue_and_validates() -> None:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = out.getvalue()
    for path in [
        "/api/v1/procedures/:",
        "/api/v1/procedures/{national_code}/:",
        "/api/v1/procedures/{national_code}/versions/:",
        "/api/v1/procedure-fields/:",
    ]:
        assert path in schema
    assert "Tìm thủ tục hành chính đang có hiệu lực" in schema
    assert ProcedureVersion.OnlineLevel.FULL.value in schema
