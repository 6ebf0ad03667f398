"""Form 04 (văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết): an apology with a new
appointment; lateness is still counted against the original due."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.core import audit, outbox
from egov.dossiers import domain
from egov.dossiers.domain import clock as clocks
from egov.dossiers.models import Dossier
from egov.dossiers.services import processing
from egov.dossiers.services.common import clean_note, snapshot
from egov.dossiers.services.exception_rules import (
    EXTEND_ACTION,
    FORM_APOLOGY,
    _acting_unit,
    _event,
    _extend_rules,
    _payload,
    _require_after_last_change,
    _require_open,
    _require_received,
)
from egov.dossiers.statistics import rollups

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
