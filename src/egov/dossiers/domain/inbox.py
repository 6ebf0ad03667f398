"""The officers' inbox (hộp hồ sơ) as plain rules: which tabs a dossier belongs to, how far away its
due moment is, and the badge shown beside it. No Django import: `egov.dossiers.inbox` writes the same
rules as SQL filters, and the tests check that both agree.

Tabs (an open dossier is in exactly one of *new*, *in progress*, *waiting*; *due soon* and *overdue*
are alerts over the open dossiers whose clock runs):

- ``new``: online and not yet accepted (status 1), or received (status 2) and still at the initial
  step of its process;
- ``in_progress``: open, the clock running, past the initial step;
- ``due_soon``: open, the clock running, the appointment not passed and at most one working day
  (``DUE_SOON_HOURS``) away (`domain.timeliness.due_soon`);
- ``overdue``: open, the clock running, the appointment (``due_at``) passed;
- ``waiting``: waiting for the applicant: supplement requested (5) or financial obligation (6), or
  any paused clock;
- ``finished``: finished or closed (refused, withdrawn, stopped) in the last ``FINISHED_DAYS`` days.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from egov.core.calendar import WorkingCalendar

DUE_SOON_HOURS = Decimal("8")
""""Sắp đến hạn": at most one working day (8 working hours) before the appointment."""
FINISHED_DAYS = 30
"""The "finished" tab lists dossiers finished or closed in the last 30 days."""
HOURS_PER_DAY = Decimal("8")

NEW_STATUSES = frozenset({1, 2})
WAITING_STATUSES = frozenset({5, 6})
OPEN_STATUSES = frozenset({1, 2, 4, 5, 6, 9})
"""Statuses an open dossier can report (9: result ready, not yet returned). Closed dossiers report
3, 7 or 8; a returned one 10. Filters use them so the (agency, status, due) index applies."""


class Tab(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    WAITING = "waiting"
    FINISHED = "finished"


TAB_ORDER: tuple[Tab, ...] = (
    Tab.NEW,
    Tab.IN_PROGRESS,
    Tab.DUE_SOON,
    Tab.OVERDUE,
    Tab.WAITING,
    Tab.FINISHED,
)


@dataclass(frozen=True)
class InboxFacts:
    """What the tab rules read of a dossier (its stored fields, plus whether its step is the initial
    step of its process)."""

    status: int
    at_initial_step: bool
    due_at: datetime
    paused_at: datetime | None = None
    finished_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.finished_at is None and self.closed_at is None and self.status in OPEN_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING_STATUSES or self.paused_at is not None

    @property
    def clock_runs(self) -> bool:
        return self.is_open and not self.is_waiting

    @property
    def is_new(self) -> bool:
        return self.status == 1 or (self.status == 2 and self.at_initial_step)

    @property
    def ended_at(self) -> datetime | None:
        return self.finished_at or self.closed_at


@dataclass(frozen=True)
class Moments:
    """The moments the tabs are decided at: now, the due-soon limit and the finished-since limit."""

    now: datetime
    due_soon_until: datetime
    finished_since: datetime


def due_soon_until(now: datetime, calendar: WorkingCalendar, hours: Decimal = DUE_SOON_HOURS) -> datetime:
    """The latest appointment that is "due soon" at ``now``: ``hours`` working hours ahead, stretched
    over the non-working time that follows (nothing is worked between a session's end and the next
    start, so an appointment in that gap is still within ``hours``). Agrees with
    `domain.timeliness.due_soon`: a running dossier with ``now <= due_at`` is due soon exactly when
    ``due_at <= due_soon_until(now)``."""
    return calendar.next_session_start(calendar.add_working_time(now, hours))


def moments(now: datetime, calendar: WorkingCalendar) -> Moments:
    return Moments(
        now=now,
        due_soon_until=due_soon_until(now, calendar),
        finished_since=now - timedelta(days=FINISHED_DAYS),
    )


def tabs_of(facts: InboxFacts, at: Moments) -> frozenset[Tab]:
    """Every tab ``facts`` belongs to at ``at``."""
    if not facts.is_open:
        ended = facts.ended_at
        # A status outside OPEN_STATUSES without an end moment does not happen; it is in no tab.
        return frozenset({Tab.FINISHED}) if ended is not None and ended >= at.finished_since else frozenset()
    if facts.is_waiting:
        return frozenset({Tab.WAITING})
    tabs = {Tab.NEW if facts.is_new else Tab.IN_PROGRESS}
    if facts.due_at < at.now:
        tabs.add(Tab.OVERDUE)
    elif facts.due_at <= at.due_soon_until:
        tabs.add(Tab.DUE_SOON)
    return frozenset(tabs)


class BadgeKind(enum.StrEnum):
    OVERDUE = "overdue"
    HOURS_LEFT = "hours_left"
    DAYS_LEFT = "days_left"
    WAITING = "waiting"


@dataclass(frozen=True)
class DueBadge:
    """ "quá hạn 2 ngày", "còn 5 giờ", "còn 3 ngày", "chờ công dân"; ``amount`` in working days or
    hours."""

    kind: BadgeKind
    amount: int = 0


def due_badge(facts: InboxFacts, *, now: datetime, calendar: WorkingCalendar) -> DueBadge | None:
    """The badge beside an open dossier: working days late (rounded up, at least 1), working hours
    left while at most a working day remains (rounded up), else whole working days left. None for
    a finished or closed dossier."""
    if not facts.is_open:
        return None
    if facts.is_waiting:
        return DueBadge(BadgeKind.WAITING)
    if facts.due_at < now:
        late = calendar.working_time_between(facts.due_at, now)
        return DueBadge(BadgeKind.OVERDUE, max(1, math.ceil(late / HOURS_PER_DAY)))
    left = calendar.working_time_between(now, facts.due_at)
    if left <= DUE_SOON_HOURS:
        return DueBadge(BadgeKind.HOURS_LEFT, max(1, math.ceil(left)) if left > 0 else 0)
    return DueBadge(BadgeKind.DAYS_LEFT, int(left // HOURS_PER_DAY))
