"""The dossier row and the pure state convert both ways without losing anything."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from egov.core.calendar_store import builtin_calendar
from egov.dossiers.domain import clock as clocks
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.domain.transitions import close
from egov.dossiers.models import Dossier
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive

CALENDAR = builtin_calendar()


def _reloaded(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


@pytest.mark.django_db
def test_a_received_dossier_reads_back_the_state_it_was_saved_with():
    dossier = receive(make_counter())
    state = dossier.state()
    assert _reloaded(dossier).state() == state
    assert state.status == NationalStatus.RECEIVED
    assert state.closure is None


@pytest.mark.django_db
def test_paused_extended_and_frozen_clock_survives_a_round_trip():
    dossier = receive(make_counter())
    state = dossier.state()
    extended = clocks.extend(
        state.clock,
        at=MONDAY_MORNING + dt.timedelta(hours=1),
        new_due=state.clock.due_at + dt.timedelta(days=2),
        reason="Cần xác minh thực địa",
    )
    frozen = clocks.freeze(extended, at=MONDAY_MORNING + dt.timedelta(hours=2), calendar=CALENDAR)
    paused = clocks.pause(
        frozen, at=MONDAY_MORNING + dt.timedelta(hours=3), reason_status=NationalStatus.SUPPLEMENT_REQUESTED
    )
    paused = dataclasses.replace(paused, paused_hours=Decimal("2.5"))
    new_state = dataclasses.replace(state, status=NationalStatus.SUPPLEMENT_REQUESTED, clock=paused)

    dossier.apply_state(new_state)
    dossier.save()

    reloaded = _reloaded(dossier).state()
    assert reloaded == new_state
    assert reloaded.clock.extensions[0].reason == "Cần xác minh thực địa"
    assert reloaded.clock.frozen is not None
    assert reloaded.clock.paused_for == NationalStatus.SUPPLEMENT_REQUESTED


@pytest.mark.django_db
def test_closure_survives_a_round_trip():
    dossier = receive(make_counter())
    closed = close(
        dossier.state(),
        status=NationalStatus.WITHDRAWAL_REQUESTED,
        at=MONDAY_MORNING + dt.timedelta(hours=1),
        reason="Công dân xin rút hồ sơ",
    )
    dossier.apply_state(closed)
    dossier.save()
    reloaded = _reloaded(dossier)
    assert reloaded.state() == closed
    assert reloaded.national_status == 7
    assert reloaded.closure_reason == "Công dân xin rút hồ sơ"


@pytest.mark.django_db
def test_reopening_a_state_clears_the_closure_fields():
    dossier = receive(make_counter())
    open_state = dossier.state()
    dossier.apply_state(close(open_state, status=NationalStatus.STOPPED, at=MONDAY_MORNING, reason="Dừng"))
    dossier.apply_state(open_state)
    assert (dossier.closed_at, dossier.closure_status, dossier.closure_reason) == (None, None, "")


@pytest.mark.django_db
def test_national_status_outside_1_to_10_is_refused_by_the_database():
    dossier = receive(make_counter())
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(national_status=11)


@pytest.mark.django_db
def test_dossier_codes_are_unique():
    dossier = receive(make_counter())
    copy = _reloaded(dossier)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
