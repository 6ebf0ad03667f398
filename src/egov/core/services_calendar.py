"""Use cases that change the working calendar: weekday sessions and dated adjustments.

Each one checks the actor's permission, validates with the pure rules of `egov.core.calendar`
(Vietnamese messages, `ValidationFailed` with `field`), writes in one transaction with its audit entry,
and leaves nothing saved when refused. `calendar_store.get_calendar()` sees the change on its next call.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction

from egov.core import audit
from egov.core import calendar as rules
from egov.core.errors import Conflict, PermissionDenied, ValidationFailed
from egov.core.models import CalendarAdjustment, WorkingSession


def _require(actor: Any, permission: str) -> None:
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied()


def _session_state(weekday: int) -> list[str]:
    return [
        f"{s.start:%H:%M}-{s.end:%H:%M}"
        for s in WorkingSession.objects.filter(weekday=weekday).order_by("start")
    ]


def replace_weekday_sessions(
    *, actor: Any, weekday: int, sessions: list[tuple[time, time]]
) -> list[WorkingSession]:
    """Set the working sessions of one weekday (an empty list makes it a day without sessions).

    The whole week is validated together: a session ending before it starts, or two sessions of the
    weekday that overlap, are refused and nothing is saved. While the table is empty the default
    sessions apply, so setting one weekday first copies the defaults of the other days.
    """
    _require(actor, "core.change_workingsession")
    try:
        return _replace_weekday_sessions(actor=actor, weekday=weekday, sessions=sessions)
    except IntegrityError:  # two first-time edits copied the defaults at the same moment
        raise Conflict(
            "Lịch làm việc vừa được người khác thay đổi, vui lòng thử lại.",
            code="calendar.concurrent_change",
            message_en="The working calendar was changed at the same time; please try again.",
        ) from None


def _replace_weekday_sessions(
    *, actor: Any, weekday: int, sessions: list[tuple[time, time]]
) -> list[WorkingSession]:
    with transaction.atomic():
        current = list(WorkingSession.objects.select_for_update().order_by("weekday", "start"))
        week = [(s.weekday, s.start, s.end) for s in current] or list(rules.DEFAULT_SESSIONS)
        proposed = [row for row in week if row[0] != weekday] + [(weekday, s, e) for s, e in sessions]
        rules.validate_sessions(proposed)
        before = _session_state(weekday)
        if not current:
            WorkingSession.objects.bulk_create(
                WorkingSession(weekday=d, start=s, end=e) for d, s, e in week if d != weekday
            )
        WorkingSession.objects.filter(weekday=weekday).delete()
        created = [
            WorkingSession.objects.create(weekday=weekday, start=s, end=e) for s, e in sorted(sessions)
        ]
        audit.record(
            actor,
            "calendar.sessions_replaced",
            None,
            before=before,
            after=_session_state(weekday),
            weekday=weekday,
        )
    return created


def add_adjustment(
    *, actor: Any, day: date, kind: rules.AdjustmentKind, legal_basis: str, note: str = ""
) -> CalendarAdjustment:
    """Record an extra day off or a make-up working day announced by a legal text.

    Refused: a second adjustment on the same day, a missing legal basis.
    """
    _require(actor, "core.add_calendaradjustment")
    if not legal_basis.strip():
        raise ValidationFailed(
            "Cần ghi căn cứ pháp lý của điều chỉnh (số, ngày văn bản).",
            code="calendar.legal_basis_required",
            message_en="The legal basis of the adjustment is required.",
            field="legal_basis",
        )
    try:
        with transaction.atomic():
            if CalendarAdjustment.objects.filter(date=day).exists():
                raise rules.duplicate_adjustment(day)
            adjustment = CalendarAdjustment.objects.create(
                date=day,
                kind=rules.AdjustmentKind(kind).value,
                legal_basis=legal_basis.strip(),
                note=note,
                created_by=actor,
            )
            audit.record(
                actor,
                "calendar.adjustment_added",
                adjustment,
                after={"date": day, "kind": adjustment.kind, "legal_basis": adjustment.legal_basis},
            )
    except IntegrityError:  # a concurrent request took the same day between the check and the insert
        raise rules.duplicate_adjustment(day) from None
    return adjustment


def remove_adjustment(*, actor: Any, adjustment: CalendarAdjustment) -> None:
    """Delete an adjustment entered by mistake; the day follows the weekday and `holidays` again."""
    _require(actor, "core.delete_calendaradjustment")
    with transaction.atomic():
        audit.record(
            actor,
            "calendar.adjustment_removed",
            adjustment,
            before={"date": adjustment.date, "kind": adjustment.kind, "legal_basis": adjustment.legal_basis},
        )
        adjustment.delete()
