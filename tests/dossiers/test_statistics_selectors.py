"""Open dossiers counted live (not yet due / overdue / awaiting acceptance) and period sums."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from egov.dossiers.models import Dossier
from egov.dossiers.statistics import rules, selectors
from tests.dossiers.factories import MONDAY_MORNING, VN, make_counter, receive
from tests.dossiers.statistics_factories import DUE, EARLY, file_online, staff, walk_to_result

BY_AGENCY = selectors.BY_AGENCY


def open_now(counter, at, **options):
    return selectors.open_counts([counter.agency.pk], at=at, by=BY_AGENCY, **options).get(
        counter.agency.pk, {}
    )


@pytest.mark.django_db
def test_an_open_dossier_is_not_yet_due_until_its_legal_due_then_overdue():
    counter = make_counter()
    receive(counter)
    assert open_now(counter, DUE - dt.timedelta(minutes=1)) == {
        "awaiting": 0,
        "open_not_yet_due": 1,
        "open_overdue": 0,
    }
    assert open_now(counter, DUE + dt.timedelta(minutes=1))["open_overdue"] == 1


@pytest.mark.django_db
def test_an_extended_appointment_does_not_hide_an_overdue_dossier():
    counter = make_counter()
    dossier = receive(counter)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=DUE + dt.timedelta(days=5))
    assert open_now(counter, DUE + dt.timedelta(days=1))["open_overdue"] == 1


@pytest.mark.django_db
def test_compared_by_date_a_dossier_is_overdue_only_the_day_after_its_due():
    counter = make_counter()
    receive(counter)
    evening = dt.datetime(2025, 7, 10, 20, 0, tzinfo=VN)  # the due day (Thursday), after the due moment
    assert open_now(counter, evening, compare="date")["open_overdue"] == 0
    assert open_now(counter, evening)["open_overdue"] == 1
    assert open_now(counter, evening + dt.timedelta(hours=5), compare="date")["open_overdue"] == 1


@pytest.mark.django_db
def test_a_paused_dossier_is_overdue_only_if_its_due_had_passed_when_it_was_paused():
    counter = make_counter()
    in_time = receive(counter)
    too_late = receive(counter)
    Dossier.objects.filter(pk=in_time.pk).update(paused_at=EARLY, paused_for=5, national_status=5)
    Dossier.objects.filter(pk=too_late.pk).update(
        paused_at=DUE + dt.timedelta(hours=2), paused_for=5, national_status=5
    )
    counts = open_now(counter, DUE + dt.timedelta(days=30))
    assert (counts["open_not_yet_due"], counts["open_overdue"]) == (1, 1)


@pytest.mark.django_db
def test_finished_closed_linked_and_online_registered_dossiers_are_not_open():
    counter = make_counter()
    people = staff(counter)
    walk_to_result(receive(counter), counter, people, finished_at=EARLY)
    origin = receive(counter)
    child = receive(counter)
    Dossier.objects.filter(pk=child.pk).update(origin=origin)
    file_online(counter)
    counts = open_now(counter, DUE + dt.timedelta(days=1))
    assert counts == {"awaiting": 1, "open_not_yet_due": 0, "open_overdue": 1}  # the origin only


@pytest.mark.django_db
def test_a_dossier_sits_under_the_agency_whose_inbox_it_is_in():
    counter = make_counter()
    dossier = receive(counter)
    other = make_counter(agency_identifier="000.00.13.H57")
    Dossier.objects.filter(pk=dossier.pk).update(current_agency=other.agency)
    found = selectors.open_counts([counter.agency.pk, other.agency.pk], at=MONDAY_MORNING, by=BY_AGENCY)
    assert set(found) == {other.agency.pk}


@pytest.mark.django_db
def test_period_sums_take_only_the_days_of_the_period():
    counter = make_counter()
    receive(counter)
    receive(counter, received_at=dt.datetime(2025, 8, 1, 9, 0, tzinfo=VN))
    ids = [counter.agency.pk]
    july = selectors.rollup_sums(ids, rules.period("month", 2025, 7), by=BY_AGENCY)
    quarter = selectors.rollup_sums(ids, rules.period("quarter", 2025, 3), by="procedure")
    assert july[counter.agency.pk]["received"] == 1
    assert quarter[counter.procedure.pk]["received"] == 2


@pytest.mark.django_db
@override_settings(EGOV_TIMELINESS_COMPARE="date")
def test_the_report_reads_the_timeliness_setting():
    counter = make_counter()
    receive(counter)
    evening = dt.datetime(2025, 7, 10, 20, 0, tzinfo=VN)
    report = selectors.report(agency=counter.agency, period=rules.period("month", 2025, 7), at=evening)
    assert (report.total.open_not_yet_due, report.total.open_overdue) == (1, 0)
