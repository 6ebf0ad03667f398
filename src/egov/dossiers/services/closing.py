"""Closing a dossier without a result: refusal (form 03, status 3), stop (form 05, status 8) and
withdrawal at the applicant's request (status 7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.core import audit, outbox
from egov.dossiers import domain
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.dossiers.services import interagency, processing
from egov.dossiers.services.common import clean_note, snapshot
from egov.dossiers.services.exception_rules import (
    FORM_REFUSAL,
    FORM_STOP,
    REFUSE_ACTION,
    STOP_ACTION,
    WITHDRAW_ACTION,
    _acting_unit,
    _event,
    _is_owner,
    _payload,
    _reason,
    _refuse_rules,
    _require_after_last_change,
    _require_open,
    _require_received,
    _stop_rules,
    _withdraw_rules,
    reason_lines,
)
from egov.dossiers.statistics import rollups
from egov.organizations.models import Agency

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
