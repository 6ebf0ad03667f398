"""Forms 02–05 of Thông tư 03/2025/TT-VPCP annex I built from a dossier and the timeline row
(`DossierEvent`) that recorded the exception: the supplement request (02), the refusal (03), the
apology with a new appointment (04) and the stop notice (05).

The row's ``details`` hold what the paper says (``form``, missing ``items``, ``reasons``, the old and
new appointment, ``legal_basis``), written by `egov.dossiers.services.exceptions` in the same
transaction as the change, so a form printed later is the one that was issued. The issuing agency is
the unit through which the officer acted (the receiving agency when none is recorded); the signer is
that officer, with the position of their membership there when one is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.official_forms import data as forms
from egov.dossiers.official_forms.render import FORM_KINDS
from egov.dossiers.paperwork.heading import applicant, issuing_agency
from egov.dossiers.services.exceptions import (
    FORM_APOLOGY,
    FORM_NUMBERS,
    FORM_REFUSAL,
    FORM_STOP,
    FORM_SUPPLEMENT,
)
from egov.organizations.models import Agency, Membership, Role


def _issuer(dossier: Dossier, event: DossierEvent) -> Agency:
    return event.giver_unit if event.giver_unit_id is not None else dossier.agency


def signer(event: DossierEvent, *, default_heading: str) -> forms.Signer:
    """The officer who acted, headed by their position (chức vụ) in the unit they acted for: the
    membership's position, else its title, else ``default_heading``."""
    heading = default_heading
    if event.giver_id is not None and event.giver_unit_id is not None:
        membership = (
            Membership.objects.filter(user_id=event.giver_id, agency_id=event.giver_unit_id, is_active=True)
            .select_related("position")
            .order_by("position__rank", "pk")
            .first()
        )
        if membership is not None:
            if membership.position is not None:
                heading = membership.position.name
            elif membership.title:
                heading = membership.title
            elif membership.role == Role.LEADER:
                heading = "Thủ trưởng cơ quan"
    return forms.Signer(heading, name=event.giver_name, hint="")


def _common(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    return {
        "agency": issuing_agency(_issuer(dossier, event)),
        "dossier_code": dossier.code,
        "applicant": applicant(dossier),
        "procedure_name": dossier.version.name,
        "issued_on": timezone.localdate(event.at),
    }


def _moment(value: Any, fallback: dt.datetime) -> dt.datetime:
    return dt.datetime.fromisoformat(value) if value else fallback


def _recipients(dossier: Dossier, issuer: Agency) -> tuple[str, ...]:
    recipients = [f"Ông/bà/tổ chức {dossier.applicant_name}"]
    if dossier.agency_id != issuer.pk:
        recipients.append(dossier.agency.name)
    return tuple(recipients)


def supplement_request_form(dossier: Dossier, event: DossierEvent) -> forms.SupplementRequestForm:
    """Form 02: every missing item with its reason, the officer who guides the applicant."""
    details = event.details or {}
    issuer = _issuer(dossier, event)
    return forms.SupplementRequestForm(
        **_common(dossier, event),
        missing=tuple(
            forms.MissingItem(item.get("content", ""), reason=item.get("reason", ""))
            for item in details.get("items", ())
        ),
        received_at=dossier.received_at,
        officer=event.giver_name,
        contact=f"số điện thoại {issuer.phone}" if issuer.phone else "",
    )


def refusal_form(dossier: Dossier, event: DossierEvent) -> forms.RefusalForm:
    """Form 03: the reasons for refusing, one a line."""
    details = event.details or {}
    reasons = tuple(details.get("reasons") or ()) or (event.note or dossier.closure_reason,)
    return forms.RefusalForm(**_common(dossier, event), reasons=reasons, officer=event.giver_name)


def apology_form(dossier: Dossier, event: DossierEvent) -> forms.ApologyForm:
    """Form 04: the appointment given before, the new one and the reason for the delay."""
    details = event.details or {}
    issuer = _issuer(dossier, event)
    return forms.ApologyForm(
        **_common(dossier, event),
        received_at=dossier.received_at,
        old_due_at=_moment(details.get("old_due_at"), dossier.original_due_at),
        new_due_at=_moment(details.get("new_due_at"), dossier.due_at),
        reason=details.get("reason") or event.note,
        signer=signer(event, default_heading="Người ký"),
        recipients=_recipients(dossier, issuer),
    )


def stop_notice_form(dossier: Dossier, event: DossierEvent) -> forms.StopNoticeForm:
    """Form 05: the reason for stopping and its legal basis."""
    details = event.details or {}
    issuer = _issuer(dossier, event)
    return forms.StopNoticeForm(
        **_common(dossier, event),
        received_at=dossier.received_at,
        reason=details.get("reason") or event.note,
        legal_basis=details.get("legal_basis", ""),
        signer=signer(event, default_heading="Người ký"),
        recipients=_recipients(dossier, issuer),
    )


BUILDERS = {
    FORM_SUPPLEMENT: supplement_request_form,
    FORM_REFUSAL: refusal_form,
    FORM_APOLOGY: apology_form,
    FORM_STOP: stop_notice_form,
}


def form_number(event: DossierEvent) -> str | None:
    """The number of the form the timeline row issued ("02"–"05"), None for other rows."""
    number = (event.details or {}).get("form") if isinstance(event.details, dict) else None
    return number if number in FORM_NUMBERS else None


def build(dossier: Dossier, event: DossierEvent, *, number: str | None = None) -> forms.OfficialForm:
    """The form the row issued; ``number`` ("02"…"05"), when given, must be that form
    (`LookupError` otherwise)."""
    issued = form_number(event)
    if issued is None or event.dossier_id != dossier.pk or (number is not None and number != issued):
        raise LookupError(
            f"event {event.pk} did not issue form {number or '02-05'} of dossier {dossier.code}"
        )
    return BUILDERS[issued](dossier, event)


@dataclass(frozen=True)
class IssuedForm:
    """A form issued for a dossier: its number, its title and the timeline row that recorded it."""

    number: str
    title: str
    event: DossierEvent

    @property
    def at(self) -> dt.datetime:
        return self.event.at


_TITLES = {kind.number: kind.title for kind in FORM_KINDS.values()}


def issued_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.filter(details__form__in=FORM_NUMBERS).order_by("at", "pk")


def issued_forms(dossier: Dossier) -> list[IssuedForm]:
    """The forms 02–05 issued for the dossier, oldest first."""
    rows = []
    for event in issued_events(dossier):
        number = form_number(event)
        if number is not None:
            rows.append(IssuedForm(number=number, title=_TITLES[number], event=event))
    return rows
