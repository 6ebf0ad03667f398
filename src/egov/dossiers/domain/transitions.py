"""The generic transition function: one action applied to a dossier's state (DESIGN.md "Workflow as
data"). No per-procedure code: the process (`ProcessSpec`) says which actions leave which step, who may
take them and what they do to the clock; `apply` checks and computes, services persist the result.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, time

from egov.core.calendar import Hours, WorkingCalendar
from egov.core.errors import ValidationFailed
from egov.core.vietnamese_dates import short_moment
from egov.dossiers.domain import clock as clocks
from egov.dossiers.domain.clock import ClockEffect, SupplementClock
from egov.dossiers.domain.errors import ActionNotAllowed, InvalidTransition
from egov.dossiers.domain.state import (
    CLOSING_STATUSES,
    Closure,
    DossierState,
    NationalStatus,
)
from egov.dossiers.domain.timeliness import Timeliness, classify
from egov.procedures.workflow import ActionSpec, ProcessSpec, StepSpec


@dataclass(frozen=True)
class HandoverRow:
    """One row of form 06 (phiếu kiểm soát quá trình giải quyết hồ sơ): the step handed over, when,
    and its result against the step's own due (None for a step without allotted time). Giver and
    receiver (unit, person) are added by the service, which knows them."""

    action: str
    from_step: str
    to_step: str
    at: datetime
    step_started_at: datetime
    step_due_at: datetime | None
    result: Timeliness | None


@dataclass(frozen=True)
class Transition:
    """What an action did: the new state and every change a service records."""

    state: DossierState
    action: str
    from_step: str
    to_step: str
    status_before: NationalStatus
    status_after: NationalStatus
    clock_effect: ClockEffect
    due_before: datetime
    due_after: datetime
    handover: HandoverRow | None
    finished: bool

    @property
    def status_changed(self) -> bool:
        return self.status_before != self.status_after


def _step_due(step: StepSpec, start: datetime, calendar: WorkingCalendar) -> datetime | None:
    return calendar.add_working_time(start, step.allotted_hours) if step.allotted_hours > 0 else None


def _step_name(process: ProcessSpec, code: str) -> str:
    step = process.step(code)
    return step.name if step is not None else code


def receive(
    process: ProcessSpec,
    *,
    received_at: datetime,
    legal_hours: Hours,
    single_day_cutoff: time | None = None,
    calendar: WorkingCalendar,
) -> DossierState:
    """A dossier received at ``received_at``: initial step, status 2 (Được tiếp nhận), clock started.

    Outside working time the clock starts at the next session start (DOMAIN.md §4); the due is
    ``legal_hours`` working hours later, or the single-day rule when ``single_day_cutoff`` is set.
    The initial step's due counts its allotted hours from the clock start.
    """
    initial = process.initial_step()
    if initial is None:
        raise ValidationFailed(
            f"Quy trình “{process.code}” không có đúng một bước bắt đầu nên không thể tiếp nhận hồ sơ.",
            code="dossier.process_without_initial_step",
            message_en=f"Process {process.code!r} does not have exactly one initial step.",
        )
    clock = clocks.started_clock(
        received_at, legal_hours=legal_hours, single_day_cutoff=single_day_cutoff, calendar=calendar
    )
    clock = dataclasses.replace(clock, step_due_at=_step_due(initial, clock.started_at, calendar))
    return DossierState(step=initial.code, status=NationalStatus.RECEIVED, clock=clock)


def _check(
    state: DossierState,
    action: ActionSpec,
    *,
    process: ProcessSpec,
    at: datetime,
    actor_roles: frozenset[str],
) -> StepSpec:
    """Refuse an action that does not apply now; return its target step."""
    here = _step_name(process, state.step)
    if state.closure is not None:
        raise InvalidTransition(
            f"Hồ sơ đã {state.closure.status.label.lower()} nên không thể “{action.name}”.",
            message_en=f"The dossier is closed ({state.closure.status.name}); no action applies.",
        )
    if state.is_finished:
        raise InvalidTransition(
            f"Hồ sơ đã kết thúc ở bước “{here}” nên không thể “{action.name}”.",
            message_en=f"The dossier finished in step {state.step!r}; no action applies.",
        )
    if action not in process.actions:
        raise InvalidTransition(
            f"Thao tác “{action.name}” không thuộc quy trình “{process.code}”.",
            message_en=f"Action {action.code!r} is not part of process {process.code!r}.",
        )
    if action.from_step != state.step:
        raise InvalidTransition(
            f"Hồ sơ đang ở bước “{here}” nên không thể “{action.name}”.",
            message_en=f"The dossier is in step {state.step!r}; action {action.code!r} does not start there.",
        )
    if not actor_roles.intersection(action.roles):
        raise ActionNotAllowed(
            f"Bạn không có vai trò được “{action.name}” ở bước “{here}”.",
            message_en=f"None of your roles may take action {action.code!r} in step {state.step!r}.",
        )
    target = process.step(action.to_step)
    if target is None:
        raise InvalidTransition(
            f"Thao tác “{action.name}” dẫn tới bước “{action.to_step}” không có trong quy trình.",
            message_en=f"Action {action.code!r} leads to unknown step {action.to_step!r}.",
        )
    if at < state.clock.step_started_at:
        raise ValidationFailed(
            f"Thời điểm thực hiện “{action.name}” sớm hơn lần chuyển bước trước "
            f"({short_moment(state.clock.step_started_at)}).",
            code="dossier.action_before_last_change",
            message_en="The action is dated before the dossier's last change.",
            field="at",
        )
    return target


def apply(
    state: DossierState,
    action: ActionSpec,
    *,
    process: ProcessSpec,
    at: datetime,
    calendar: WorkingCalendar,
    actor_roles: frozenset[str] | set[str] | tuple[str, ...],
    legal_hours: Hours,
    supplement_clock: SupplementClock | str = SupplementClock.PAUSE_RESUME,
    single_day_cutoff: time | None = None,
    new_due: datetime | None = None,
    reason: str = "",
) -> Transition:
    """Apply ``action`` at ``at`` and return the new state with what changed.

    Refused with `InvalidTransition` when the dossier is finished or closed, the action is not in the
    process or does not leave the current step, or the clock cannot take its effect (pause while
    paused, resume while running); with `ActionNotAllowed` when none of ``actor_roles`` may act; with
    `ExtensionRefused` for a form-04 extension without a later ``new_due`` and a ``reason``, or after
    the due has passed. The national status follows the target step; a terminal step finishes the
    dossier (a pause still running is resumed first, so it is never charged). Reaching status 9 (Đã
    xử lý xong) freezes the clock for the on-time classification unless it is frozen already.

    When a supplement pause (status 5) resumes and the procedure's ``supplement_clock`` is "restart",
    the full legal time runs again from ``at`` (Nghị định 118/2025; the setting is per procedure).
    """
    target = _check(state, action, process=process, at=at, actor_roles=frozenset(actor_roles))
    effect = ClockEffect(action.clock_effect)
    clock = state.clock
    target_status = NationalStatus(target.national_status)

    if effect == ClockEffect.PAUSE:
        clock = clocks.pause(clock, at=at, reason_status=target_status)
    elif effect == ClockEffect.RESUME:
        if (
            clock.paused_for == NationalStatus.SUPPLEMENT_REQUESTED
            and supplement_clock == SupplementClock.RESTART
        ):
            effect = ClockEffect.RESTART
            clock = clocks.restart(
                clock, at=at, legal_hours=legal_hours, single_day_cutoff=single_day_cutoff, calendar=calendar
            )
        else:
            clock = clocks.resume(clock, at=at, calendar=calendar)
    elif effect == ClockEffect.RESTART:
        clock = clocks.restart(
            clock, at=at, legal_hours=legal_hours, single_day_cutoff=single_day_cutoff, calendar=calendar
        )
    elif effect == ClockEffect.EXTEND:
        clock = clocks.extend(clock, at=at, new_due=new_due, reason=reason)
    elif effect == ClockEffect.FREEZE:
        clock = clocks.freeze(clock, at=at, calendar=calendar)
    # START: the clock already runs from receipt (DOMAIN.md §4); NONE: nothing.

    handover = None
    if action.to_step != state.step:
        step_due = state.clock.step_due_at
        handover = HandoverRow(
            action=action.code,
            from_step=state.step,
            to_step=action.to_step,
            at=at,
            step_started_at=state.clock.step_started_at,
            step_due_at=step_due,
            result=None if step_due is None else classify(finished_at=at, due_at=step_due, calendar=calendar),
        )
        clock = dataclasses.replace(clock, step_started_at=at, step_due_at=_step_due(target, at, calendar))

    if target_status == NationalStatus.PROCESSED and clock.frozen is None:
        # The result is ready (status 9): the on-time classification is taken now (DOMAIN.md §3),
        # not when the applicant comes to collect it.
        clock = clocks.freeze(clock, at=at, calendar=calendar)

    if target.is_terminal:
        clock = dataclasses.replace(clocks.due_if_resumed(clock, at=at, calendar=calendar), finished_at=at)

    new_state = DossierState(step=target.code, status=target_status, clock=clock)
    return Transition(
        state=new_state,
        action=action.code,
        from_step=state.step,
        to_step=target.code,
        status_before=state.status,
        status_after=target_status,
        clock_effect=effect,
        due_before=state.clock.due_at,
        due_after=clock.due_at,
        handover=handover,
        finished=target.is_terminal,
    )


def close(state: DossierState, *, status: NationalStatus, at: datetime, reason: str) -> DossierState:
    """Close a dossier outside its process graph: refusal (3, form 03), withdrawal at the applicant's
    request (7) or stop (8, form 05). Needs a reason, shown to the applicant; afterwards no action
    applies. The clock is kept as it was (a closed dossier is not in the on-time statistics)."""
    if status not in CLOSING_STATUSES:
        raise ValidationFailed(
            f"Trạng thái “{status.label}” không phải là trạng thái kết thúc hồ sơ không có kết quả.",
            code="dossier.invalid_closing_status",
            message_en="Only refusal (3), withdrawal (7) or stop (8) close a dossier.",
            field="status",
        )
    if not state.is_open:
        raise InvalidTransition(
            "Hồ sơ đã kết thúc nên không thể từ chối, rút hoặc dừng xử lý.",
            message_en="The dossier is no longer open.",
        )
    if not reason.strip():
        raise ValidationFailed(
            "Hãy nêu lý do; lý do được thông báo cho người nộp hồ sơ.",
            code="dossier.reason_required",
            message_en="State the reason; it is sent to the applicant.",
            field="reason",
        )
    return dataclasses.replace(
        state, status=status, closure=Closure(status=status, at=at, reason=reason.strip())
    )
