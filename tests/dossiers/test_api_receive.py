"""POST /api/v1/dossiers: an officer (or an integrator signed in as one) receives a dossier."""

from __future__ import annotations

import pytest

from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers.models import Dossier, DossierFile
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.api_setup import EXE, PDF, api, b64, post_receipt, receive_body
from tests.dossiers.factories import APPLICANT, make_counter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_receipt_is_201_with_location_and_the_full_dossier(django_capture_on_commit_callbacks, _media):
    counter = make_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_receipt(api(counter.officer), receive_body(counter))
    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get()
    assert body["code"] == dossier.code
    assert response["Location"] == f"http://testserver/api/v1/dossiers/{dossier.code}"
    assert "Idempotent-Replayed" not in response
    assert body["status"] == {"code": 2, "label": "Được tiếp nhận"}
    assert body["step"] == {"code": "tiep-nhan", "name": "Tiếp nhận hồ sơ"}
    assert body["applicant"]["full_name"] == APPLICANT["full_name"]
    assert body["agency"]["identifier"] == counter.agency.identifier
    assert body["procedure"]["national_code"] == counter.procedure.national_code
    assert [paper["code"] for paper in body["papers"]] == [
        paper.code for paper in counter.version.papers.filter(is_required=True).order_by("pk")
    ]
    assert [action["code"] for action in body["actions"]] == ["chuyen-xu-ly"]
    assert body["received_by"]["username"] == counter.officer.username
    assert dossier.channel == "counter"
    assert dossier.idempotency_key == f"{counter.officer.pk}:khoa-1"
    row = DossierFile.objects.get()
    assert row.paper is not None and row.content_type == "application/pdf"
    assert (_media / row.file.name).read_bytes() == PDF
    assert OutboxEvent.objects.filter(topic="dossier.received").count() == 1


def test_replay_with_the_same_key_returns_the_same_dossier_and_creates_nothing():
    counter = make_counter()
    client = api(counter.officer)
    first = post_receipt(client, receive_body(counter))
    again = post_receipt(client, receive_body(counter))
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 1
    assert AuditEntry.objects.filter(action="dossier.received").count() == 1


def test_same_key_with_another_body_is_409_idempotency_key_reused():
    counter = make_counter()
    client = api(counter.officer)
    assert post_receipt(client, receive_body(counter)).status_code == 201
    other = receive_body(counter, applicant={**APPLICANT, "full_name": "Trần Văn Nam"})
    response = post_receipt(client, other)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "dossier.idempotency_key_reused"
    assert Dossier.objects.count() == 1


def test_same_key_from_another_officer_is_another_dossier():
    counter = make_counter()
    colleague = make_officer(counter.agency, Role.RECEIVER)
    assert post_receipt(api(counter.officer), receive_body(counter)).status_code == 201
    assert post_receipt(api(colleague), receive_body(counter)).status_code == 201
    assert Dossier.objects.count() == 2


def test_missing_idempotency_key_is_400_and_nothing_is_received():
    counter = make_counter()
    response = post_receipt(api(counter.officer), receive_body(counter), key=None)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "api.idempotency_key_required"
    assert body["field"] == "Idempotency-Key"
    assert Dossier.objects.count() == 0


def test_quoted_key_is_the_same_key_and_a_control_character_is_refused():
    counter = make_counter()
    client = api(counter.officer)
    assert post_receipt(client, receive_body(counter), key='"khoa-1"').status_code == 201
    assert post_receipt(client, receive_body(counter), key="khoa-1")["Idempotent-Replayed"] == "true"
    response = post_receipt(client, receive_body(counter), key="có dấu")
    assert response.status_code == 400
    assert response.json()["code"] == "api.idempotency_key_invalid"


