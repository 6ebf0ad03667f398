"""Liên thông rules in plain Python: which partner agency a step is handed to, the linked child
dossier's own clock (its share of the time), which actions a partner may take on a child, and how a
child finishes (DOMAIN.md §2–3: each agency is judged on its own share of the time).

A step whose ``responsible`` is ``other_agency`` either names its partner (``other_agency``, an
electronic identifier) or only a kind of agency (``other_agency_kind``): then the officer who hands
the dossier over chooses the partner. No Django import: the services look agencies up.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from egov.core.calendar import WorkingCalendar
from egov.core.errors import ValidationFailed
from egov.dossiers.domain import clock as clocks
from egov.dossiers.domain.clock import ClockEffect
from egov.dossiers.domain.errors import InvalidTransition
from egov.dossiers.domain.state import Clock, DossierState, NationalStatus
from egov.procedures.workflow import RESPONSIBLE_OTHER_AGENCY, ActionSpec, StepSpec

PARTNER_FIELD = "partner_agency"
"""The key of ``details`` (passed to ``processing.act``) naming the chosen partner agency."""

#: Clock effects a partner may not take on a child: the child only hands the dossier back.
UNSUPPORTED_ON_CHILD = frozenset(
    {ClockEffect.PAUSE, ClockEffect.RESUME, ClockEffect.EXTEND, ClockEffect.FREEZE}
)


def is_linked_step(step: StepSpec | None) -> bool:
    """Whether ``step`` belongs to another agency (liên thông)."""
    return step is not None and step.responsible == RESPONSIBLE_OTHER_AGENCY


def partner_identifier(step: StepSpec, chosen: object = None) -> str | None:
    """The electronic identifier of the agency that takes ``step``: the one the step names, else the
    one the officer ``chosen`` (None when the step names none and none was chosen: the partner is
    not on the platform and the origin's officers record its part themselves).

    Choosing another agency than the one the step names is refused (``dossier.partner_agency_fixed``).
    """
    if not is_linked_step(step):
        return None
    text = str(chosen).strip() if chosen is not None else ""
    if step.other_agency:
        if text and text != step.other_agency:
            raise ValidationFailed(
                f"Bước “{step.name}” do cơ quan có mã định danh {step.other_agency} thực hiện theo quy "
                f"trình; không thể chuyển cho cơ quan {text}.",
                code="dossier.partner_agency_fixed",
                message_en=f"Step {step.code!r} belongs to {step.other_agency}; it cannot go to {text}.",
                field=PARTNER_FIELD,
            )
        return step.other_agency
    return text or None


def check_partner(step: StepSpec, *, partner_kind: str, partner_name: str, is_origin: bool) -> None:
    """Refuse a chosen partner that is the origin agency itself or not of the kind the step asks."""
    if is_origin:
        raise ValidationFailed(
            f"Bước “{step.name}” do cơ quan khác thực hiện; hãy chọn cơ quan liên thông khác cơ quan "
            "đang giữ hồ sơ.",
            code="dossier.partner_agency_is_origin",
            message_en=f"Step {step.code!r} belongs to another agency; choose another agency.",
            field=PARTNER_FIELD,
        )
    if step.other_agency_kind and not step.other_agency and partner_kind != step.other_agency_kind:
        raise ValidationFailed(
            f"{partner_name} không thuộc loại cơ quan thực hiện bước “{step.name}”.",
            code="dossier.partner_agency_wrong_kind",
            message_en=f"{partner_name} is not of the kind of agency step {step.code!r} asks for.",
            field=PARTNER_FIELD,
        )


def child_state(step: StepSpec, *, at: datetime, calendar: WorkingCalendar) -> DossierState:
    """The linked child dossier opened at ``at`` for ``step``: status 4 (Đang xử lý) and its own
    clock: received now, due ``step.allotted_hours`` working hours later (its share of the time)."""
    started = calendar.next_session_start(at)
    due = calendar.add_working_time(at, step.allotted_hours)
    clock = Clock(
        received_at=at,
        started_at=started,
        due_at=due,
        original_due_at=due,
        step_started_at=at,
        step_due_at=due,
    )
    return DossierState(step=step.code, status=NationalStatus.PROCESSING, clock=clock)


def check_child_action(action: ActionSpec) -> None:
    """A partner acting on a child hands the dossier back: the action must leave the step and must
    not pause, resume, extend or freeze the clock (exceptions on a child are not supported yet)."""
    if action.to_step == action.from_step or ClockEffect(action.clock_effect) in UNSUPPORTED_ON_CHILD:
        raise InvalidTransition(
            f"Thao tác “{action.name}” chưa áp dụng được cho hồ sơ liên thông; hãy liên hệ cơ quan gửi hồ "
            "sơ để xử lý trên hồ sơ gốc.",
            code="dossier.linked_action_unsupported",
            message_en=f"Action {action.code!r} is not available on a linked dossier yet.",
        )


def supported_on_child(action: ActionSpec) -> bool:
    """Whether `check_child_action` accepts ``action``."""
    try:
        check_child_action(action)
    except InvalidTransition:
        return False
    return True


def finish_child(state: DossierState, *, at: datetime, calendar: WorkingCalendar) -> DossierState:
    """The child handed back at ``at``: status 9 (Đã xử lý xong), finished; its step stays (a child
    only ever has its one step). A pause still running is resumed first, so it is never charged."""
    if not state.is_open:
        raise InvalidTransition(
            "Hồ sơ liên thông đã kết thúc nên không thể xử lý tiếp.",
            message_en="The linked dossier is no longer open.",
        )
    finished = dataclasses.replace(
        clocks.due_if_resumed(state.clock, at=at, calendar=calendar), finished_at=at
    )
    return dataclasses.replace(state, status=NationalStatus.PROCESSED, clock=finished)
