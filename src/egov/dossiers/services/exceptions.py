"""Exceptions of the one-stop dossier engine (Thông tư 03/2025/TT-VPCP annex I): the supplement request
(form 02), the refusal (form 03), the apology with a new appointment (form 04), the stop (form 05) and
the withdrawal at the applicant's request (status 7).

One function per use case, one transaction each: the dossier row is locked, the permission checked,
then the state changes, one timeline row (`DossierEvent`) records the content of the paper issued in
``details`` (``form``, reasons, missing items, the new appointment), an audit entry, the rollups and an
outbox event whose payload tells the applicant what they need (the notifications send it on).

The supplement request moves the dossier through its process: it takes the process action that leads
from the current step to a step of national status 5 (`processing.act`, clock effect pause). The wait
for the financial obligation (status 6) is such a process step too, taken with `processing.act`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit, outbox
from egov.core.errors import Conflict, DomainError, ValidationFailed
from egov.core.vietnamese_dates import short_moment
from egov.dossiers import domain
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain import clock as clocks
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services import interagency, processing
from egov.dossiers.services.common import clean_note, officer_name, snapshot
from egov.dossiers.statistics import rollups
from egov.organizations.models import Agency, Role
from egov.procedures import workflow

REFUSE_ACTION = "refuse"
"""Timeline action code of a refusal (form 03)."""
EXTEND_ACTION = "extend"
"""Timeline action code of an apology with a new appointment (form 04)."""
STOP_ACTION = "stop"
"""Timeline action code of a stop (form 05)."""
WITHDRAW_ACTION = "withdraw"
"""Timeline action code of a withdrawal at the applicant's request (no form)."""

FORM_SUPPLEMENT = "02"
FORM_REFUSAL = "03"
FORM_APOLOGY = "04"
FORM_STOP = "05"
FORM_NUMBERS = (FORM_SUPPLEMENT, FORM_REFUSAL, FORM_APOLOGY, FORM_STOP)
"""The forms an exception issues; an event's ``details["form"]`` names the one it recorded."""

MAX_SUPPLEMENT_ITEMS = 50

#: The permission action of the registry that each role acts under.
_ROLE_PERMISSION = {
    Role.RECEIVER: "dossiers.receive",
    Role.SPECIALIST: "dossiers.process",
    Role.DIVISION_HEAD: "dossiers.approve",
    Role.LEADER: "dossiers.approve",
}
_OFFICER_ROLES = frozenset({Role.RECEIVER, Role.SPECIALIST, Role.DIVISION_HEAD, Role.LEADER})
_LEADERS = frozenset({Role.LEADER})
_APPROVERS = frozenset({Role.DIVISION_HEAD, Role.LEADER})


# --- Who may act, and through which unit --------------------------------------------------------


def _acting_unit(
    actor: Any,
    rules: Iterable[tuple[Agency | None, frozenset[str]]],
    *,
    code: str,
    message_vi: str,
    message_en: str,
) -> Agency:
    """The unit through which ``actor`` acts: the agency of the first membership (held in the agency,
    above it, or in a division below it) whose role a rule accepts; the registry's permission for that
    role is then required there. Refused with `ActionNotAllowed` when no rule matches."""
    checked: list[Agency] = []
    for agency, roles in rules:
        if agency is None:
            continue
        checked.append(agency)
        for grant in dossier_selectors.acting_grants(actor, agency):
            if grant.role in roles:
                unit = agency if grant.agency_id == agency.pk else Agency.objects.get(pk=grant.agency_id)
                permissions.require(actor, _ROLE_PERMISSION[grant.role], unit)
                return unit
    if checked and getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False):
        return checked[0]
    raise domain.ActionNotAllowed(message_vi, code=code, message_en=message_en)


_Rules = list[tuple[Agency | None, frozenset[str]]]


def _refuse_rules(dossier: Dossier) -> _Rules:
    """Form 03: the receiving agency's receivers and leaders, or a leader of the agency handling it."""
    return [
        (dossier.agency, frozenset({Role.RECEIVER, Role.LEADER})),
        (dossier.permission_agency(), _LEADERS),
        (dossier.processing_agency, _LEADERS),
    ]


def _extend_rules(dossier: Dossier) -> _Rules:
    """Form 04: any officer of the agency handling the dossier now, or a leader of the others."""
    return [
        (dossier.permission_agency(), _OFFICER_ROLES),
        (dossier.agency, _LEADERS),
        (dossier.processing_agency, _LEADERS),
    ]


