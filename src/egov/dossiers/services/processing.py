"""Processing: an officer (or the applicant, in the applicant's own steps) takes an action of the
dossier's process (Nghị định 118/2025: each step of the approved internal process is handed over and
recorded on form 06)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit, outbox
from egov.core.calendar_store import get_calendar
from egov.dossiers import domain, files
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.dossiers.services import interagency, routing
from egov.dossiers.services.common import clean_note, legal_hours, officer_name, snapshot
from egov.dossiers.statistics import rollups
from egov.organizations.models import Agency
from egov.procedures import selectors as procedure_selectors
from egov.procedures import workflow

RESULT_TOPICS = {
    NationalStatus.PROCESSED: "dossier.result_issued",
    NationalStatus.RESULT_RETURNED: "dossier.returned",
}
"""Outbox topics published besides ``dossier.step_completed`` when an action reaches these statuses."""

PAUSE_TOPICS = {
    NationalStatus.SUPPLEMENT_REQUESTED: "dossier.supplement_requested",
    NationalStatus.FINANCIAL_OBLIGATION: "dossier.financial_obligation_requested",
}
"""Outbox topics of an action that pauses the clock for the applicant."""


def lock(dossier: Dossier) -> Dossier:
    """The dossier row locked for the rest of the transaction (two officers acting at once are
    serialised: the second sees what the first one left)."""
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("agency", "current_agency", "processing_agency", "version", "version__process")
        .get(pk=dossier.pk)
    )


def process_of(dossier: Dossier) -> workflow.ProcessSpec:
    process = dossier.version.process
    if process is None:
        raise domain.InvalidTransition(
            "Thủ tục của hồ sơ không có quy trình nội bộ nên không thể chuyển bước.",
            message_en="The dossier's procedure version has no internal process.",
        )
    return procedure_selectors.process_spec(process)


def act(
    *,
    dossier: Dossier,
    action_code: str,
    actor: Any,
    note: str = "",
    new_due: dt.datetime | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
    uploads: Sequence[files.Upload] = (),
    details: Mapping[str, Any] | None = None,
) -> Dossier:
    """Take the action ``action_code`` of the dossier's process.

    The dossier row is locked first. The actor must hold one of the action's roles in the agency
    responsible for the current step (or above it), or be the dossier's applicant for an action open
    to the ``applicant`` role; and the matching permission (``dossiers.receive`` for a receiver's
    action, ``dossiers.process`` else). The clock follows the bound version's legal time, single-day
    cut-off and supplement setting. Files (a result paper, supplementary papers) are checked before
    anything is written and stored on commit. A refusal writes nothing; a success writes the new
    state, one timeline row, an audit entry, the rollups and ``dossier.step_completed`` (plus
    ``dossier.supplement_requested``, ``dossier.resumed``, ``dossier.result_issued``,
    ``dossier.returned`` where they apply).
    """
    if dossier.origin_id is not None:  # a liên thông child: the partner hands the dossier back
        return interagency.act_on_child(
            child=dossier,
            action_code=action_code,
            actor=actor,
            note=note,
            at=at,
            uploads=uploads,
            details=details,
        )
    moment = at or timezone.now()
    checked = files.check_uploads(uploads)
    text = clean_note(note)
    with transaction.atomic():
        locked = lock(dossier)
        interagency.refuse_while_linked(locked)
        if locked.national_status == NationalStatus.REGISTERED:
            raise domain.InvalidTransition(
                "Hồ sơ trực tuyến chưa được tiếp nhận; hãy tiếp nhận (hoặc từ chối) trước khi xử lý.",
                message_en="Accept (or refuse) the online dossier before processing it.",
            )
        process = process_of(locked)
        action = next((item for item in process.actions if item.code == action_code), None)
        if action is None:
            raise domain.InvalidTransition(
                f"Quy trình “{process.code}” không có thao tác “{action_code}”.",
                message_en=f"Process {process.code!r} has no action {action_code!r}.",
            )
        responsible = locked.permission_agency()
        grants = dossier_selectors.acting_grants(actor, responsible)
        roles = {grant.role for grant in grants}
        is_applicant = locked.owner_id is not None and locked.owner_id == getattr(actor, "pk", None)
        if is_applicant:
            roles.add(workflow.APPLICANT)
        before = snapshot(locked)
        facts = rollups.facts(locked)
        version = locked.version
        assert version.process is not None
        transition = domain.apply(
            locked.state(),
            action,
            process=process,
            at=moment,
            calendar=get_calendar(),
            actor_roles=frozenset(roles),
            legal_hours=legal_hours(version),
            supplement_clock=version.process.supplement_clock,
            single_day_cutoff=version.single_day_cutoff,
            new_due=new_due,
            reason=reason,
        )
        acting = [grant for grant in grants if grant.role in action.roles]
        giver_unit = _unit(acting[0].agency_id, responsible) if acting else None
        if giver_unit is not None:
            receive_roles = permissions.action("dossiers.receive").roles
            needed = (
                "dossiers.receive" if any(g.role in receive_roles for g in acting) else "dossiers.process"
            )
            permissions.require(actor, needed, giver_unit)
        # else: the applicant acting in their own step (checked by domain.apply through the role).

        locked.apply_state(transition.state)
        if transition.status_after == NationalStatus.PROCESSED:
            locked.delivery_state = Dossier.DeliveryState.READY
        elif transition.status_after == NationalStatus.RESULT_RETURNED:
            locked.delivery_state = Dossier.DeliveryState.DELIVERED
        target = process.step(transition.to_step)
        if transition.to_step != transition.from_step:
            new_agency = routing.step_agency(locked, target)
            if new_agency.pk != responsible.pk:
                locked.assignee = None
            locked.current_agency = new_agency
        locked.save()

        receiver_unit = locked.current_agency if transition.to_step != transition.from_step else None
        handover = transition.handover
        event = DossierEvent.objects.create(
            dossier=locked,
            action=action.code,
            at=moment,
            from_step=transition.from_step,
            to_step=transition.to_step,
            status_before=int(transition.status_before),
            status_after=int(transition.status_after),
            giver=actor,
            giver_name=officer_name(actor),
            giver_unit=giver_unit,
            giver_unit_name=giver_unit.name if giver_unit is not None else "",
            receiver_unit=receiver_unit,
            receiver_unit_name=receiver_unit.name if receiver_unit is not None else "",
            step_started_at=handover.step_started_at if handover else None,
            step_due_at=handover.step_due_at if handover else None,
            step_result=str(handover.result) if handover and handover.result else "",
            note=text,
            details=dict(details or {}),
        )
        kind = _file_kind(transition)
        stored = files.attach(locked, checked, kind=kind, by=actor, event=event)
        interagency.after_action(
            locked, transition, process=process, actor=actor, at=moment, details=details, event=event
        )
        audit.record(
            actor,
            "dossier.action",
            locked,
            before=before,
            after=snapshot(locked),
            action_code=action.code,
            files=[row.sha256 for row in stored],
        )
        rollups.record(facts, locked)
        payload = {
            "code": locked.code,
            "action": action.code,
            "from_step": transition.from_step,
            "to_step": transition.to_step,
            "national_status": int(transition.status_after),
            "at": moment.isoformat(),
            "event": event.pk,
        }
        if details:
            payload["details"] = dict(details)  # what the applicant is told (form 02 items, ...)
        outbox.emit("dossier.step_completed", locked, payload=payload)
        for topic in _topics(transition):
            outbox.emit(topic, locked, payload=payload)
    return locked


def _unit(agency_id: int, responsible: Agency) -> Agency | None:
    if agency_id == responsible.pk:
        return responsible
    return Agency.objects.filter(pk=agency_id).first()


def _file_kind(transition: domain.Transition) -> str:
    if transition.clock_effect in (domain.ClockEffect.RESUME, domain.ClockEffect.RESTART):
        return DossierFile.Kind.SUPPLEMENT
    if transition.status_after in (NationalStatus.PROCESSED, NationalStatus.RESULT_RETURNED):
        return DossierFile.Kind.RESULT
    return DossierFile.Kind.SCAN


def _topics(transition: domain.Transition) -> list[str]:
    """The outbox topics of a transition besides ``dossier.step_completed``."""
    topics = []
    if transition.clock_effect == domain.ClockEffect.PAUSE:
        topic = PAUSE_TOPICS.get(transition.status_after)
        if topic is not None:
            topics.append(topic)
    elif transition.clock_effect in (domain.ClockEffect.RESUME, domain.ClockEffect.RESTART) and (
        transition.status_before in PAUSE_TOPICS
    ):
        topics.append("dossier.resumed")
    if transition.status_changed or transition.finished:
        topic = RESULT_TOPICS.get(transition.status_after)
        if topic is not None:
            topics.append(topic)
    return topics
