"""The online submission pages: start, declaration, papers, review, confirmation; errors in
Vietnamese on the same page with the other inputs kept and nothing stored; one dossier per draft;
another citizen sees nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

import egov.procedures
from egov.core.vietnamese_dates import short_moment
from egov.dossiers.models import Dossier, DossierFile
from egov.organizations.models import Agency
from egov.portal.models import Draft, DraftFile
from tests.core.clamd_fake import EICAR, fake_clamd, unused_tcp_url
from tests.portal.submission_setup import (
    PDF,
    PNG,
    TEXT_CLAIMING_PDF,
    citizen,
    filled_draft,
    make_setup,
    stored,
)

FORM_POST = {
    "full_name": "Nguyễn Thị Hương",
    "citizen_id": "046195000123",
    "phone": "0905 123 456",
    "email": "huong.nguyen@example.vn",
    "address": "12 Lê Lợi, phường Thuận Hóa, thành phố Huế",
    "return_method": "counter",
    "tk-dien_tich": "120",
    "tk-muc_dich": "Nhà ở riêng lẻ",
    "action": "next",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every test starts with no request counted against the "submission" limit."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _start(client: Client, setup) -> Draft:
    response = client.post(reverse("submission:start", args=[setup.procedure.national_code]))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Draft.objects.get(owner=setup.citizen, dossier__isnull=True)


@pytest.mark.django_db
def test_starting_needs_a_sign_in_and_comes_back_after_it(client):
    setup = make_setup()
    url = reverse("submission:start", args=[setup.procedure.national_code])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"] and "nop-ho-so" in response["Location"]


@pytest.mark.django_db
def test_the_procedure_page_button_leads_to_the_submission(client):
    setup = make_setup()
    html = client.get(reverse("procedures:detail", args=[setup.procedure.national_code])).content.decode()
    assert f'href="{reverse("submission:start", args=[setup.procedure.national_code])}"' in html


@pytest.mark.django_db
def test_start_shows_the_agency_then_creates_a_draft_and_resumes_it():
    setup = make_setup()
    client = _client(setup.citizen)
    url = reverse("submission:start", args=[setup.procedure.national_code])
    page = client.get(url)
    assert page.status_code == 200
    assert setup.agency.name in page.content.decode()
    draft = _start(client, setup)
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == reverse("submission:form", args=[draft.pk])
    assert Draft.objects.count() == 1


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_profile():
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _start(client, setup)
    html = client.get(reverse("submission:form", args=[draft.pk])).content.decode()
    assert 'value="Trần Thị Lan"' in html
    assert f'value="{setup.citizen.citizen_id}"' in html
    assert 'name="tk-dien_tich"' in html


@pytest.mark.django_db
def test_missing_fields_and_a_wrong_citizen_id_are_shown_beside_them_with_the_rest_kept():
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _start(client, setup)
    post = {**FORM_POST, "citizen_id": "12345", "tk-muc_dich": ""}
    response = client.post(reverse("submission:form", args=[draft.pk]), post)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in html
    assert 'id="id_citizen_id_error"' in html
    assert "Mục đích sử dụng" in html and "field--error" in html
    assert 'value="Nguyễn Thị Hương"' in html and 'value="120"' in html  # the other inputs kept
    draft.refresh_from_db()
    assert draft.step == "form" and draft.eform_document == {}


@pytest.mark.django_db
def test_save_for_later_keeps_what_was_typed():
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _start(client, setup)
    post = {**FORM_POST, "tk-muc_dich": "", "action": "save"}
    response = client.post(reverse("submission:form", args=[draft.pk]), post)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.step, draft.eform_document) == ("form", {"dien_tich": 120})
    html = client.get(reverse("submission:form", args=[draft.pk])).content.decode()
    assert 'value="120"' in html and "Đã lưu hồ sơ nháp" in html


@pytest.mark.django_db
def test_a_complete_form_goes_on_to_the_papers():
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _start(client, setup)
    response = client.post(reverse("submission:form", args=[draft.pk]), FORM_POST)
    assert response["Location"] == reverse("submission:papers", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.eform_document == {"dien_tich": 120, "muc_dich": "Nhà ở riêng lẻ"}
    assert draft.applicant["citizen_id"] == "046195000123"
    assert draft.applicant["phone"] == "0905123456"


@pytest.mark.django_db
def test_later_steps_stay_closed_until_reached():
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _start(client, setup)
    assert client.get(reverse("submission:papers", args=[draft.pk]))["Location"] == reverse(
        "submission:form", args=[draft.pk]
    )
    assert client.get(reverse("submission:review", args=[draft.pk])).status_code == 302


def _papers_post(client, draft, files: dict, action: str = "upload"):
    return client.post(reverse("submission:papers", args=[draft.pk]), {**files, "action": action})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (TEXT_CLAIMING_PDF, "không phải là tệp PDF, JPG, PNG"),
        (PDF + b"0" * 4096, "lớn hơn"),
    ],
)
def test_a_bad_file_is_refused_beside_its_paper_and_nothing_is_stored(media, content, message):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup, with_files=False)
    first, second = setup.required()
    with override_settings(EGOV_UPLOAD_MAX_BYTES=2048):
        response = _papers_post(
            client,
            draft,
            {
                f"giay_to_{first.pk}": SimpleUploadedFile("tot.pdf", PDF, "application/pdf"),
                f"giay_to_{second.pk}": SimpleUploadedFile("gia.pdf", content, "application/pdf"),
            },
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "gia.pdf" in html
    assert f'id="id_giay_to_{second.pk}_error"' in html
    assert "Chưa tệp nào trong lần tải này được lưu" in html
    assert not DraftFile.objects.exists()
    assert stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_eicar_is_refused_on_the_page_where_clamd_is_configured(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup, with_files=False)
    paper = setup.required()[0]
    with fake_clamd() as clamd, override_settings(EGOV_CLAMD_URL=clamd.url):
        response = _papers_post(
            client, draft, {f"giay_to_{paper.pk}": SimpleUploadedFile("eicar.pdf", EICAR, "application/pdf")}
        )
    assert response.status_code == 400
    assert "mã độc" in response.content.decode()
    assert not DraftFile.objects.exists() and stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_files_are_attached_replaced_removed_and_downloaded(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup, with_files=False)
    paper = setup.required()[0]
    response = _papers_post(client, draft, {f"giay_to_{paper.pk}": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 302
    row = DraftFile.objects.get()
    download = client.get(reverse("submission:file", args=[draft.pk, row.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    _papers_post(client, draft, {f"giay_to_{paper.pk}": SimpleUploadedFile("b.png", PNG)})
    assert list(DraftFile.objects.values_list("name", flat=True)) == ["b.png"]
    row = DraftFile.objects.get()
    html = client.get(reverse("submission:papers", args=[draft.pk])).content.decode()
    assert "b.png" in html and reverse("submission:remove_file", args=[draft.pk, row.pk]) in html
    client.post(reverse("submission:remove_file", args=[draft.pk, row.pk]))
    assert not DraftFile.objects.exists() and stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_going_on_without_a_required_paper_is_refused_naming_it(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup, with_files=False)
    first, second = setup.required()
    response = _papers_post(
        client, draft, {f"giay_to_{first.pk}": SimpleUploadedFile("a.pdf", PDF)}, action="next"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Giấy tờ này là bắt buộc" in html and f'id="id_giay_to_{second.pk}_error"' in html
    assert DraftFile.objects.count() == 1  # the good file is kept


def _reach_review(client, setup, media) -> Draft:
    draft = filled_draft(setup)
    response = client.post(reverse("submission:papers", args=[draft.pk]), {"action": "next"})
    assert response["Location"] == reverse("submission:review", args=[draft.pk])
    return draft


@pytest.mark.django_db(transaction=True)
def test_the_review_shows_everything_and_asks_for_the_pledge(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _reach_review(client, setup, media)
    html = client.get(reverse("submission:review", args=[draft.pk])).content.decode()
    assert "Nhà ở riêng lẻ" in html and "Diện tích" in html
    assert setup.agency.name in html and "50.000" in html
    response = client.post(reverse("submission:review", args=[draft.pk]), {})
    assert response.status_code == 400
    assert "Vui lòng đánh dấu lời cam đoan" in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_confirming_creates_the_dossier_and_shows_the_confirmation(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _reach_review(client, setup, media)
    Agency.objects.filter(pk=setup.agency.pk).update(
        address="01 Lê Lai, phường Thuận Hóa, Huế", phone="0234 3822 222", email="motcua@hue.gov.vn"
    )
    response = client.post(reverse("submission:review", args=[draft.pk]), {"pledge": "on"})
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("submission:done", args=[dossier.code])
    assert DossierFile.objects.filter(dossier=dossier, paper__isnull=False).count() == 2
    html = client.get(response["Location"]).content.decode()
    assert dossier.code in html
    assert "Mới đăng ký — chờ cơ quan tiếp nhận kiểm tra" in html
    assert "Hẹn trả kết quả" in html
    assert reverse("dossier_lookup:detail", args=[dossier.code]) in html
    assert reverse("my:receipt_pdf", args=[dossier.code]) in html  # form 01
    assert reverse("my:detail", args=[dossier.code]) in html
    assert setup.agency.name in html
    assert "01 Lê Lai, phường Thuận Hóa, Huế" in html and "0234 3822 222" in html
    assert "motcua@hue.gov.vn" in html
    assert short_moment(dossier.due_at) in html
    draft.refresh_from_db()
    assert draft.dossier == dossier


@pytest.mark.django_db(transaction=True)
def test_confirming_twice_or_going_back_gives_one_dossier(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _reach_review(client, setup, media)
    url = reverse("submission:review", args=[draft.pk])
    first = client.post(url, {"pledge": "on"})
    second = client.post(url, {"pledge": "on"})
    back = client.get(reverse("submission:form", args=[draft.pk]))
    assert first["Location"] == second["Location"] == back["Location"]
    assert Dossier.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_expired_draft_says_so_and_offers_to_start_again(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _reach_review(client, setup, media)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.post(reverse("submission:review", args=[draft.pk]), {"pledge": "on"})
    assert response.status_code == 410
    html = response.content.decode()
    assert "đã hết hạn" in html and reverse("submission:start", args=[setup.procedure.national_code]) in html
    assert not Dossier.objects.exists()
    again = client.post(reverse("submission:start", args=[setup.procedure.national_code]))
    assert again.status_code == 302
    assert Draft.objects.get().pk != draft.pk


@pytest.mark.django_db(transaction=True)
def test_another_citizen_cannot_open_or_submit_my_draft_or_see_my_dossier(media):
    setup = make_setup()
    mine = _client(setup.citizen)
    draft = _reach_review(mine, setup, media)
    row = DraftFile.objects.first()
    other = _client(citizen(full_name="Lê Văn Hùng"))
    for name in ("resume", "form", "papers", "review"):
        assert other.get(reverse(f"submission:{name}", args=[draft.pk])).status_code == 404
    assert other.post(reverse("submission:review", args=[draft.pk]), {"pledge": "on"}).status_code == 404
    assert other.get(reverse("submission:file", args=[draft.pk, row.pk])).status_code == 404
    assert other.post(reverse("submission:remove_file", args=[draft.pk, row.pk])).status_code == 404
    assert other.post(reverse("submission:delete", args=[draft.pk])).status_code == 404
    assert not Dossier.objects.exists() and DraftFile.objects.count() == 2
    mine.post(reverse("submission:review", args=[draft.pk]), {"pledge": "on"})
    code = Dossier.objects.get().code
    assert other.get(reverse("submission:done", args=[code])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_draft_list_resumes_and_deletes(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup)
    html = client.get(reverse("submission:drafts")).content.decode()
    assert setup.version.name in html and reverse("submission:resume", args=[draft.pk]) in html
    response = client.post(reverse("submission:delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Draft.objects.exists() and stored(media) == []


@pytest.mark.django_db
def test_uploads_are_rate_limited_with_a_vietnamese_page(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup, with_files=False)
    with override_settings(EGOV_RATE_LIMITS={"submission": (2, 600)}):
        statuses = [
            client.post(reverse("submission:papers", args=[draft.pk]), {"action": "upload"}).status_code
            for _ in range(3)
        ]
        last = client.post(reverse("submission:papers", args=[draft.pk]), {"action": "upload"})
    assert statuses == [302, 302, 429]
    assert last.status_code == 429 and "Retry-After" in last
    assert "thao tác quá nhiều lần" in last.content.decode()


@pytest.mark.django_db(transaction=True)
def test_while_clamd_is_unreachable_no_file_is_taken_and_the_page_says_to_retry(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = filled_draft(setup, with_files=False)
    paper = setup.required()[0]
    with override_settings(EGOV_CLAMD_URL=unused_tcp_url(), EGOV_CLAMD_TIMEOUT=5):
        response = _papers_post(client, draft, {f"giay_to_{paper.pk}": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 400
    assert "kiểm tra virus đang tạm thời không hoạt động" in response.content.decode()
    assert not DraftFile.objects.exists() and stored(media) == []


@pytest.mark.django_db(transaction=True)
def test_confirmations_are_rate_limited_too(media):
    setup = make_setup()
    client = _client(setup.citizen)
    draft = _reach_review(client, setup, media)
    url = reverse("submission:review", args=[draft.pk])
    cache.clear()  # reaching the review posted the papers step once
    with override_settings(EGOV_RATE_LIMITS={"submission": (1, 600)}):
        refused = client.post(url, {})  # no pledge: counted, refused on the page
        limited = client.post(url, {"pledge": "on"})
    assert (refused.status_code, limited.status_code) == (400, 429)
    assert "thao tác quá nhiều lần" in limited.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_birth_registration_e_form_with_groups_and_lists_is_saved_as_its_document():
    from tests.procedures.test_eform_page import VALID_POST  # the example's valid answers

    schema = json.loads(
        (Path(egov.procedures.__file__).parent / "data/eform_examples/khai_sinh.json").read_text()
    )
    setup = make_setup(eform_schema=schema)
    client = _client(setup.citizen)
    draft = _start(client, setup)
    applicant = {key: value for key, value in FORM_POST.items() if not key.startswith("tk-")}
    declared = {f"tk-{key}": value for key, value in VALID_POST.items()}
    missing_child = {**declared, "tk-child__full_name": ""}
    refused = client.post(reverse("submission:form", args=[draft.pk]), {**applicant, **missing_child})
    assert refused.status_code == 400
    assert 'id="id_tk-child__full_name_error"' in refused.content.decode()
    response = client.post(reverse("submission:form", args=[draft.pk]), {**applicant, **declared})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.eform_document["child"]["full_name"] == "Nguyễn Minh Khôi"
    assert draft.eform_document["mother"]["citizen_id"] == "001195012345"
    html = client.get(reverse("submission:form", args=[draft.pk])).content.decode()
    assert 'value="Nguyễn Minh Khôi"' in html  # the saved document fills the form back in


@pytest.mark.django_db
def test_a_ward_level_procedure_asks_for_the_ward_on_the_start_page():
    from egov.procedures.models import VersionAgency
    from tests.organizations.factories import make_agency

    setup = make_setup()
    VersionAgency.objects.filter(version=setup.version).update(
        agency=None, agency_kind=Agency.Kind.COMMUNE_COMMITTEE
    )
    root = make_agency(name="UBND tỉnh thử nghiệm")
    ward = make_agency(root, name="UBND phường An Cựu", kind=Agency.Kind.COMMUNE_COMMITTEE)
    make_agency(root, name="UBND phường Vỹ Dạ", kind=Agency.Kind.COMMUNE_COMMITTEE)
    client = _client(setup.citizen)
    url = reverse("submission:start", args=[setup.procedure.national_code])
    page = client.get(url).content.decode()
    assert "UBND phường An Cựu" in page and "UBND phường Vỹ Dạ" in page and 'name="agency"' in page
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Vui lòng chọn cơ quan tiếp nhận hồ sơ." in refused.content.decode()
    assert not Draft.objects.exists()
    client.post(url, {"agency": str(ward.pk)})
    assert Draft.objects.get().agency == ward