def _stop_rules(dossier: Dossier) -> _Rules:
    """Form 05: the leaders (division heads included) of the agency handling or processing the
    dossier, or a leader of the receiving agency."""
    return [
        (dossier.permission_agency(), _APPROVERS),
        (dossier.processing_agency, _APPROVERS),
        (dossier.agency, _LEADERS),
    ]


def _withdraw_rules(dossier: Dossier) -> _Rules:
    """Withdrawal on the applicant's behalf: the receiving agency's receivers (the owner always may)."""
    return [(dossier.agency, frozenset({Role.RECEIVER}))]


def _may(actor: Any, rules: _Rules) -> bool:
    try:
        _acting_unit(actor, rules, code="", message_vi="", message_en="")
    except DomainError:
        return False
    return True


def _is_owner(dossier: Dossier, actor: Any) -> bool:
    return dossier.owner_id is not None and dossier.owner_id == getattr(actor, "pk", None)


# --- Common checks -------------------------------------------------------------------------------


def _require_open(dossier: Dossier, doing: str) -> None:
    """Refuse any exception on a dossier that is closed (refused, withdrawn, stopped) or finished."""
    if dossier.closed_at is not None:
        label = NationalStatus(dossier.closure_status or dossier.national_status).label
        raise domain.InvalidTransition(
            f"Hồ sơ đã kết thúc với trạng thái “{label}” nên không thể {doing}.",
            code="dossier.closed",
            message_en="The dossier is closed; no action applies.",
        )
    if dossier.finished_at is not None:
        raise domain.InvalidTransition(
            f"Hồ sơ đã giải quyết xong nên không thể {doing}.",
            code="dossier.finished",
            message_en="The dossier is finished; no action applies.",
        )


def _require_received(dossier: Dossier, doing: str) -> None:
    if dossier.national_status == NationalStatus.REGISTERED:
        raise domain.InvalidTransition(
            f"Hồ sơ trực tuyến chưa được tiếp nhận nên không thể {doing}; hãy tiếp nhận hoặc từ chối hồ sơ.",
            code="dossier.not_yet_received",
            message_en="The online dossier has not been accepted yet.",
        )


def _require_after_last_change(dossier: Dossier, moment: dt.datetime) -> None:
    if moment < dossier.step_started_at:
        raise ValidationFailed(
            f"Thời điểm thực hiện sớm hơn lần chuyển bước trước ({short_moment(dossier.step_started_at)}).",
            code="dossier.action_before_last_change",
            message_en="The action is dated before the dossier's last change.",
            field="at",
        )


def _reason(reason: str) -> str:
    text = clean_note(reason, field="reason")
    if not text:
        raise ValidationFailed(
            "Hãy nêu lý do; lý do được ghi trên phiếu và thông báo cho người nộp hồ sơ.",
            code="dossier.reason_required",
            message_en="State the reason; it is printed on the form and sent to the applicant.",
            field="reason",
        )
    return text


def reason_lines(reason: str) -> list[str]:
    """A reason typed on several lines as the list printed on the form (one reason a line)."""
    return [line.strip(" \t-•") for line in reason.splitlines() if line.strip(" \t-•")]


def _event(
    dossier: Dossier,
    *,
    action: str,
    at: dt.datetime,
    actor: Any,
    unit: Agency | None,
    status_before: int,
    note: str,
    details: Mapping[str, Any],
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        at=at,
        from_step=dossier.step,
        to_step=dossier.step,
        status_before=status_before,
        status_after=dossier.national_status,
        giver=actor,
        giver_name=officer_name(actor),
        giver_unit=unit,
        giver_unit_name=unit.name if unit is not None else "",
        note=note,
        details=dict(details),
    )


def _payload(dossier: Dossier, event: DossierEvent, moment: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "national_status": dossier.national_status,
        "at": moment.isoformat(),
        "event": event.pk,
        "agency": dossier.agency.name,
        "procedure": dossier.version.name,
        "applicant_name": dossier.applicant_name,
        **extra,
    }


# --- Form 02: supplement request -----------------------------------------------------------------


