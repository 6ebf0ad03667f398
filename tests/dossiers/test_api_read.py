"""GET /api/v1/dossiers/{code}, /timeline, /files: what an officer who may open a dossier reads."""

from __future__ import annotations

import pytest

from egov.dossiers import services
from egov.dossiers.models import DossierFile
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.api_setup import EXE, PDF, PNG, api, b64
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, make_counter, receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_detail_has_applicant_papers_status_step_clock_states_and_actions():
    counter = make_counter()
    dossier = receive(counter)
    body = api(counter.officer).get(f"/api/v1/dossiers/{dossier.code}").json()
    assert body["code"] == dossier.code
    assert body["applicant"] == {
        "full_name": APPLICANT["full_name"],
        "citizen_id": APPLICANT["citizen_id"],
        "phone": dossier.applicant_phone,
        "email": APPLICANT["email"],
        "address": APPLICANT["address"],
    }
    assert [paper["name"] for paper in body["papers"]] == [paper.name for paper in dossier.papers.all()]
    assert body["status"] == {"code": 2, "label": "Được tiếp nhận"}
    assert body["step"] == {"code": "tiep-nhan", "name": "Tiếp nhận hồ sơ"}
    clock = body["clock"]
    assert clock["received_at"].startswith("2025-07-07T09:00:00")
    assert clock["due_at"] == clock["original_due_at"]
    assert clock["paused_at"] is None and clock["finished_at"] is None
    assert clock["overdue"] is True  # due in July 2025, still open
    assert clock["extensions"] == []
    assert (body["payment_state"], body["delivery_state"], body["sync_state"]) == (
        "pending",
        "not_ready",
        "pending",
    )
    assert body["actions"] == [
        {
            "code": "chuyen-xu-ly",
            "name": "Chuyển xử lý",
            "to_step": "xu-ly",
            "clock_effect": "start",
            "requires_papers": True,
            "requires_signature": False,
            "requires_payment": False,
        }
    ]
    assert body["links"]["timeline"].endswith(f"/api/v1/dossiers/{dossier.code}/timeline")
    assert body["closure"] is None


def test_detail_actions_are_those_of_the_caller():
    counter = make_counter()
    dossier = receive(counter)
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    assert api(specialist).get(f"/api/v1/dossiers/{dossier.code}").json()["actions"] == []


def test_detail_of_another_agency_is_403_and_unknown_code_404():
    dossier = receive(make_counter())
    stranger = make_counter(agency_identifier="000.00.13.H57").officer
    response = api(stranger).get(f"/api/v1/dossiers/{dossier.code}")
    assert response.status_code == 403
    assert response.json()["code"] == "dossier.view_not_allowed"
    assert api(stranger).get("/api/v1/dossiers/KHONG-CO").json()["code"] == "dossier.not_found"


def test_detail_query_count_is_bounded(django_assert_max_num_queries):
    counter = make_counter()
    dossier = receive(counter)
    client = api(counter.officer)
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/dossiers/{dossier.code}").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(f"/api/v1/dossiers/{dossier.code}/files").status_code == 200
    services.act(dossier=dossier, action_code="chuyen-xu-ly", actor=counter.officer, at=MONDAY_MORNING)
    with django_assert_max_num_queries(6):  # the same for two rows or two hundred
        assert len(client.get(f"/api/v1/dossiers/{dossier.code}/timeline").json()) == 2


def test_timeline_lists_form_06_rows_with_names_and_files():
    counter = make_counter()
    dossier = receive(counter)
    services.act(
        dossier=dossier,
        action_code="chuyen-xu-ly",
        actor=counter.officer,
        note="Đủ giấy tờ",
        at=MONDAY_MORNING,
        uploads=[services.Upload(name="bien-ban.pdf", content=PDF)],
    )
    response = api(counter.officer).get(f"/api/v1/dossiers/{dossier.code}/timeline")
    assert response.status_code == 200
    rows = response.json()
    assert [(row["action"], row["action_name"]) for row in rows] == [
        ("receive", "Tiếp nhận hồ sơ"),
        ("chuyen-xu-ly", "Chuyển xử lý"),
    ]
    moved = rows[1]
    assert (moved["from_step_name"], moved["to_step_name"]) == ("Tiếp nhận hồ sơ", "Thẩm định, xử lý")
    assert (moved["status_before"], moved["status_after"]) == (2, 4)
    assert moved["giver_name"] == "Lê Thị Mai"
    assert moved["note"] == "Đủ giấy tờ"
    assert moved["files"] == [DossierFile.objects.get(name="bien-ban.pdf").pk]


