"""The applicant's online answer to form 02 (`services.supplements.submit_supplement`): the files are
stored as kind "supplement", the dossier goes back to the step that asked, the clock resumes (or
restarts) as the process says; only the owner, only while the request waits; a refusal writes
nothing and stores no file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from egov.core.calendar_store import get_calendar
from egov.core.errors import NotFound, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers.domain import InvalidTransition
from egov.dossiers.files import Upload
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.dossiers.services import supplements
from egov.organizations.models import Role
from egov.procedures.demo_catalogue import processes as demo
from tests.accounts.factories import make_officer
from tests.dossiers.exceptions_factories import Office, process_from_demo
from tests.dossiers.factories import MONDAY_MORNING, make_counter
from tests.portal.my_factories import PDF, PNG, CitizenCase, new_citizen

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _written(dossier: Dossier) -> tuple[int, int, int, int]:
    return (
        DossierEvent.objects.filter(dossier=dossier).count(),
        DossierFile.objects.filter(dossier=dossier).count(),
        AuditEntry.objects.count(),
        OutboxEvent.objects.count(),
    )


def _waiting(start: dt.datetime = MONDAY_MORNING, office: Office | None = None) -> CitizenCase:
    case = CitizenCase(start=start, office=office)
    case.dossier = case.supplement_requested()
    return case


def test_owner_answers_form_02_online_and_the_due_moves_by_the_paused_working_time(
    django_capture_on_commit_callbacks,
):
    case = _waiting()
    asked = case.dossier.paused_at
    due_before = case.dossier.due_at
    answered = asked + dt.timedelta(days=3)  # Monday → Thursday, same hour: 24 working hours
    request = DossierEvent.objects.get(dossier=case.dossier, details__form="02")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = supplements.submit_supplement(
            dossier=case.dossier,
            citizen=case.citizen,
            uploads=[Upload(name="gcn-chung-thuc.pdf", content=PDF), Upload(name="so-do.png", content=PNG)],
            note="Đã chứng thực bản sao",
            at=answered,
        )
    assert (dossier.step, dossier.national_status, dossier.paused_at) == ("xu-ly", 4, None)
    assert dossier.paused_hours == Decimal("24")
    calendar = get_calendar()
    assert calendar.working_time_between(due_before, dossier.due_at) == Decimal("24")
    event = DossierEvent.objects.filter(dossier=dossier).latest("pk")
    assert (event.action, event.status_before, event.status_after) == ("nop-bo-sung", 5, 4)
    assert (event.giver, event.note, event.details) == (
        case.citizen,
        "Đã chứng thực bản sao",
        {"answers": request.pk},
    )
    stored = list(DossierFile.objects.filter(event=event).order_by("pk"))
    assert [(row.kind, row.name, row.uploaded_by) for row in stored] == [
        ("supplement", "gcn-chung-thuc.pdf", case.citizen),
        ("supplement", "so-do.png", case.citizen),
    ]
    with default_storage.open(stored[0].file.name, "rb") as handle:
        assert handle.read() == PDF
    topics = set(OutboxEvent.objects.filter(object_id=str(dossier.pk)).values_list("topic", flat=True))
    assert {"dossier.step_completed", "dossier.resumed"} <= topics
    assert AuditEntry.objects.filter(
        action="dossier.action", object_id=str(dossier.pk), actor_id=case.citizen.pk
    ).exists()


def test_with_the_restart_setting_the_full_legal_time_runs_again_from_the_answer():
    process = process_from_demo(
        {**demo.commune_process(24), "supplement_clock": "restart"}, code_suffix="-restart"
    )
    counter = make_counter(process=process)
    office = Office.__new__(Office)
    office.counter, office.agency, office.receiver = counter, counter.agency, counter.officer
    office.specialist = make_officer(counter.agency, Role.SPECIALIST)
    office.leader = make_officer(counter.agency, Role.LEADER)
    case = _waiting(office=office)
    answered = case.dossier.paused_at + dt.timedelta(days=3)
    dossier = supplements.submit_supplement(
        dossier=case.dossier, citizen=case.citizen, uploads=[Upload(name="a.pdf", content=PDF)], at=answered
    )
    assert dossier.national_status == 4
    assert dossier.started_at == answered
    assert get_calendar().working_time_between(answered, dossier.due_at) == Decimal("24")


def test_another_citizen_is_told_the_dossier_does_not_exist_and_nothing_is_written():
    case = _waiting()
    stranger = new_citizen()
    written = _written(case.dossier)
    with pytest.raises(NotFound) as refused:
        supplements.submit_supplement(
            dossier=case.dossier, citizen=stranger, uploads=[Upload(name="a.pdf", content=PDF)]
        )
    assert refused.value.code == "dossier.not_found"
    assert _written(case.dossier) == written
    assert Dossier.objects.get(pk=case.dossier.pk).national_status == 5


def test_an_officer_does_not_answer_through_the_citizen_path():
    case = _waiting()
    with pytest.raises(NotFound):
        supplements.submit_supplement(
            dossier=case.dossier, citizen=case.office.receiver, uploads=[Upload(name="a.pdf", content=PDF)]
        )


def test_a_dossier_not_waiting_for_a_supplement_is_refused():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.examining()
    with pytest.raises(InvalidTransition) as refused:
        supplements.submit_supplement(
            dossier=dossier, citizen=case.citizen, uploads=[Upload(name="a.pdf", content=PDF)]
        )
    assert refused.value.code == "dossier.supplement_not_waiting"
    assert "không ở trạng thái chờ bổ sung" in refused.value.message_vi


def test_the_answer_is_taken_once():
    case = _waiting()
    at = case.dossier.paused_at + dt.timedelta(hours=1)
    supplements.submit_supplement(
        dossier=case.dossier, citizen=case.citizen, uploads=[Upload(name="a.pdf", content=PDF)], at=at
    )
    with pytest.raises(InvalidTransition) as refused:
        supplements.submit_supplement(
            dossier=case.dossier, citizen=case.citizen, uploads=[Upload(name="b.pdf", content=PDF)], at=at
        )
    assert refused.value.code == "dossier.supplement_not_waiting"


def test_an_answer_without_a_file_is_refused():
    case = _waiting()
    written = _written(case.dossier)
    with pytest.raises(ValidationFailed) as refused:
        supplements.submit_supplement(dossier=case.dossier, citizen=case.citizen, uploads=[])
    assert (refused.value.code, refused.value.field) == ("dossier.files_missing", "files")
    assert _written(case.dossier) == written


def test_a_fake_pdf_is_refused_in_vietnamese_and_nothing_is_stored(django_capture_on_commit_callbacks):
    case = _waiting()
    written = _written(case.dossier)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationFailed) as refused,
    ):
        supplements.submit_supplement(
            dossier=case.dossier,
            citizen=case.citizen,
            uploads=[
                Upload(name="that.pdf", content=PDF),
                Upload(name="gia.pdf", content=b"MZ\x90\x00 not a pdf"),
            ],
        )
    assert (refused.value.code, refused.value.field) == ("dossier.file_type_not_allowed", "files")
    assert "“gia.pdf” không phải là tệp PDF, JPG, PNG" in refused.value.message_vi
    assert callbacks == []
    assert _written(case.dossier) == written
    assert Dossier.objects.get(pk=case.dossier.pk).national_status == 5


def test_an_oversized_file_is_refused(settings):
    settings.EGOV_UPLOAD_MAX_BYTES = 1024 * 1024
    case = _waiting()
    written = _written(case.dossier)
    with pytest.raises(ValidationFailed) as refused:
        supplements.submit_supplement(
            dossier=case.dossier,
            citizen=case.citizen,
            uploads=[Upload(name="lon.pdf", content=PDF + b"0" * (1024 * 1024))],
        )
    assert refused.value.code == "dossier.file_too_large"
    assert "lớn hơn 1 MB" in refused.value.message_vi
    assert _written(case.dossier) == written


def test_return_action_is_the_applicants_resume_from_the_supplement_step():
    case = _waiting()
    from egov.dossiers.services.processing import process_of

    process = process_of(case.dossier)
    action = supplements.return_action(process, "bo-sung")
    assert action is not None and action.code == "nop-bo-sung"
    assert supplements.return_action(process, "xu-ly") is None  # not a supplement step


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_answers_sent_at_once_resume_the_dossier_once():
    import threading

    from django.db import connection

    from egov.core.errors import DomainError

    case = _waiting()
    at = case.dossier.paused_at + dt.timedelta(hours=1)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def answer(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            supplements.submit_supplement(
                dossier=case.dossier,
                citizen=case.citizen,
                uploads=[Upload(name=f"{name}.pdf", content=PDF)],
                at=at,
            )
            outcomes[name] = "ok"
        except DomainError as error:
            outcomes[name] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(name,)) for name in ("tab-1", "tab-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes.values())) == ["dossier.supplement_not_waiting", "ok"]
    assert DossierEvent.objects.filter(dossier=case.dossier, action="nop-bo-sung").count() == 1
    assert DossierFile.objects.filter(dossier=case.dossier, kind="supplement").count() == 1
    assert Dossier.objects.get(pk=case.dossier.pk).national_status == 4