def clean_items(items: Iterable[Any]) -> list[dict[str, str]]:
    """The missing items as ``[{"content", "reason"}]``: rows left blank are dropped; a row with a
    reason but no content, an empty list or more than 50 rows are refused (field ``items``)."""
    cleaned: list[dict[str, str]] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            content, why = item.get("content", ""), item.get("reason", "")
        elif hasattr(item, "content"):
            content, why = item.content, getattr(item, "reason", "")
        else:
            content, why = item
        content = clean_note(str(content or ""), field="items")
        why = clean_note(str(why or ""), field="items")
        if not content and not why:
            continue
        if not content:
            raise ValidationFailed(
                f"Dòng {position}: hãy ghi nội dung cần bổ sung, hoàn thiện "
                "(đã có lý do nhưng chưa có nội dung).",
                code="dossier.supplement_item_without_content",
                message_en=f"Row {position}: state what must be added (a reason was given without content).",
                field="items",
            )
        cleaned.append({"content": content, "reason": why})
    if not cleaned:
        raise ValidationFailed(
            "Hãy liệt kê đầy đủ một lần mọi nội dung cần bổ sung, hoàn thiện hồ sơ và lý do.",
            code="dossier.supplement_items_required",
            message_en="List, in one request, everything the applicant must add, with reasons.",
            field="items",
        )
    if len(cleaned) > MAX_SUPPLEMENT_ITEMS:
        raise ValidationFailed(
            f"Phiếu yêu cầu bổ sung có {len(cleaned)} nội dung, "
            f"quá {MAX_SUPPLEMENT_ITEMS} nội dung cho phép.",
            code="dossier.supplement_too_many_items",
            message_en=f"The request lists {len(cleaned)} items, over the {MAX_SUPPLEMENT_ITEMS} allowed.",
            field="items",
        )
    return cleaned


def supplement_action(process: workflow.ProcessSpec, step: str) -> workflow.ActionSpec | None:
    """The process action that asks the applicant for a supplement from ``step``: it leaves ``step``
    for a step of national status 5 (Yêu cầu bổ sung giấy tờ). None when the process has none there."""
    for action in process.actions:
        target = process.step(action.to_step)
        if (
            action.from_step == step
            and target is not None
            and target.national_status == NationalStatus.SUPPLEMENT_REQUESTED
        ):
            return action
    return None


