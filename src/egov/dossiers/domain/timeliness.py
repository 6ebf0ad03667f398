"""On-time classification of dossiers and steps (DOMAIN.md §3, Thông tư 03/2025/TT-VPCP).

Finished: *trước hạn* — finished before the working session in which the due moment falls has
started; *đúng hạn* — by the due moment; *quá hạn* — after it. Open: *chưa đến hạn* or *quá hạn*.
Lateness is counted against the original due (``Clock.original_due_at``), never the form-04 one.
Some provinces compare by date only: ``compare="date"`` (a province setting).
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from egov.core.calendar import VIETNAM, WorkingCalendar
from egov.dossiers.domain.clock import due_if_resumed
from egov.dossiers.domain.state import DossierState

Compare = Literal["moment", "date"]


class Timeliness(enum.StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    NOT_YET_DUE = "not_yet_due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return TIMELINESS_LABELS[self]

    @property
    def counts_as_on_time(self) -> bool:
        """On-time rate = (trước hạn + đúng hạn) / finished."""
        return self in (Timeliness.EARLY, Timeliness.ON_TIME)


TIMELINESS_LABELS: dict[Timeliness, str] = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
    Timeliness.NOT_YET_DUE: "Chưa đến hạn",
    Timeliness.OVERDUE: "Quá hạn",
}


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


def due_session_start(due_at: datetime, calendar: WorkingCalendar) -> datetime:
    """The start of the working session in which ``due_at`` falls.

    A due at a session's end belongs to that session (17:00 → 13:00 the same day). A due outside
    working time (an appointment an officer set at 12:00, say) belongs to the last session that
    started before it; with none in the preceding 60 days the due itself is the threshold.
    """
    local = due_at.astimezone(VIETNAM)
    day = local.date()
    for _ in range(60):
        starts = [
            datetime.combine(day, session.start, tzinfo=VIETNAM) for session in calendar.sessions_on(day)
        ]
        before = [start for start in starts if start <= local]
        if before:
            return before[-1]
        day -= timedelta(days=1)
    return local


def classify(
    *,
    due_at: datetime,
    calendar: WorkingCalendar,
    finished_at: datetime | None = None,
    at: datetime | None = None,
    compare: Compare = "moment",
) -> Timeliness:
    """Classify a finished item (``finished_at``) or an open one at ``at`` against ``due_at``."""
    if finished_at is None:
        if at is None:
            raise ValueError("classify() needs finished_at, or at for an open dossier")
        late = _local_day(at) > _local_day(due_at) if compare == "date" else at > due_at
        return Timeliness.OVERDUE if late else Timeliness.NOT_YET_DUE
    if compare == "date":
        finished_day, due_day = _local_day(finished_at), _local_day(due_at)
        if finished_day > due_day:
            return Timeliness.LATE
        return Timeliness.EARLY if finished_day < due_day else Timeliness.ON_TIME
    if finished_at > due_at:
        return Timeliness.LATE
    if finished_at < due_session_start(due_at, calendar):
        return Timeliness.EARLY
    return Timeliness.ON_TIME


def timeliness(
    state: DossierState, *, at: datetime, calendar: WorkingCalendar, compare: Compare = "moment"
) -> Timeliness | None:
    """The dossier's classification at ``at``, against its original due.

    A frozen clock is judged at its snapshot, a finished one at ``finished_at``; a paused open dossier
    is judged as if it resumed at ``at`` (paused time is not charged). None for a dossier closed without
    a result (refused, withdrawn, stopped): it is not in the on-time statistics.
    """
    if state.closure is not None:
        return None
    clock = state.clock
    if clock.frozen is not None:
        return classify(
            finished_at=clock.frozen.at,
            due_at=clock.frozen.original_due_at,
            calendar=calendar,
            compare=compare,
        )
    if clock.finished_at is not None:
        return classify(
            finished_at=clock.finished_at, due_at=clock.original_due_at, calendar=calendar, compare=compare
        )
    current = due_if_resumed(clock, at=at, calendar=calendar)
    return classify(at=at, due_at=current.original_due_at, calendar=calendar, compare=compare)


def due_soon(
    state: DossierState, *, at: datetime, within_hours: Decimal | int, calendar: WorkingCalendar
) -> bool:
    """Inbox tab "sắp đến hạn": open, running, the appointment not passed and at most ``within_hours``
    working hours away. Paused dossiers belong to the "waiting for the applicant" tab instead."""
    if not state.is_open or state.clock.is_paused or at > state.clock.due_at:
        return False
    return calendar.working_time_between(at, state.clock.due_at) <= Decimal(within_hours)
