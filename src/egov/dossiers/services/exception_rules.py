"""What the exceptions of the one-stop engine share (Thông tư 03/2025/TT-VPCP annex I): the timeline
action codes and form numbers, who may take which exception and through which unit, the checks every
exception makes, and how its timeline row and outbox payload are written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from egov.accounts import permissions
from egov.core.errors import DomainError, ValidationFailed
from egov.core.vietnamese_dates import short_moment
from egov.dossiers import domain
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services.common import clean_note, officer_name
from egov.organizations.models import Agency, Role

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