def request_supplement(
    *,
    dossier: Dossier,
    actor: Any,
    items: Sequence[Any],
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Form 02 (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ): ask the applicant once for everything
    missing, each item with its reason.

    Takes the process action from the current step to the supplement step (status 5, clock paused)
    through `processing.act`, which checks the actor's role and permission and writes the timeline
    row (``details``: ``form`` "02", ``items``), the audit entry, the rollups and the outbox events
    ``dossier.step_completed`` and ``dossier.supplement_requested`` (with ``details``). Refused when
    the list is empty, when a request is still waiting for the applicant, and when the process has no
    supplement action from the current step.
    """
    moment = at or timezone.now()
    missing = clean_items(items)
    text = clean_note(note)
    doing = "yêu cầu bổ sung hồ sơ"
    with transaction.atomic():
        locked = processing.lock(dossier)
        _require_open(locked, doing)
        if (
            locked.national_status == NationalStatus.SUPPLEMENT_REQUESTED
            or locked.paused_for == NationalStatus.SUPPLEMENT_REQUESTED
        ):
            raise Conflict(
                "Hồ sơ đang chờ người nộp bổ sung theo phiếu yêu cầu đã gửi; chỉ yêu cầu bổ sung một lần, "
                "liệt kê đầy đủ mọi nội dung.",
                code="dossier.supplement_pending",
                message_en="A supplement request is already waiting for the applicant.",
            )
        _require_received(locked, doing)
        process = processing.process_of(locked)
        action = supplement_action(process, locked.step)
        if action is None:
            here = process.step(locked.step)
            raise domain.InvalidTransition(
                f"Quy trình “{process.code}” không có thao tác yêu cầu bổ sung hồ sơ ở bước "
                f"“{here.name if here is not None else locked.step}”.",
                code="dossier.supplement_not_in_process",
                message_en=f"Process {process.code!r} has no supplement action from step {locked.step!r}.",
            )
        return processing.act(
            dossier=locked,
            action_code=action.code,
            actor=actor,
            note=text,
            at=moment,
            details={"form": FORM_SUPPLEMENT, "items": missing},
        )


# --- Closing without a result: forms 03, 05 and the withdrawal -----------------------------------


def _close(
    *,
    dossier: Dossier,
    actor: Any,
    status: NationalStatus,
    reason: str,
    at: dt.datetime | None,
    doing: str,
    action: str,
    topic: str,
    authorise: Any,
    allow_registered: bool,
    details: Mapping[str, Any],
) -> Dossier:
    moment = at or timezone.now()
    text = _reason(reason)
    with transaction.atomic():
        locked = processing.lock(dossier)
        unit = authorise(locked)
        _require_open(locked, doing)
        if not allow_registered:
            _require_received(locked, doing)
        _require_after_last_change(locked, moment)
        before = snapshot(locked)
        facts = rollups.facts(locked)
        status_before = locked.national_status
        locked.apply_state(domain.close(locked.state(), status=status, at=moment, reason=text))
        locked.save()
        interagency.close_children(locked, status=status, at=moment, reason=text, actor=actor)
        content = {**details, "reason": text}
        event = _event(
            locked,
            action=action,
            at=moment,
            actor=actor,
            unit=unit,
            status_before=status_before,
            note=text,
            details=content,
        )
        audit.record(actor, topic, locked, before=before, after=snapshot(locked), reason=text, event=event.pk)
        rollups.record(facts, locked)
        outbox.emit(topic, locked, payload=_payload(locked, event, moment, **content))
    return locked


def refuse(*, dossier: Dossier, actor: Any, reason: str, at: dt.datetime | None = None) -> Dossier:
    """Form 03 (phiếu từ chối tiếp nhận giải quyết hồ sơ): close the dossier with status 3 (Không được
    tiếp nhận) and the reasons (one a line). Allowed to the receiving agency's receivers and to the
    leaders of the receiving agency or of the agency handling the dossier, while it is open; an online
    dossier not yet accepted (status 1) may be refused too. Publishes ``dossier.refused``."""

    def authorise(locked: Dossier) -> Agency:
        return _acting_unit(
            actor,
            _refuse_rules(locked),
            code="dossier.refuse_not_allowed",
            message_vi="Chỉ cán bộ tiếp nhận hoặc lãnh đạo cơ quan mới được từ chối tiếp nhận, "
            "giải quyết hồ sơ.",
            message_en="Only the receiving officers or the agency's leaders may refuse a dossier.",
        )

    return _close(
        dossier=dossier,
        actor=actor,
        status=NationalStatus.NOT_RECEIVED,
        reason=reason,
        at=at,
        doing="từ chối hồ sơ",
        action=REFUSE_ACTION,
        topic="dossier.refused",
        authorise=authorise,
        allow_registered=True,
        details={"form": FORM_REFUSAL, "reasons": reason_lines(clean_note(reason, field="reason"))},
    )


def stop(
    *,
    dossier: Dossier,
    actor: Any,
    reason: str,
    at: dt.datetime | None = None,
    legal_basis: str = "",
) -> Dossier:
    """Form 05 (thông báo dừng giải quyết hồ sơ): close the dossier with status 8 (Dừng xử lý), the
    reason and its optional legal basis. Signed by a leader (division head or leader) of the agency
    handling the dossier, of the processing agency, or a leader of the receiving agency. Publishes
    ``dossier.stopped``."""

    def authorise(locked: Dossier) -> Agency:
        return _acting_unit(
            actor,
            _stop_rules(locked),
            code="dossier.stop_not_allowed",
            message_vi="Chỉ lãnh đạo cơ quan, đơn vị đang giải quyết hồ sơ mới được dừng giải quyết hồ sơ.",
            message_en="Only the leaders of the agency handling the dossier may stop it.",
        )

    return _close(
        dossier=dossier,
        actor=actor,
        status=NationalStatus.STOPPED,
        reason=reason,
        at=at,
        doing="dừng giải quyết hồ sơ",
        action=STOP_ACTION,
        topic="dossier.stopped",
        authorise=authorise,
        allow_registered=False,
        details={"form": FORM_STOP, "legal_basis": clean_note(legal_basis, field="legal_basis")},
    )


def withdraw(*, dossier: Dossier, actor: Any, reason: str, at: dt.datetime | None = None) -> Dossier:
    """The applicant withdraws the dossier (status 7, Công dân yêu cầu rút hồ sơ): by the owner's
    citizen account, or by a receiver of the receiving agency on the applicant's behalf (a written
    request handed in at the counter). No form; publishes ``dossier.withdrawn``."""

    def authorise(locked: Dossier) -> Agency | None:
        if _is_owner(locked, actor) and getattr(actor, "is_active", False):
            return None
        return _acting_unit(
            actor,
            _withdraw_rules(locked),
            code="dossier.withdraw_not_allowed",
            message_vi="Chỉ người nộp hồ sơ, hoặc cán bộ tiếp nhận thay mặt người nộp, mới được rút hồ sơ.",
            message_en="Only the applicant, or a receiving officer on their behalf, may withdraw a dossier.",
        )

    return _close(
        dossier=dossier,
        actor=actor,
        status=NationalStatus.WITHDRAWAL_REQUESTED,
        reason=reason,
        at=at,
        doing="rút hồ sơ",
        action=WITHDRAW_ACTION,
        topic="dossier.withdrawn",
        authorise=authorise,
        allow_registered=True,
        details={"by_applicant": _is_owner(dossier, actor)},
    )


# --- Form 04: apology and new appointment --------------------------------------------------------


def apologise_and_extend(
    *,
    dossier: Dossier,
    actor: Any,
    new_due: dt.datetime | None,
    reason: str,
    at: dt.datetime | None = None,
) -> Dossier:
    """Form 04 (văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết): a new appointment, later than
    the current one, given before the current one passes and while the clock runs
    (`domain.clock.extend`). ``original_due_at`` is kept: lateness is still counted against it. By an
    officer of the agency handling the dossier now, or a leader of the receiving or processing agency.
    Publishes ``dossier.extended`` with the old and new appointment."""
    moment = at or timezone.now()
    text = clean_note(reason, field="reason")
    doing = "gia hạn thời gian giải quyết"
    with transaction.atomic():
        locked = processing.lock(dossier)
        unit = _acting_unit(
            actor,
            _extend_rules(locked),
            code="dossier.extend_not_allowed",
            message_vi="Chỉ cán bộ của cơ quan đang giải quyết hồ sơ hoặc lãnh đạo cơ quan mới được "
            "xin lỗi và gia hạn thời gian giải quyết.",
            message_en="Only officers of the agency handling the dossier, or leaders, may extend it.",
        )
        _require_open(locked, doing)
        _require_received(locked, doing)
        _require_after_last_change(locked, moment)
        before = snapshot(locked)
        facts = rollups.facts(locked)
        state = locked.state()
        old_due = state.clock.due_at
        clock = clocks.extend(state.clock, at=moment, new_due=new_due, reason=text)
        locked.apply_state(domain.DossierState(step=state.step, status=state.status, clock=clock))
        locked.save()
        assert new_due is not None  # clocks.extend refuses a missing one
        content = {
            "form": FORM_APOLOGY,
            "reason": text,
            "old_due_at": old_due.isoformat(),
            "new_due_at": new_due.isoformat(),
            "original_due_at": locked.original_due_at.isoformat(),
        }
        event = _event(
            locked,
            action=EXTEND_ACTION,
            at=moment,
            actor=actor,
            unit=unit,
            status_before=locked.national_status,
            note=text,
            details=content,
        )
        audit.record(actor, "dossier.extended", locked, before=before, after=snapshot(locked), event=event.pk)
        rollups.record(facts, locked)
        outbox.emit("dossier.extended", locked, payload=_payload(locked, event, moment, **content))
    return locked


# --- What the dossier page offers ----------------------------------------------------------------

SUPPLEMENT = "supplement"
REFUSE = "refuse"
EXTEND = "extend"
STOP = "stop"
WITHDRAW = "withdraw"


def available(dossier: Dossier, actor: Any) -> frozenset[str]:
    """The exceptions ``actor`` may take on ``dossier`` now (``supplement``, ``refuse``, ``extend``,
    ``stop``, ``withdraw``), by the same rules the use cases check; nothing is written. Clock rules
    that need a moment (an extension after the due) are left to the use case's message."""
    if dossier.closed_at is not None or dossier.finished_at is not None:
        return frozenset()
    offered: set[str] = set()
    if _may(actor, _refuse_rules(dossier)):
        offered.add(REFUSE)
    if (_is_owner(dossier, actor) and getattr(actor, "is_active", False)) or _may(
        actor, _withdraw_rules(dossier)
    ):
        offered.add(WITHDRAW)
    if dossier.national_status == NationalStatus.REGISTERED:
        return frozenset(offered)
    if _may(actor, _stop_rules(dossier)):
        offered.add(STOP)
    if dossier.paused_at is None and _may(actor, _extend_rules(dossier)):
        offered.add(EXTEND)
    if dossier.national_status != NationalStatus.SUPPLEMENT_REQUESTED and dossier.version.process_id:
        action = supplement_action(processing.process_of(dossier), dossier.step)
        if action is not None and any(
            item.code == action.code for item in dossier_selectors.actions_for(dossier, actor)
        ):
            offered.add(SUPPLEMENT)
    return frozenset(offered)
