"""Form 06 (phiếu kiểm soát quá trình giải quyết hồ sơ, Thông tư 03/2025/TT-VPCP) built from a
dossier's timeline.

The form has one row per hand-over: who gave the dossier (unit, person) to whom (unit, person), when,
and how the step that ended there went against its allotted time (trước hạn / đúng hạn / quá hạn).
The timeline (`DossierEvent`) holds more than hand-overs, so the rows are chosen like this:

- **The receipt is the first row**: the applicant (tổ chức, cá nhân) hands the dossier to the
  receiving agency's officer. For an online dossier the row keeps the moment of submission (the
  clock runs from it) and names as receiver the officer who accepted it; the acceptance is not a
  row of its own.
- **Every event that moves the dossier to another step is a row** (``from_step != to_step``): the
  giver is the officer who acted and their unit; the receiver is the unit of the new step, and the
  person who received it is the one who next acted on it (the giver of the following hand-over) or
  the officer it was assigned to, when the timeline knows them. A result returned to the applicant
  (status 10) and a dossier sent to the applicant's own step (supplement, financial obligation) are
  handed to "Tổ chức, cá nhân", the applicant.
- **Events that keep the dossier in its step are not rows** (acceptance, assignment inside a unit,
  a form-04 extension, a frozen snapshot, a note): the form records hand-overs only. What they
  say is kept in the note of the row in force at the time ("Phân công: …", "Gia hạn: …"), so the
  paper still shows the extension the law asks to be visible.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from egov.core.vietnamese_dates import table_moment
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.official_forms import data
from egov.dossiers.paperwork.heading import applicant, issuing_agency
from egov.organizations.models import Agency
from egov.procedures.models import Action, Step

RECEIVE_ACTION = "receive"
ACCEPT_ACTION = "accept"
APPLICANT_UNIT = "Tổ chức, cá nhân"
"""How form 06 writes the applicant's side of a hand-over (receipt, result returned, supplement)."""

APPLICANT_STATUSES = frozenset(
    {
        int(NationalStatus.SUPPLEMENT_REQUESTED),
        int(NationalStatus.FINANCIAL_OBLIGATION),
        int(NationalStatus.RESULT_RETURNED),
    }
)
"""Statuses in which the dossier (or its result) is in the applicant's hands."""

_OUTCOMES = {outcome.value: outcome for outcome in data.StepOutcome}


def processing_control_form(dossier: Dossier) -> data.ProcessingControlForm:
    """Form 06 of ``dossier``: its receipt and every hand-over of its timeline, oldest first (see
    the module docstring for which timeline rows are hand-overs). Four small queries: the timeline,
    the names of the process's actions, its applicant steps and the units that took part."""
    events = list(dossier.events.order_by("at", "pk"))
    process_id = dossier.version.process_id
    action_names: dict[str, str] = {}
    applicant_steps: set[str] = set()
    if process_id is not None:
        action_names = dict(Action.objects.filter(process_id=process_id).values_list("code", "name"))
        applicant_steps = set(
            Step.objects.filter(process_id=process_id, responsible=Step.Responsible.APPLICANT).values_list(
                "code", flat=True
            )
        )
    processing = dossier.processing_agency or dossier.agency
    extensions = {
        dt.datetime.fromisoformat(item["at"]): item for item in dossier.extensions or () if item.get("at")
    }
    return data.ProcessingControlForm(
        agency=issuing_agency(dossier.agency),
        dossier_code=dossier.code,
        applicant=applicant(dossier),
        procedure_name=dossier.version.name,
        issued_on=timezone.localdate(dossier.received_at),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        processing_agency=processing.name,
        handovers=handovers(
            events,
            applicant_name=dossier.applicant_name,
            action_names=action_names,
            applicant_steps=applicant_steps,
            extensions=extensions,
        ),
        coordinating_agencies=coordinating_agencies(events, own=(dossier.agency, processing)),
    )


@dataclass
class _Row:
    """A form-06 row being built: the hand-over, its notes, and whether its receiving person is
    still unknown (then the next officer to act on the dossier is the one who received it)."""

    handover: data.Handover
    notes: list[str] = field(default_factory=list)
    receiver_open: bool = False

    def receive_by(self, person: str) -> None:
        if self.receiver_open and person:
            self.handover = dataclasses.replace(self.handover, to_person=person)
            self.receiver_open = False

    def done(self) -> data.Handover:
        notes = [note for note in self.notes if note]
        return dataclasses.replace(self.handover, note="; ".join(notes)) if notes else self.handover