def test_file_that_is_not_pdf_jpg_png_is_400_and_nothing_is_stored(
    django_capture_on_commit_callbacks, _media
):
    counter = make_counter()
    body = receive_body(counter, files=[{"name": "don.pdf", "content": b64(EXE)}])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_receipt(api(counter.officer), body)
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "dossier.file_type_not_allowed"
    assert problem["field"] == "files"
    assert "don.pdf" in problem["title"]
    assert Dossier.objects.count() == 0
    assert DossierFile.objects.count() == 0
    assert not _media.exists() or not any(_media.rglob("*.*"))


def test_content_that_is_not_base64_is_a_validation_problem_with_the_field():
    counter = make_counter()
    body = receive_body(counter, files=[{"name": "don.pdf", "content": "khong phai base64!"}])
    response = post_receipt(api(counter.officer), body)
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "validation.invalid"
    assert problem["errors"]["files"]["0"]["content"] == ["Nội dung tệp không phải là base64 hợp lệ."]


def test_shape_errors_are_listed_per_field():
    counter = make_counter()
    response = post_receipt(api(counter.officer), {"procedure": counter.procedure.national_code})
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "validation.invalid"
    assert {"agency", "applicant", "papers"} <= set(problem["errors"])


def test_missing_required_papers_are_named_in_the_problem():
    counter = make_counter()
    response = post_receipt(api(counter.officer), receive_body(counter, papers=[], files=[]))
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "dossier.papers_missing"
    assert problem["field"] == "papers"
    assert len(problem["missing"]) == 2


def test_unknown_paper_procedure_and_agency_codes_are_refused_by_field():
    counter = make_counter()
    client = api(counter.officer)
    cases = [
        (receive_body(counter, papers=[{"code": "KHONG-CO"}]), "dossier.paper_unknown", "papers"),
        (receive_body(counter, procedure="9.999999"), "dossier.procedure_unknown", "procedure"),
        (receive_body(counter, agency="000.00.99.H99"), "dossier.agency_unknown", "agency"),
    ]
    for index, (body, code, field) in enumerate(cases):
        response = post_receipt(client, body, key=f"k{index}")
        assert response.status_code == 400, response.content
        assert (response.json()["code"], response.json()["field"]) == (code, field)


def test_invalid_applicant_identity_number_names_the_nested_field():
    counter = make_counter()
    body = receive_body(counter, applicant={**APPLICANT, "citizen_id": "12345"})
    response = post_receipt(api(counter.officer), body)
    assert response.status_code == 400
    assert response.json()["field"] == "applicant.citizen_id"


def test_officer_without_receiver_role_is_403_and_online_channel_is_not_offered():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    response = post_receipt(api(specialist), receive_body(counter))
    assert response.status_code == 403
    assert response.json()["code"] == "auth.permission_denied"
    online = post_receipt(api(counter.officer), receive_body(counter, channel="online"))
    assert online.status_code == 400
    assert "channel" in online.json()["errors"]
    assert Dossier.objects.count() == 0


def test_postal_receipt_keeps_its_channel_and_return_method():
    counter = make_counter()
    body = receive_body(counter, channel="postal", return_method="post")
    response = post_receipt(api(counter.officer), body)
    assert response.status_code == 201
    assert (response.json()["channel"], response.json()["return_method"]) == ("postal", "post")


def test_body_over_the_limit_is_413(settings):
    settings.EGOV_API_MAX_BODY_BYTES = 100
    counter = make_counter()
    response = post_receipt(api(counter.officer), receive_body(counter))
    assert response.status_code == 413
    assert response.json()["code"] == "api.body_too_large"


def test_same_key_with_another_return_method_or_note_is_409_too():
    counter = make_counter()
    client = api(counter.officer)
    assert post_receipt(client, receive_body(counter)).status_code == 201
    for changed in ({"return_method": "post"}, {"note": "Hồ sơ nộp thay"}):
        response = post_receipt(client, receive_body(counter, **changed))
        assert response.status_code == 409, changed
        assert response.json()["code"] == "dossier.idempotency_key_reused"
