"""What every dossier use case shares: the officer's printed name, the before/after snapshot of the
audit entry, the version's clock settings, and the timeline row of an action."""

from __future__ import annotations

from typing import Any

from egov.core.calendar import Hours
from egov.dossiers.models import Dossier
from egov.procedures import rules as procedure_rules
from egov.procedures.models import ProcedureVersion

NOTE_MAX_CHARS = 2000


def officer_name(user: Any) -> str:
    """How a person is written on forms and the timeline: the full name, else the username."""
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def legal_hours(version: ProcedureVersion) -> Hours:
    return procedure_rules.legal_hours(
        version.processing_time, version.processing_time_unit, version.single_day_cutoff
    )


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """The fields an audit entry shows before and after a change."""
    return {
        "step": dossier.step,
        "national_status": dossier.national_status,
        "current_agency": dossier.current_agency_id,
        "assignee": dossier.assignee_id,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "step_due_at": dossier.step_due_at,
        "paused_at": dossier.paused_at,
        "finished_at": dossier.finished_at,
        "closed_at": dossier.closed_at,
        "delivery_state": dossier.delivery_state,
        "payment_state": dossier.payment_state,
    }


def clean_note(note: str, *, field: str = "note") -> str:
    """A note or reason as typed, refused (not cut) when longer than 2,000 characters."""
    from egov.core.errors import ValidationFailed

    text = (note or "").strip()
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationFailed(
            f"Nội dung dài {len(text)} ký tự, quá {NOTE_MAX_CHARS} ký tự cho phép.",
            code="dossier.note_too_long",
            message_en=f"The text is {len(text)} characters long, over the {NOTE_MAX_CHARS} allowed.",
            field=field,
        )
    return text