def handovers(
    events: Iterable[DossierEvent],
    *,
    applicant_name: str,
    action_names: Mapping[str, str] | None = None,
    applicant_steps: Iterable[str] = (),
    extensions: Mapping[dt.datetime, Mapping[str, Any]] | None = None,
) -> tuple[data.Handover, ...]:
    """The rows of form 06 from a timeline in order (no database access)."""
    names = dict(action_names or {})
    to_applicant_steps = set(applicant_steps)
    given = dict(extensions or {})
    rows: list[_Row] = []
    for event in events:
        if event.action == RECEIVE_ACTION and not rows:
            rows.append(
                _Row(
                    data.Handover(
                        from_unit=APPLICANT_UNIT,
                        from_person=applicant_name or event.giver_name,
                        to_unit=event.receiver_unit_name,
                        to_person=event.receiver_name,
                        at=event.at,
                    ),
                    notes=[event.note],
                    receiver_open=not event.receiver_name,
                )
            )
            continue
        extension = _extension_note(given.get(event.at))
        if event.from_step == event.to_step:
            if rows:
                rows[-1].notes.append(_kept_note(event, rows[-1], names))
                rows[-1].notes.append(extension)
            continue
        if rows:
            rows[-1].receive_by(event.giver_name)
        to_applicant = event.status_after in APPLICANT_STATUSES or event.to_step in to_applicant_steps
        from_applicant = not event.giver_unit_name and event.status_before in APPLICANT_STATUSES
        rows.append(
            _Row(
                data.Handover(
                    from_unit=APPLICANT_UNIT if from_applicant else event.giver_unit_name,
                    from_person=event.giver_name,
                    to_unit=APPLICANT_UNIT if to_applicant else event.receiver_unit_name,
                    to_person=applicant_name if to_applicant else event.receiver_name,
                    at=event.at,
                    outcome=_OUTCOMES.get(event.step_result),
                ),
                notes=[names.get(event.action, ""), event.note, extension],
                receiver_open=not to_applicant and not event.receiver_name,
            )
        )
    return tuple(row.done() for row in rows)


def _kept_note(event: DossierEvent, row: _Row, names: Mapping[str, str]) -> str:
    """What an event that keeps the dossier in its step adds to the row in force: an accepting or
    assigned officer becomes the row's receiving person when it has none yet."""
    if event.action == ACCEPT_ACTION:
        row.receive_by(event.receiver_name)
        return " — ".join(
            text for text in (f"Nộp trực tuyến, tiếp nhận lúc {table_moment(event.at)}", event.note) if text
        )
    label = names.get(event.action, "")
    if event.receiver_name:
        row.receive_by(event.receiver_name)
        label = f"{label or 'Phân công'}: {event.receiver_name}"
    return " — ".join(text for text in (label, event.note) if text)


def _extension_note(extension: Mapping[str, Any] | None) -> str:
    """'Gia hạn (mẫu 04) đến 17:00 10/07/2025: lý do' for the extension given by an event."""
    if not extension or not extension.get("new_due"):
        return ""
    new_due = dt.datetime.fromisoformat(extension["new_due"])
    reason = extension.get("reason") or ""
    text = f"Gia hạn (mẫu 04) đến {table_moment(new_due)}"
    return f"{text}: {reason}" if reason else text


def coordinating_agencies(events: Sequence[DossierEvent], *, own: Iterable[Agency]) -> tuple[str, ...]:
    """Units that took part besides the receiving and the processing agency, their divisions and the
    agencies above them (liên thông partners), in the order they first appear."""
    paths = [agency.path for agency in own if agency.path]
    ids = {
        unit_id
        for event in events
        for unit_id in (event.giver_unit_id, event.receiver_unit_id)
        if unit_id is not None
    }
    if not ids:
        return ()
    units = Agency.objects.filter(pk__in=ids).only("pk", "path", "name").in_bulk()
    seen: list[str] = []
    for event in events:
        for unit_id in (event.giver_unit_id, event.receiver_unit_id):
            unit = units.get(unit_id) if unit_id is not None else None
            if unit is None or unit.name in seen:
                continue
            related = any(unit.path.startswith(path) or path.startswith(unit.path) for path in paths)
            if not related:
                seen.append(unit.name)
    return tuple(seen)
