"""The public view of a dossier: what it holds, and what it never holds."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from egov.core.errors import NotFound
from egov.dossiers import lookup
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import DossierEvent
from tests.dossiers.factories import APPLICANT, VN, make_counter, receive


def test_short_moment_is_written_in_vietnam_time_with_day_month_year():
    moment = dt.datetime(2025, 2, 3, 8, 30, tzinfo=dt.UTC)  # 15:30 in Vietnam
    assert lookup.short_moment(moment) == "15 giờ 30 phút, ngày 03/02/2025"


def test_short_moment_pads_hours_and_minutes():
    assert (
        lookup.short_moment(dt.datetime(2025, 11, 21, 8, 5, tzinfo=VN)) == "08 giờ 05 phút, ngày 21/11/2025"
    )


def test_normalize_code_drops_blanks_and_upper_cases_letters():
    assert lookup.normalize_code("  000.00.12.h57-250707-0001 ") == "000.00.12.H57-250707-0001"


def test_public_dossier_has_no_field_for_personal_data():
    names = {field.name for field in dataclasses.fields(lookup.PublicDossier)}
    assert not names & {"applicant_name", "applicant_citizen_id", "applicant_phone", "owner", "received_by"}


@pytest.mark.django_db
def test_public_dossier_shows_procedure_agency_status_and_clock():
    counter = make_counter()
    dossier = receive(counter)
    public = lookup.public_dossier(dossier.code)
    assert public.code == dossier.code
    assert public.procedure_name == counter.version.name
    assert public.procedure_code == counter.procedure.national_code
    assert public.agency_name == counter.agency.name
    assert public.status == NationalStatus(dossier.national_status)
    assert public.status_label == NationalStatus(dossier.national_status).label
    assert public.received_at == dossier.received_at
    assert public.due_at == dossier.due_at
    assert public.finished_at is None and public.returned_at is None


@pytest.mark.django_db
def test_public_dossier_lists_each_timeline_event_as_a_named_step():
    dossier = receive(make_counter())
    public = lookup.public_dossier(dossier.code)
    events = list(dossier.events.order_by("at", "pk"))
    assert len(public.steps) == len(events) >= 1
    assert [step.at for step in public.steps] == [event.at for event in events]
    assert public.steps[0].name == "Tiếp nhận hồ sơ"  # the process's step name, not its code
    assert public.steps[0].name != events[0].to_step


@pytest.mark.django_db
def test_public_dossier_is_found_whatever_the_case_of_the_typed_code():
    dossier = receive(make_counter())
    assert lookup.public_dossier(f" {dossier.code.lower()} ").code == dossier.code


@pytest.mark.django_db
def test_public_dossier_carries_no_personal_value():
    dossier = receive(make_counter())
    text = repr(lookup.public_dossier(dossier.code))
    for value in (APPLICANT["full_name"], APPLICANT["citizen_id"], APPLICANT["phone"], APPLICANT["email"]):
        assert value not in text
    assert "Lê Thị Mai" not in text  # the receiving officer


@pytest.mark.django_db
def test_unknown_code_raises_dossier_not_found():
    with pytest.raises(NotFound) as caught:
        lookup.public_dossier("000.00.12.H57-250707-9999")
    assert caught.value.code == "dossier.not_found"


@pytest.mark.django_db
def test_public_dossier_gives_finished_and_returned_moments_once_the_result_is_handed_over():
    dossier = receive(make_counter())
    finished = dt.datetime(2025, 7, 9, 14, 0, tzinfo=VN)
    returned = dt.datetime(2025, 7, 10, 8, 15, tzinfo=VN)
    dossier.finished_at = finished
    dossier.national_status = int(NationalStatus.RESULT_RETURNED)
    dossier.save(update_fields=["finished_at", "national_status"])
    DossierEvent.objects.create(
        dossier=dossier,
        action="return",
        at=returned,
        from_step="tiep-nhan",
        to_step="tra-ket-qua",
        status_before=int(NationalStatus.PROCESSED),
        status_after=int(NationalStatus.RESULT_RETURNED),
        receiver_name=APPLICANT["full_name"],
    )
    public = lookup.public_dossier(dossier.code)
    assert public.finished_at == finished
    assert public.returned_at == returned
    assert public.status_label == "Đã trả kết quả"
    assert [step.name for step in public.steps] == ["Tiếp nhận hồ sơ", "Trả kết quả"]
    assert APPLICANT["full_name"] not in repr(public)