def test_timeline_of_another_agency_is_403():
    dossier = receive(make_counter())
    stranger = make_counter(agency_identifier="000.00.13.H57").officer
    assert api(stranger).get(f"/api/v1/dossiers/{dossier.code}/timeline").status_code == 403


def _with_scan(counter, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return receive(counter, uploads=[services.Upload(name="Đơn đề nghị.pdf", content=PDF)])


def test_files_are_listed_and_downloaded_with_their_type(django_capture_on_commit_callbacks):
    counter = make_counter()
    dossier = _with_scan(counter, django_capture_on_commit_callbacks)
    client = api(counter.officer)
    [listed] = client.get(f"/api/v1/dossiers/{dossier.code}/files").json()
    assert (listed["name"], listed["kind"], listed["content_type"], listed["size"]) == (
        "Đơn đề nghị.pdf",
        "scan",
        "application/pdf",
        len(PDF),
    )
    response = client.get(listed["download_url"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]


def test_file_of_another_dossier_or_agency_is_not_downloaded(django_capture_on_commit_callbacks):
    counter = make_counter()
    first = _with_scan(counter, django_capture_on_commit_callbacks)
    second = receive(counter)
    row = DossierFile.objects.get(dossier=first)
    client = api(counter.officer)
    response = client.get(f"/api/v1/dossiers/{second.code}/files/{row.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "dossier.file_not_found"
    stranger = make_counter(agency_identifier="000.00.13.H57").officer
    assert api(stranger).get(f"/api/v1/dossiers/{first.code}/files/{row.pk}").status_code == 403


def test_scans_are_attached_to_a_dossier_being_processed(django_capture_on_commit_callbacks, _media):
    counter = make_counter()
    dossier = receive(counter)
    paper = counter.version.papers.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(counter.officer).post(
            f"/api/v1/dossiers/{dossier.code}/files",
            {"files": [{"name": "anh.png", "content": b64(PNG), "paper": paper.code}], "note": "Bổ sung ảnh"},
            format="json",
        )
    assert response.status_code == 201, response.content
    [created] = response.json()
    row = DossierFile.objects.get(pk=created["id"])
    assert (row.kind, row.content_type, row.event_id) == ("scan", "image/png", None)
    assert row.paper is not None and row.paper.paper_id == paper.pk
    assert created["paper"] == paper.name
    assert (_media / row.file.name).read_bytes() == PNG


def test_attaching_a_bad_file_stores_nothing(django_capture_on_commit_callbacks, _media):
    counter = make_counter()
    dossier = receive(counter)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(counter.officer).post(
            f"/api/v1/dossiers/{dossier.code}/files",
            {"files": [{"name": "x.pdf", "content": b64(EXE)}]},
            format="json",
        )
    assert response.status_code == 400
    assert response.json()["code"] == "dossier.file_type_not_allowed"
    assert DossierFile.objects.count() == 0
    assert not _media.exists() or not any(_media.rglob("*.*"))


def test_attaching_to_a_finished_dossier_is_409():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    leader = make_officer(counter.agency, Role.LEADER)
    dossier = receive(counter)
    for code, actor in [
        ("chuyen-xu-ly", counter.officer),
        ("trinh-ky", specialist),
        ("ky-duyet", leader),
        ("tra-ket-qua", counter.officer),
    ]:
        dossier = services.act(dossier=dossier, action_code=code, actor=actor, at=MONDAY_MORNING)
    response = api(counter.officer).post(
        f"/api/v1/dossiers/{dossier.code}/files",
        {"files": [{"name": "x.png", "content": b64(PNG)}]},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "dossier.invalid_transition"
    assert DossierFile.objects.count() == 0
