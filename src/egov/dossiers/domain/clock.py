"""Clock effects of actions on a dossier's deadline (DOMAIN.md §4), as pure functions on `Clock`.

- start: on receipt; outside working time the clock starts at the next session start. Due =
  receipt + legal working hours; single-day procedures are due at the end of the same working day,
  or of the next one when received at or after the cut-off.
- pause: supplement requested (form 02) or waiting for the financial obligation; the due stops.
- resume: the due moves later by exactly the paused *working* time: ``due = add_working_time(resume,
  remaining)`` with ``remaining = working_time_between(pause, old due)``. Paused time is never charged.
- restart: the full legal time again from the restart moment (procedure setting for supplements).
- freeze: a snapshot of the clock for statistics.
- extend: form 04, before the current due passes; ``original_due_at`` is kept for lateness.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime, time
from decimal import Decimal

from egov.core.calendar import Hours, WorkingCalendar
from egov.core.vietnamese_dates import short_moment
from egov.dossiers.domain.errors import ExtensionRefused, InvalidTransition
from egov.dossiers.domain.state import Clock, ClockSnapshot, Extension, NationalStatus


class ClockEffect(enum.StrEnum):
    """What an action does to the clock (`procedures.Action.ClockEffect`)."""

    NONE = "none"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    RESTART = "restart"
    FREEZE = "freeze"
    EXTEND = "extend"


class SupplementClock(enum.StrEnum):
    """Per-procedure setting: after a supplement, resume with the remaining time or restart."""

    PAUSE_RESUME = "pause_resume"
    RESTART = "restart"


def legal_due(
    start: datetime, *, legal_hours: Hours, single_day_cutoff: time | None, calendar: WorkingCalendar
) -> datetime:
    """The due moment of a clock that starts (or restarts) at ``start``.

    Single-day procedures (``single_day_cutoff`` set): the end of the same working day, or of the next
    working day when ``start`` is at or after the cut-off or not on a working day. Otherwise
    ``legal_hours`` working hours from the next session start.
    """
    if single_day_cutoff is not None:
        return calendar.single_day_due(start, cutoff=single_day_cutoff)
    return calendar.add_working_time(start, legal_hours)


def started_clock(
    received_at: datetime,
    *,
    legal_hours: Hours,
    single_day_cutoff: time | None,
    calendar: WorkingCalendar,
) -> Clock:
    """The clock of a dossier received at ``received_at`` (step fields set by the caller)."""
    started = calendar.next_session_start(received_at)
    due = legal_due(
        received_at, legal_hours=legal_hours, single_day_cutoff=single_day_cutoff, calendar=calendar
    )
    return Clock(
        received_at=received_at,
        started_at=started,
        due_at=due,
        original_due_at=due,
        step_started_at=received_at,
        step_due_at=None,
    )


def _moved(
    due: datetime, *, paused_at: datetime, resumed_at: datetime, calendar: WorkingCalendar
) -> datetime:
    """``due`` moved later by the working time between ``paused_at`` and ``resumed_at``.

    When the due was still ahead at the pause, the remaining working time counts again from the resume
    moment; when it had already passed, the due moves by the paused working time. Never earlier: a due
    an officer set outside working time (say 12:00) is not pulled back to the session end.
    """
    paused = calendar.working_time_between(paused_at, resumed_at)
    if paused <= 0:
        return due
    remaining = calendar.working_time_between(paused_at, due)
    if remaining > 0:
        moved = calendar.add_working_time(resumed_at, remaining)
    else:
        moved = calendar.add_working_time(due, paused)
    return max(moved, due)


def pause(clock: Clock, *, at: datetime, reason_status: NationalStatus) -> Clock:
    """Stop the due from running from ``at`` (supplement requested, financial obligation)."""
    if clock.is_paused:
        raise InvalidTransition(
            "Thời hạn giải quyết hồ sơ đang tạm dừng; không thể tạm dừng thêm lần nữa.",
            message_en="The dossier's clock is already paused.",
        )
    return dataclasses.replace(clock, paused_at=at, paused_for=reason_status)


def resume(clock: Clock, *, at: datetime, calendar: WorkingCalendar) -> Clock:
    """Resume a paused clock: both dues move later by the paused working time."""
    if clock.paused_at is None:
        raise InvalidTransition(
            "Thời hạn giải quyết hồ sơ không tạm dừng nên không thể tiếp tục.",
            message_en="The dossier's clock is not paused, so it cannot resume.",
        )
    paused_at = clock.paused_at
    return dataclasses.replace(
        clock,
        due_at=_moved(clock.due_at, paused_at=paused_at, resumed_at=at, calendar=calendar),
        original_due_at=_moved(clock.original_due_at, paused_at=paused_at, resumed_at=at, calendar=calendar),
        paused_at=None,
        paused_for=None,
        paused_hours=clock.paused_hours + calendar.working_time_between(paused_at, at),
    )


def restart(
    clock: Clock,
    *,
    at: datetime,
    legal_hours: Hours,
    single_day_cutoff: time | None,
    calendar: WorkingCalendar,
) -> Clock:
    """The full legal time again from ``at``: a new start, a new (original) due, no pause carried;
    a statistics snapshot taken before no longer describes the dossier and is dropped."""
    due = legal_due(at, legal_hours=legal_hours, single_day_cutoff=single_day_cutoff, calendar=calendar)
    return dataclasses.replace(
        clock,
        started_at=calendar.next_session_start(at),
        due_at=due,
        original_due_at=due,
        paused_at=None,
        paused_for=None,
        paused_hours=Decimal("0"),
        frozen=None,
    )


def due_if_resumed(clock: Clock, *, at: datetime, calendar: WorkingCalendar) -> Clock:
    """The clock as it would be if a pause ended at ``at`` (itself when not paused)."""
    return resume(clock, at=at, calendar=calendar) if clock.is_paused else clock


def freeze(clock: Clock, *, at: datetime, calendar: WorkingCalendar) -> Clock:
    """Keep the clock at ``at`` for statistics (a pause is counted up to ``at``, never charged)."""
    current = due_if_resumed(clock, at=at, calendar=calendar)
    snapshot = ClockSnapshot(
        at=at,
        started_at=current.started_at,
        due_at=current.due_at,
        original_due_at=current.original_due_at,
        paused_hours=current.paused_hours,
    )
    return dataclasses.replace(clock, frozen=snapshot)


def extend(clock: Clock, *, at: datetime, new_due: datetime | None, reason: str) -> Clock:
    """Form 04: a new appointment, later than the current due, given before the current due passes.

    The original due is kept: lateness is still counted against it (Thông tư 03/2025/TT-VPCP).
    """
    if clock.is_paused:
        raise ExtensionRefused(
            "Hồ sơ đang tạm dừng tính thời hạn; chỉ gia hạn được khi thời hạn đang chạy.",
            code="dossier.extension_while_paused",
            message_en="The clock is paused; an extension applies only while it runs.",
            field="new_due",
        )
    if new_due is None:
        raise ExtensionRefused(
            "Hãy nhập ngày, giờ hẹn trả kết quả mới.",
            code="dossier.extension_due_required",
            message_en="Enter the new appointment.",
            field="new_due",
        )
    if not reason.strip():
        raise ExtensionRefused(
            "Hãy nêu lý do gia hạn (ghi trên văn bản xin lỗi, mẫu 04).",
            code="dossier.extension_reason_required",
            message_en="State the reason for the extension (form 04).",
            field="reason",
        )
    if at > clock.due_at:
        raise ExtensionRefused(
            f"Hồ sơ đã quá hạn từ {short_moment(clock.due_at)}; văn bản xin lỗi và gia hạn "
            "phải được gửi trước khi hết hạn.",
            code="dossier.extension_too_late",
            message_en="The due moment has passed; form 04 must be issued before it.",
            field="new_due",
        )
    if new_due <= clock.due_at:
        raise ExtensionRefused(
            f"Ngày hẹn mới phải sau ngày hẹn hiện tại ({short_moment(clock.due_at)}).",
            code="dossier.extension_not_later",
            message_en="The new appointment must be later than the current one.",
            field="new_due",
        )
    extension = Extension(at=at, previous_due=clock.due_at, new_due=new_due, reason=reason.strip())
    return dataclasses.replace(clock, due_at=new_due, extensions=(*clock.extensions, extension))
