"""Rollups kept by the use cases themselves: receipts, results, closures, online acceptance; the
rebuild command gives back exactly what the services counted."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from egov.core.errors import DomainError
from egov.dossiers import services
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.dossiers.statistics import rollups
from egov.dossiers.statistics.models import DailyRollup
from egov.dossiers.statistics.rules import Finish
from tests.dossiers.factories import MONDAY_MORNING, VN, make_counter, receive
from tests.dossiers.statistics_factories import (
    EARLY,
    LATE,
    ON_TIME,
    close,
    file_online,
    nonzero,
    staff,
    table,
    walk_to_result,
)
from tests.organizations.factories import make_agency

MONDAY = MONDAY_MORNING.date()


def row(counter, day=MONDAY) -> dict[str, int]:
    return nonzero(table().get((counter.agency.pk, counter.procedure.pk, day), {}))


@pytest.mark.django_db
def test_a_counter_receipt_counts_one_received_on_its_day():
    counter = make_counter()
    receive(counter)
    receive(counter, received_at=MONDAY_MORNING + dt.timedelta(hours=2))
    assert row(counter) == {"received": 2}
    assert DailyRollup.objects.count() == 1


@pytest.mark.django_db
def test_results_count_once_early_on_time_or_late_on_the_day_they_are_ready():
    counter = make_counter()
    people = staff(counter)
    for moment in (EARLY, ON_TIME, LATE):
        walk_to_result(receive(counter), counter, people, finished_at=moment)
    assert row(counter) == {"received": 3}
    assert row(counter, EARLY.date()) == {"finished_early": 1}
    assert row(counter, ON_TIME.date()) == {"finished_on_time": 1}
    assert row(counter, LATE.date()) == {"finished_late": 1}


@pytest.mark.django_db
def test_steps_that_do_not_finish_move_no_counter():
    counter = make_counter()
    people = staff(counter)
    dossier = receive(counter)
    before = table()
    dossier = services.act(
        dossier=dossier,
        action_code="chuyen-xu-ly",
        actor=counter.officer,
        at=MONDAY_MORNING + dt.timedelta(hours=1),
    )
    services.act(dossier=dossier, action_code="trinh-ky", actor=people.specialist, at=EARLY)
    assert table() == before


@pytest.mark.django_db
def test_a_refused_action_leaves_the_rollups_as_they_were():
    counter = make_counter()
    people = staff(counter)
    dossier = receive(counter)
    before = table()
    with pytest.raises(DomainError):
        services.act(dossier=dossier, action_code="trinh-ky", actor=people.specialist, at=EARLY)
    assert table() == before


@pytest.mark.django_db
def test_an_online_dossier_counts_as_received_when_accepted_on_its_submission_day():
    counter = make_counter()
    dossier = file_online(counter)
    assert row(counter) == {}
    services.accept_online(dossier=dossier, officer=counter.officer, at=MONDAY_MORNING + dt.timedelta(days=1))
    assert row(counter) == {"received": 1, "received_online": 1}


@pytest.mark.django_db
def test_an_online_dossier_refused_at_registration_is_refused_not_received():
    counter = make_counter()
    dossier = file_online(counter)
    close(dossier, NationalStatus.NOT_RECEIVED, at=MONDAY_MORNING + dt.timedelta(hours=3))
    assert row(counter) == {"refused": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "counter_name"),
    [
        (NationalStatus.NOT_RECEIVED, "refused"),
        (NationalStatus.WITHDRAWAL_REQUESTED, "withdrawn"),
        (NationalStatus.STOPPED, "stopped"),
    ],
)
def test_a_closure_counts_on_its_day_and_never_as_finished(status, counter_name):
    counter = make_counter()
    dossier = receive(counter)
    close(dossier, status, at=EARLY)
    assert row(counter) == {"received": 1}
    assert row(counter, EARLY.date()) == {counter_name: 1}


@pytest.mark.django_db
def test_lateness_is_judged_against_the_legal_due_not_the_extended_one():
    counter = make_counter()
    dossier = receive(counter)
    dossier.due_at = LATE + dt.timedelta(days=3)  # a form-04 appointment after the legal due
    dossier.finished_at = LATE
    facts = rollups.facts(dossier)
    assert facts is not None
    assert (facts.finished, facts.finished_day) == (Finish.LATE, LATE.date())


@pytest.mark.django_db
def test_the_frozen_snapshot_decides_when_there_is_one():
    counter = make_counter()
    dossier = receive(counter)
    dossier.frozen = {
        "at": EARLY.isoformat(),
        "started_at": dossier.started_at.isoformat(),
        "due_at": dossier.due_at.isoformat(),
        "original_due_at": dossier.original_due_at.isoformat(),
        "paused_hours": "0",
    }
    dossier.finished_at = LATE  # the result was picked up later: not charged
    facts = rollups.facts(dossier)
    assert facts is not None
    assert (facts.finished, facts.finished_day) == (Finish.EARLY, EARLY.date())


@pytest.mark.django_db
def test_a_dossier_processed_by_a_department_counts_for_the_department():
    counter = make_counter()
    dossier = receive(counter)
    department = make_agency(counter.agency, name="Phòng Quản lý đô thị")
    Dossier.objects.filter(pk=dossier.pk).update(processing_agency=department)
    dossier.refresh_from_db()
    facts = rollups.facts(dossier)
    assert facts is not None and facts.agency_id == department.pk


def _scenario():
    counter = make_counter()
    people = staff(counter)
    walk_to_result(receive(counter), counter, people, finished_at=EARLY)
    walk_to_result(receive(counter), counter, people, finished_at=LATE)
    close(receive(counter), NationalStatus.STOPPED, at=ON_TIME)
    online = file_online(counter)
    services.accept_online(dossier=online, officer=counter.officer, at=EARLY)
    file_online(counter)  # never accepted
    receive(counter, received_at=dt.datetime(2025, 8, 4, 9, 0, tzinfo=VN))
    return counter


@pytest.mark.django_db
def test_rebuilding_gives_back_exactly_what_the_services_counted():
    counter = _scenario()
    incremental = table()
    assert sum(counts["received"] for counts in incremental.values()) == 5
    out = io.StringIO()
    call_command("dossier_stats", "rebuild", stdout=out)
    assert table() == incremental
    assert "Đã tính lại số liệu thống kê (toàn bộ)" in out.getvalue()
    assert row(counter) == {"received": 4, "received_online": 1}


@pytest.mark.django_db
def test_rebuilding_from_a_day_repairs_only_the_days_from_then_on():
    counter = _scenario()
    incremental = table()
    DailyRollup.objects.filter(day=LATE.date()).update(finished_late=7)
    DailyRollup.objects.filter(day=MONDAY).update(received=99)
    out = io.StringIO()
    call_command("dossier_stats", "rebuild", "--from", LATE.date().isoformat(), stdout=out)
    repaired = table()
    assert (
        repaired[(counter.agency.pk, counter.procedure.pk, LATE.date())]
        == incremental[(counter.agency.pk, counter.procedure.pk, LATE.date())]
    )
    assert repaired[(counter.agency.pk, counter.procedure.pk, MONDAY)]["received"] == 99  # before --from
    assert "từ ngày 11/07/2025" in out.getvalue()


@pytest.mark.django_db
def test_a_linked_child_is_counted_apart_from_its_origin():
    counter = make_counter()
    origin = receive(counter)
    child = receive(counter)
    Dossier.objects.filter(pk=child.pk).update(origin=origin)
    rollups.rebuild()
    assert row(counter) == {"received": 1, "linked_received": 1}


def test_the_rebuild_command_refuses_a_malformed_date():
    from django.core.management.base import CommandError

    from egov.dossiers.management.commands.dossier_stats import parse_day

    with pytest.raises(CommandError):
        parse_day("11/07/2025")
    assert parse_day("2025-07-11") == dt.date(2025, 7, 11)


def test_the_on_time_rate_of_figures():
    from egov.dossiers.statistics.selectors import Figures

    figures = Figures(finished_early=1, finished_on_time=2, finished_late=1)
    assert figures.on_time_rate == Decimal("75.0")
    assert Figures().on_time_rate is None
