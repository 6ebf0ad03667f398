"""POST /api/v1/dossiers/{code}/actions: an action of the dossier's process through the API."""

from __future__ import annotations

import pytest

from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.api_setup import EXE, PDF, api, b64
from tests.dossiers.factories import make_counter, receive

pytestmark = pytest.mark.django_db


def _act(client, code: str, **body):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/dossiers/{code}/actions", body, format="json")


def test_action_moves_the_dossier_and_answers_with_it():
    counter = make_counter()
    dossier = receive(counter)
    response = _act(api(counter.officer), dossier.code, action="chuyen-xu-ly", note="Đủ hồ sơ")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["step"] == {"code": "xu-ly", "name": "Thẩm định, xử lý"}
    assert body["status"]["code"] == 4
    assert body["actions"] == []  # the receiver has no action in the specialists' step
    event = DossierEvent.objects.get(dossier=dossier, action="chuyen-xu-ly")
    assert event.note == "Đủ hồ sơ"


def test_details_and_files_of_an_action_are_recorded():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    _act(api(counter.officer), dossier.code, action="chuyen-xu-ly")
    response = _act(
        api(specialist),
        dossier.code,
        action="trinh-ky",
        details={"y_kien": "Đề nghị cấp phép"},
        files=[{"name": "du-thao.pdf", "content": b64(PDF)}],
    )
    assert response.status_code == 200, response.content
    event = DossierEvent.objects.get(dossier=dossier, action="trinh-ky")
    assert event.details == {"y_kien": "Đề nghị cấp phép"}
    assert DossierFile.objects.get(event=event).name == "du-thao.pdf"


def test_action_that_does_not_leave_the_current_step_is_409_invalid_transition():
    counter = make_counter()
    dossier = receive(counter)
    response = _act(api(counter.officer), dossier.code, action="ky-duyet")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "dossier.invalid_transition"
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_unknown_action_is_409_too():
    counter = make_counter()
    dossier = receive(counter)
    response = _act(api(counter.officer), dossier.code, action="khong-co")
    assert response.status_code == 409
    assert response.json()["code"] == "dossier.invalid_transition"


def test_role_without_the_action_is_403_action_not_allowed():
    counter = make_counter()
    dossier = receive(counter)
    response = _act(api(make_officer(counter.agency, Role.SPECIALIST)), dossier.code, action="chuyen-xu-ly")
    assert response.status_code == 403
    assert response.json()["code"] == "dossier.action_not_allowed"
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_officer_of_another_agency_is_403_view_not_allowed():
    dossier = receive(make_counter())
    stranger = make_counter(agency_identifier="000.00.13.H57").officer
    response = _act(api(stranger), dossier.code, action="chuyen-xu-ly")
    assert response.status_code == 403
    assert response.json()["code"] == "dossier.view_not_allowed"
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_bad_file_with_an_action_is_400_and_the_action_is_not_taken():
    counter = make_counter()
    dossier = receive(counter)
    response = _act(
        api(counter.officer),
        dossier.code,
        action="chuyen-xu-ly",
        files=[{"name": "virus.exe", "content": b64(EXE)}],
    )
    assert response.status_code == 400
    assert response.json()["code"] == "dossier.file_type_not_allowed"
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_unknown_dossier_is_404_and_missing_action_is_a_field_error():
    counter = make_counter()
    client = api(counter.officer)
    missing = _act(client, "000.00.12.H57-250707-9999", action="chuyen-xu-ly")
    assert missing.status_code == 404
    assert missing.json()["code"] == "dossier.not_found"
    dossier = receive(counter)
    response = _act(client, dossier.code)
    assert response.status_code == 400
    assert "action" in response.json()["errors"]


def test_actions_need_sign_in_401_with_www_authenticate():
    dossier = receive(make_counter())
    response = _act(api(), dossier.code, action="chuyen-xu-ly")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="egov"'
    assert response.json()["code"] == "http.not_authenticated"
