"""Exceptions of the one-stop dossier engine (Thông tư 03/2025/TT-VPCP annex I): the supplement request
(form 02), the refusal (form 03), the apology with a new appointment (form 04), the stop (form 05) and
the withdrawal at the applicant's request (status 7).

One function per use case, one transaction each (modules `supplement_requests`, `closing`,
`extensions`; shared rules in `exception_rules`; this module gathers them and says which are
available): the dossier row is locked, the permission checked,
then the state changes, one timeline row (`DossierEvent`) records the content of the paper issued in
``details`` (``form``, reasons, missing items, the new appointment), an audit entry, the rollups and an
outbox event whose payload tells the applicant what they need (the notifications send it on).

The supplement request moves the dossier through its process: it takes the process action that leads
from the current step to a step of national status 5 (`processing.act`, clock effect pause). The wait
for the financial obligation (status 6) is such a process step too, taken with `processing.act`.
"""

from __future__ import annotations

from typing import Any

from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.dossiers.services import processing
from egov.dossiers.services.closing import refuse, stop, withdraw
from egov.dossiers.services.exception_rules import (
    EXTEND_ACTION,
    FORM_APOLOGY,
    FORM_NUMBERS,
    FORM_REFUSAL,
    FORM_STOP,
    FORM_SUPPLEMENT,
    MAX_SUPPLEMENT_ITEMS,
    REFUSE_ACTION,
    STOP_ACTION,
    WITHDRAW_ACTION,
    _extend_rules,
    _is_owner,
    _may,
    _refuse_rules,
    _stop_rules,
    _withdraw_rules,
    reason_lines,
)
from egov.dossiers.services.extensions import apologise_and_extend
from egov.dossiers.services.supplement_requests import clean_items, request_supplement, supplement_action

__all__ = [
    "EXTEND",
    "EXTEND_ACTION",
    "FORM_APOLOGY",
    "FORM_NUMBERS",
    "FORM_REFUSAL",
    "FORM_STOP",
    "FORM_SUPPLEMENT",
    "MAX_SUPPLEMENT_ITEMS",
    "REFUSE",
    "REFUSE_ACTION",
    "STOP",
    "STOP_ACTION",
    "SUPPLEMENT",
    "WITHDRAW",
    "WITHDRAW_ACTION",
    "apologise_and_extend",
    "available",
    "clean_items",
    "reason_lines",
    "refuse",
    "request_supplement",
    "stop",
    "supplement_action",
    "withdraw",
]


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
