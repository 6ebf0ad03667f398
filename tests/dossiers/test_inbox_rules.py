"""The inbox's tab rules and due badges as plain functions (egov.dossiers.domain.inbox), no database."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from egov.core.calendar import VIETNAM
from egov.dossiers.domain import Clock, DossierState, NationalStatus, due_soon
from egov.dossiers.domain.inbox import (
    OPEN_STATUSES,
    BadgeKind,
    DueBadge,
    InboxFacts,
    Tab,
    due_badge,
    due_soon_until,
    moments,
    tabs_of,
)
from tests.dossiers.processes import CAL, vn

START = datetime(2025, 1, 1, tzinfo=VIETNAM)
instants = st.integers(0, 60 * 24 * 400).map(lambda minutes: START + timedelta(minutes=minutes))
statuses = st.integers(1, 10)


@st.composite
def facts(draw: st.DrawFn) -> InboxFacts:
    status = draw(statuses)
    ended = status not in OPEN_STATUSES or draw(st.booleans())
    end = draw(instants) if ended else None
    return InboxFacts(
        status=status,
        at_initial_step=draw(st.booleans()),
        due_at=draw(instants),
        paused_at=draw(st.none() | instants) if status in OPEN_STATUSES else None,
        finished_at=end if ended and status in (9, 10) else None,
        closed_at=end if ended and status not in (9, 10) else None,
    )


@settings(max_examples=300, deadline=None)
@given(now=instants, hours_ahead=st.integers(0, 60 * 24 * 10))
def test_due_soon_limit_agrees_with_the_timeliness_rule(now, hours_ahead):
    """A running dossier is "due soon" by the SQL limit exactly when `domain.due_soon` says so."""
    due = now + timedelta(minutes=hours_ahead)
    clock = Clock(
        received_at=now,
        started_at=now,
        due_at=due,
        original_due_at=due,
        step_started_at=now,
        step_due_at=None,
    )
    state = DossierState(step="xu-ly", status=NationalStatus.PROCESSING, clock=clock)
    assert due_soon(state, at=now, within_hours=8, calendar=CAL) is (due <= due_soon_until(now, CAL))


@settings(max_examples=500, deadline=None)
@given(item=facts(), now=instants)
def test_an_open_dossier_is_in_exactly_one_of_new_in_progress_waiting(item, now):
    tabs = tabs_of(item, moments(now, CAL))
    if item.is_open:
        assert len(tabs & {Tab.NEW, Tab.IN_PROGRESS, Tab.WAITING}) == 1
        assert Tab.FINISHED not in tabs
    else:
        assert tabs <= {Tab.FINISHED}
    assert not {Tab.DUE_SOON, Tab.OVERDUE} <= tabs
    if Tab.OVERDUE in tabs:
        assert item.due_at < now and item.paused_at is None and item.status not in (5, 6)
    if Tab.WAITING in tabs:
        assert item.status in (5, 6) or item.paused_at is not None
    if Tab.NEW in tabs:
        assert item.status == 1 or (item.status == 2 and item.at_initial_step)


@settings(max_examples=300, deadline=None)
@given(item=facts(), now=instants)
def test_the_badge_follows_the_tab(item, now):
    badge = due_badge(item, now=now, calendar=CAL)
    tabs = tabs_of(item, moments(now, CAL))
    if not item.is_open:
        assert badge is None
    elif Tab.WAITING in tabs:
        assert badge == DueBadge(BadgeKind.WAITING)
    elif Tab.OVERDUE in tabs:
        assert badge.kind == BadgeKind.OVERDUE and badge.amount >= 1
    elif Tab.DUE_SOON in tabs:
        assert badge.kind == BadgeKind.HOURS_LEFT and 0 <= badge.amount <= 8
    else:
        assert badge.kind == BadgeKind.DAYS_LEFT and badge.amount >= 1


def _open(due: datetime, **changes: object) -> InboxFacts:
    fields: dict[str, object] = {"status": 4, "at_initial_step": False, "due_at": due}
    fields.update(changes)
    return InboxFacts(**fields)  # type: ignore[arg-type]


MONDAY = vn(2025, 7, 7, 9)


def test_friday_afternoon_appointment_is_due_soon_on_thursday_afternoon_not_wednesday():
    due = vn(2025, 7, 11, 15)
    assert Tab.DUE_SOON in tabs_of(_open(due), moments(vn(2025, 7, 10, 15), CAL))
    assert Tab.DUE_SOON not in tabs_of(_open(due), moments(vn(2025, 7, 9, 15), CAL))


def test_monday_morning_appointment_is_due_soon_over_the_weekend():
    assert Tab.DUE_SOON in tabs_of(_open(vn(2025, 7, 14, 10)), moments(vn(2025, 7, 11, 16), CAL))


def test_an_appointment_passed_a_minute_ago_is_overdue_and_shows_one_day():
    now = MONDAY + timedelta(minutes=1)
    assert tabs_of(_open(MONDAY), moments(now, CAL)) == {Tab.IN_PROGRESS, Tab.OVERDUE}
    assert due_badge(_open(MONDAY), now=now, calendar=CAL) == DueBadge(BadgeKind.OVERDUE, 1)


def test_two_and_a_half_working_days_late_shows_three_days():
    due = vn(2025, 7, 7, 9)
    now = vn(2025, 7, 9, 13)  # Monday 09:00 → Wednesday 13:00: 6.5 + 8 + 4 = 18.5 working hours
    assert due_badge(_open(due), now=now, calendar=CAL) == DueBadge(BadgeKind.OVERDUE, 3)


def test_hours_left_are_working_hours_rounded_up():
    now = vn(2025, 7, 7, 16, 30)  # 0.5 h to 17:00, then 07:30 → 10:00 on Tuesday: 3 h in all
    assert due_badge(_open(vn(2025, 7, 8, 10)), now=now, calendar=CAL) == DueBadge(BadgeKind.HOURS_LEFT, 3)
    assert due_badge(_open(vn(2025, 7, 10, 10)), now=now, calendar=CAL) == DueBadge(BadgeKind.DAYS_LEFT, 2)


def test_new_is_status_1_or_status_2_at_the_initial_step():
    at = moments(MONDAY, CAL)
    later = MONDAY + timedelta(days=5)
    assert Tab.NEW in tabs_of(_open(later, status=1), at)
    assert Tab.NEW in tabs_of(_open(later, status=2, at_initial_step=True), at)
    assert tabs_of(_open(later, status=2), at) == {Tab.IN_PROGRESS}


def test_waiting_dossiers_are_never_overdue_and_finished_ones_leave_after_thirty_days():
    at = moments(MONDAY, CAL)
    assert tabs_of(_open(MONDAY - timedelta(days=9), status=5, paused_at=MONDAY), at) == {Tab.WAITING}
    done = _open(MONDAY, status=10, finished_at=MONDAY - timedelta(days=29))
    assert tabs_of(done, at) == {Tab.FINISHED}
    old = _open(MONDAY, status=8, closed_at=MONDAY - timedelta(days=31))
    assert tabs_of(old, at) == frozenset()
