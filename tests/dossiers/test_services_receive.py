"""Receiving a walk-in dossier at the one-stop counter (services.receive_at_counter)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import ProtectedError
from django.test import override_settings

from egov.core.errors import PermissionDenied, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent, DossierPaper
from egov.organizations.models import Role
from egov.procedures.models import ProcedureVersion
from tests.accounts.factories import make_officer
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, VN, make_counter, receive
from tests.procedures.factories import make_published_version


def _nothing_saved() -> bool:
    return (
        not Dossier.objects.exists()
        and not AuditEntry.objects.filter(action="dossier.received").exists()
        and not OutboxEvent.objects.filter(topic="dossier.received").exists()
    )


@pytest.mark.django_db
def test_receipt_after_work_starts_clock_next_morning():
    counter = make_counter()  # 3 working days = 24 working hours
    dossier = receive(counter, received_at=dt.datetime(2025, 7, 7, 17, 30, tzinfo=VN))
    assert dossier.started_at == dt.datetime(2025, 7, 8, 7, 30, tzinfo=VN)
    # Tue, Wed, Thu: three full working days from Tuesday morning end Thursday at 17:00.
    assert dossier.due_at == dt.datetime(2025, 7, 10, 17, 0, tzinfo=VN)
    assert dossier.original_due_at == dossier.due_at
    assert dossier.national_status == 2
    assert dossier.step == "tiep-nhan"


@pytest.mark.django_db
def test_single_day_procedure_received_after_cutoff_is_due_end_of_next_working_day():
    counter = make_counter(single_day_cutoff=dt.time(15, 0))
    dossier = receive(counter, received_at=dt.datetime(2025, 7, 11, 15, 30, tzinfo=VN))  # a Friday
    assert dossier.due_at == dt.datetime(2025, 7, 14, 17, 0, tzinfo=VN)


@pytest.mark.django_db
def test_codes_follow_the_agency_date_sequence_pattern():
    counter = make_counter(agency_identifier="000.00.12.H57")
    first = receive(counter)
    second = receive(counter, received_at=MONDAY_MORNING + dt.timedelta(minutes=5))
    next_day = receive(counter, received_at=MONDAY_MORNING + dt.timedelta(days=1))
    assert first.code == "000.00.12.H57-250707-0001"
    assert second.code == "000.00.12.H57-250707-0002"
    assert next_day.code == "000.00.12.H57-250708-0001"


@pytest.mark.django_db
@override_settings(EGOV_DOSSIER_CODE_PATTERN="{agency_short}-{yyyymmdd}-{seq:7,yearly}")
def test_code_pattern_is_the_configured_one():
    dossier = receive(make_counter())
    assert dossier.code == "TTPVHCC-20250707-0000001"


@pytest.mark.django_db
def test_receipt_records_applicant_papers_timeline_audit_and_event():
    counter = make_counter()
    dossier = receive(counter, eform_document={"dien_tich": 120})
    assert dossier.version == counter.version
    assert dossier.channel == Dossier.Channel.COUNTER
    assert dossier.applicant_name == "Nguyễn Thị Hương"
    assert dossier.applicant_phone == "0905123456"
    assert dossier.applicant_citizen_id == "046195000123"
    assert dossier.eform_document == {"dien_tich": 120}
    assert DossierPaper.objects.filter(dossier=dossier).count() == 3
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.to_step, event.status_after) == ("receive", "tiep-nhan", 2)
    assert event.receiver == counter.officer
    assert event.giver_name == "Nguyễn Thị Hương"
    entry = AuditEntry.objects.get(action="dossier.received")
    assert entry.object_id == str(dossier.pk)
    assert entry.after["code"] == dossier.code
    outbox = OutboxEvent.objects.get(topic="dossier.received")
    assert outbox.payload == {
        "code": dossier.code,
        "agency": "000.00.12.H57",
        "channel": "counter",
        "national_status": 2,
        "due_at": dossier.due_at.isoformat(),
    }


@pytest.mark.django_db
def test_optional_paper_may_be_left_out_and_counts_default_to_the_list():
    counter = make_counter()
    required = [paper for paper in counter.version.papers.all() if paper.is_required]
    dossier = receive(counter, papers=[services.PaperReceipt(paper_id=paper.pk) for paper in required])
    received = {paper.name: (paper.originals, paper.copies) for paper in dossier.papers.all()}
    assert received == {"Tờ khai theo mẫu": (1, 0), "Bản sao giấy chứng nhận quyền sử dụng đất": (0, 1)}


@pytest.mark.django_db
def test_missing_required_papers_are_all_listed_and_nothing_is_saved():
    counter = make_counter()
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, papers=[])
    assert caught.value.code == "dossier.papers_missing"
    assert caught.value.field == "papers"
    assert "Tờ khai theo mẫu" in caught.value.message_vi
    assert "Bản sao giấy chứng nhận quyền sử dụng đất" in caught.value.message_vi
    assert "Ảnh chụp hiện trạng" not in caught.value.message_vi
    assert _nothing_saved()


@pytest.mark.django_db
def test_paper_of_another_procedure_is_refused():
    counter = make_counter()
    other = make_published_version()
    stray = services.PaperReceipt(paper_id=other.papers.first().pk)
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, papers=[*counter.all_papers(), stray])
    assert caught.value.code == "dossier.paper_unknown"
    assert _nothing_saved()


@pytest.mark.django_db
def test_no_version_in_force_at_receipt_is_refused_in_vietnamese():
    counter = make_counter(effective_from=dt.date(2025, 8, 1))
    with pytest.raises(ValidationFailed) as caught:
        receive(counter)  # 7 July 2025: the only version starts in August
    assert caught.value.code == "dossier.no_version_in_force"
    assert "không có phiên bản nào có hiệu lực" in caught.value.message_vi
    assert _nothing_saved()


@pytest.mark.django_db
def test_dossier_binds_to_the_version_in_force_when_received():
    counter = make_counter()
    newer = make_published_version(
        counter.procedure, agency=counter.agency, effective_from=dt.date(2025, 9, 1)
    )
    assert receive(counter).version == counter.version
    september = receive(counter, received_at=dt.datetime(2025, 9, 2, 9, 0, tzinfo=VN), papers=[
        services.PaperReceipt(paper_id=paper.pk) for paper in newer.papers.all()
    ])  # fmt: skip
    assert september.version == newer
    with pytest.raises(ProtectedError):  # a dossier keeps the version it was received under
        ProcedureVersion.objects.filter(pk=counter.version.pk).delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("full_name", "", "identity.full_name_invalid"),
        ("citizen_id", "12345", "identity.citizen_id_invalid"),
        ("phone", "12345", "identity.phone_invalid"),
        ("email", "khong-hop-le", "identity.email_invalid"),
    ],
)
def test_invalid_applicant_field_is_refused_beside_the_field(field, value, code):
    counter = make_counter()
    with pytest.raises(ValidationFailed) as caught:
        receive(counter, applicant={**APPLICANT, field: value})
    assert (caught.value.code, caught.value.field) == (code, field)
    assert _nothing_saved()


@pytest.mark.django_db
def test_officer_without_receiver_role_may_not_receive():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        receive(counter, officer=specialist)
    assert _nothing_saved()


@pytest.mark.django_db
def test_receiver_of_another_agency_may_not_receive_here():
    counter = make_counter()
    elsewhere = make_counter(agency_identifier="000.00.13.H57")
    with pytest.raises(PermissionDenied):
        receive(counter, officer=elsewhere.officer)
    assert _nothing_saved()
