"""Liên thông: a step handled by another agency through a linked child dossier.

- `after_action` (called by `processing.act` inside its transaction): when an action moves a dossier
  into a step of another agency that is on the platform, open a child dossier there: channel
  "inter_agency", ``origin`` = the parent, the partner's own code, status 4 and its own clock (its
  share of the time: the step's allotted working hours). The parent keeps its step and stays with the
  agency that handed it over (``current_agency`` unchanged): each inbox holds one work item per piece
  of work, judged against its own due — the child at the partner against the partner's share, the
  parent at the origin against the appointment given to the citizen, which the origin answers for.
  Listing the parent at the partner too would show one piece of work twice there, overdue by a due
  that is not the partner's.
- `act_on_child` (delegated to by `processing.act` for a child): the partner's officer takes an action
  leaving the step; the child finishes (status 9, delivered to the origin, judged against its own due)
  and the parent moves on with the same action, handed back by the partner (form 06 row: giver = the
  partner's unit and officer, receiver = the unit of the parent's next step).
- `refuse_while_linked` (called by `processing.act` on a parent): nobody acts on the parent while its
  child is open (``dossier.linked_pending``).

A child is any dossier whose ``origin_id`` is set; statistics count it only at the partner, as
liên thông, never in the province totals (the parent is counted there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit, counters, outbox
from egov.core.calendar_store import get_calendar
from egov.core.errors import Conflict, ValidationFailed
from egov.core.numbering import CodeContext
from egov.dossiers import domain, files
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain import Transition
from egov.dossiers.domain import interagency as rules
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent, DossierFile, DossierPaper
from egov.dossiers.services import routing
from egov.dossiers.services.common import clean_note, legal_hours, officer_name, snapshot
from egov.dossiers.statistics import rollups
from egov.organizations.models import Agency
from egov.procedures import workflow

OPENED_TOPIC = "dossier.linked_opened"
CLOSED_TOPIC = "dossier.linked_closed"


def open_children(dossier: Dossier) -> QuerySet[Dossier]:
    """The linked child dossiers of ``dossier`` still being processed by their partner."""
    return Dossier.objects.filter(origin_id=dossier.pk, finished_at__isnull=True, closed_at__isnull=True)


def refuse_while_linked(dossier: Dossier) -> None:
    """Refuse any action on a parent whose liên thông child is still open (``dossier.linked_pending``):
    the partner acts on the child, and the parent moves when the child is handed back."""
    child = open_children(dossier).select_related("agency").only("code", "agency__name").first()
    if child is None:
        return
    raise Conflict(
        f"Hồ sơ đang chờ {child.agency.name} giải quyết phần liên thông (hồ sơ {child.code}); hồ sơ sẽ "
        "chuyển bước khi cơ quan đó xử lý xong trên hồ sơ liên thông.",
        code="dossier.linked_pending",
        message_en=f"The dossier waits for {child.agency.name} to process linked dossier {child.code}; "
        "it moves on when that agency hands it back.",
    )


def _partner(dossier: Dossier, step: workflow.StepSpec, details: Mapping[str, Any]) -> Agency | None:
    """The partner agency of ``step`` when it is on the platform (None: off the platform)."""
    identifier = rules.partner_identifier(step, details.get(rules.PARTNER_FIELD))
    if identifier is None:
        return None
    partner = Agency.objects.filter(identifier=identifier, is_active=True).first()
    if partner is None:
        if step.other_agency:
            return None  # the process names an agency not (yet) on the platform
        raise ValidationFailed(
            f"Không tìm thấy cơ quan liên thông đang hoạt động có mã định danh {identifier}.",
            code="dossier.partner_agency_unknown",
            message_en=f"No active agency has the identifier {identifier}.",
            field=rules.PARTNER_FIELD,
        )
    is_origin = partner.pk == dossier.agency_id
    if is_origin and step.other_agency:
        return None  # the process names the receiving agency itself: it takes the step, no child
    rules.check_partner(step, partner_kind=partner.kind, partner_name=partner.name, is_origin=is_origin)
    return partner


def after_action(
    dossier: Dossier,
    transition: Transition,
    *,
    process: workflow.ProcessSpec,
    actor: Any,
    at: datetime,
    details: Mapping[str, Any] | None = None,
    event: DossierEvent | None = None,
) -> Dossier | None:
    """Open the linked child dossier the transition calls for, if any, and return it.

    Called by `processing.act` after the parent's new state, timeline row (``event``) and files are
    written, in its transaction. A step naming a partner that is not on the platform opens nothing
    (the origin's officers record the partner's part); a step naming only a kind of agency opens a
    child at the agency the officer chose in ``details["partner_agency"]`` (its identifier).
    """
    if transition.to_step == transition.from_step:
        return None
    step = process.step(transition.to_step)
    if step is None or not rules.is_linked_step(step):
        return None
    partner = _partner(dossier, step, details or {})
    if partner is None:
        return None
    handed_by = event.giver_unit if event is not None and event.giver_unit is not None else dossier.agency
    child = _open_child(dossier, step=step, partner=partner, actor=actor, at=at, handed_by=handed_by)
    holder = routing.step_agency(dossier, process.step(transition.from_step))
    if dossier.current_agency_id != holder.pk:
        dossier.current_agency = holder  # the parent waits where it was: see the module's docstring
        dossier.save(update_fields=["current_agency", "updated_at"])
    if event is not None:
        event.receiver_unit = partner
        event.receiver_unit_name = partner.name
        event.details = {**event.details, "linked": child.code, rules.PARTNER_FIELD: partner.identifier}
        event.save(update_fields=["receiver_unit", "receiver_unit_name", "details"])
    return child


def _open_child(
    parent: Dossier, *, step: workflow.StepSpec, partner: Agency, actor: Any, at: datetime, handed_by: Agency
) -> Dossier:
    """Write the child dossier at ``partner``: code from the partner's counter, the parent's applicant,
    declaration and papers, its own clock; first timeline row, audit, rollups, ``dossier.linked_opened``."""
    version = parent.version
    state = rules.child_state(step, at=at, calendar=get_calendar())
    code = counters.next_code(
        counters.dossier_code_pattern(),
        CodeContext(
            series="dossier",
            at=at,
            agency=partner.identifier,
            agency_short=partner.short_name,
            procedure=version.procedure.national_code,
        ),
    )
    child = Dossier(
        code=code,
        version=version,
        agency=partner,
        processing_agency=None,
        current_agency=partner,
        channel=Dossier.Channel.INTER_AGENCY,
        origin=parent,
        applicant_name=parent.applicant_name,
        applicant_citizen_id=parent.applicant_citizen_id,
        applicant_phone=parent.applicant_phone,
        applicant_email=parent.applicant_email,
        applicant_address=parent.applicant_address,
        eform_document=parent.eform_document,
        return_method=parent.return_method,
        payment_state=Dossier.PaymentState.NOT_REQUIRED,
    )
    child.apply_state(state)
    child.save()
    DossierPaper.objects.bulk_create(
        DossierPaper(
            dossier=child,
            paper_id=paper.paper_id,
            name=paper.name,
            originals=paper.originals,
            copies=paper.copies,
            note=paper.note,
        )
        for paper in parent.papers.order_by("pk")
    )
    DossierEvent.objects.create(
        dossier=child,
        action="receive",
        at=at,
        from_step="",
        to_step=state.step,
        status_before=None,
        status_after=int(state.status),
        giver=actor,
        giver_name=officer_name(actor),
        giver_unit=handed_by,
        giver_unit_name=handed_by.name,
        receiver_unit=partner,
        receiver_unit_name=partner.name,
        step_started_at=state.clock.step_started_at,
        step_due_at=state.clock.step_due_at,
        details={"channel": Dossier.Channel.INTER_AGENCY, "origin": parent.code},
    )
    after = {
        "code": code,
        "origin": parent.code,
        "agency": partner.identifier,
        "step": state.step,
        "received_at": at,
        "due_at": state.clock.due_at,
    }
    audit.record(actor, OPENED_TOPIC, child, after=after)
    rollups.record(None, child)
    outbox.emit(
        OPENED_TOPIC,
        child,
        payload={
            "code": code,
            "origin": parent.code,
            "agency": partner.identifier,
            "step": state.step,
            "national_status": int(state.status),
            "due_at": state.clock.due_at.isoformat(),
        },
    )
    return child


ORIGIN_CLOSED_ACTION = "origin_closed"
"""The timeline action of a child closed because its origin was refused, stopped or withdrawn."""


def close_children(
    parent: Dossier, *, status: NationalStatus, at: datetime, reason: str, actor: Any
) -> list[Dossier]:
    """Close the open liên thông children of ``parent``, which was just closed without a result
    (refused, stopped, withdrawn), with the same status: the partner's share has no object any more.
    Called by the closing use case inside its transaction, after the parent is saved. Each child gets
    a timeline row naming the origin's closure, an audit entry and ``dossier.linked_closed``."""
    closed = []
    for child in (
        open_children(parent).select_related("agency").select_for_update(of=("self",)).order_by("pk")
    ):
        before = snapshot(child)
        facts = rollups.facts(child)
        text = f"Hồ sơ gốc {parent.code} đã chuyển sang trạng thái “{status.label}”: {reason}"[:2000]
        status_before = child.national_status
        child.apply_state(domain.close(child.state(), status=status, at=at, reason=text))
        child.save()
        event = DossierEvent.objects.create(
            dossier=child,
            action=ORIGIN_CLOSED_ACTION,
            at=at,
            from_step=child.step,
            to_step=child.step,
            status_before=status_before,
            status_after=int(status),
            giver=actor,
            giver_name=officer_name(actor),
            giver_unit=parent.agency,
            giver_unit_name=parent.agency.name,
            receiver_unit=child.agency,
            receiver_unit_name=child.agency.name,
            note=text,
            details={"origin": parent.code},
        )
        audit.record(actor, CLOSED_TOPIC, child, before=before, after=snapshot(child), origin=parent.code)
        rollups.record(facts, child)
        outbox.emit(
            CLOSED_TOPIC,
            child,
            payload={
                "code": child.code,
                "origin": parent.code,
                "national_status": int(status),
                "at": at.isoformat(),
                "event": event.pk,
            },
        )
        closed.append(child)
    return closed


def act_on_child(
    *,
    child: Dossier,
    action_code: str,
    actor: Any,
    note: str = "",
    at: datetime | None = None,
    uploads: Sequence[files.Upload] = (),
    details: Mapping[str, Any] | None = None,
) -> Dossier:
    """The partner's officer takes ``action_code`` on a liên thông child: the child finishes and the
    parent moves on with the same action, in one transaction.

    The action must leave the child's step and be open to one of the actor's roles at the partner
    (``dossiers.process`` checked there); pausing, resuming, extending or freezing actions are refused
    on a child (``dossier.linked_action_unsupported``). The child gets status 9 (Đã xử lý xong),
    ``finished_at`` and delivery "delivered" (to the origin); its form-06 row is judged against its own
    due. Uploads (the partner's result paper) attach to the child; the parent's page lists them through
    `egov.dossiers.linked`. Two officers at once: the child's row lock serialises them, the second is
    told the child is finished.
    """
    from egov.dossiers.services import processing  # processing delegates here: import at call time

    moment = at or timezone.now()
    checked = files.check_uploads(uploads)
    text = clean_note(note)
    with transaction.atomic():
        locked = processing.lock(child)
        process = processing.process_of(locked)
        action = next((item for item in process.actions if item.code == action_code), None)
        if action is None:
            raise domain.InvalidTransition(
                f"Quy trình “{process.code}” không có thao tác “{action_code}”.",
                message_en=f"Process {process.code!r} has no action {action_code!r}.",
            )
        responsible = locked.permission_agency()
        grants = dossier_selectors.acting_grants(actor, responsible)
        version = locked.version
        assert version.process is not None
        calendar = get_calendar()
        moved = domain.apply(
            locked.state(),
            action,
            process=process,
            at=moment,
            calendar=calendar,
            actor_roles=frozenset(grant.role for grant in grants),
            legal_hours=legal_hours(version),
            supplement_clock=version.process.supplement_clock,
            single_day_cutoff=version.single_day_cutoff,
        )
        rules.check_child_action(action)
        acting = [grant for grant in grants if grant.role in action.roles]
        giver_unit = (
            responsible
            if acting[0].agency_id == responsible.pk
            else Agency.objects.get(pk=acting[0].agency_id)
        )
        permissions.require(actor, "dossiers.process", giver_unit)

        assert locked.origin_id is not None
        origin = processing.lock(locked.origin)
        if not origin.is_open or origin.step != locked.step:
            raise Conflict(
                f"Hồ sơ gốc {origin.code} không còn chờ kết quả liên thông ở bước này (đã chuyển bước, "
                "dừng hoặc kết thúc) nên không thể trả hồ sơ liên thông.",
                code="dossier.origin_moved",
                message_en=f"Origin dossier {origin.code} no longer waits in this step.",
            )
        before = snapshot(locked)
        facts = rollups.facts(locked)
        locked.apply_state(rules.finish_child(locked.state(), at=moment, calendar=calendar))
        locked.delivery_state = Dossier.DeliveryState.DELIVERED
        locked.save()
        receiver_unit = routing.step_agency(origin, process.step(action.to_step))
        handover = moved.handover
        event = DossierEvent.objects.create(
            dossier=locked,
            action=action.code,
            at=moment,
            from_step=locked.step,
            to_step=locked.step,
            status_before=int(NationalStatus.PROCESSING),
            status_after=int(NationalStatus.PROCESSED),
            giver=actor,
            giver_name=officer_name(actor),
            giver_unit=giver_unit,
            giver_unit_name=giver_unit.name,
            receiver_unit=receiver_unit,
            receiver_unit_name=receiver_unit.name,
            step_started_at=handover.step_started_at if handover else None,
            step_due_at=handover.step_due_at if handover else None,
            step_result=str(handover.result) if handover and handover.result else "",
            note=text,
            details={**dict(details or {}), "origin": origin.code, "origin_step": action.to_step},
        )
        stored = files.attach(locked, checked, kind=DossierFile.Kind.RESULT, by=actor, event=event)
        timeliness = domain.timeliness(locked.state(), at=moment, calendar=calendar)
        audit.record(
            actor,
            CLOSED_TOPIC,
            locked,
            before=before,
            after=snapshot(locked),
            action_code=action.code,
            origin=origin.code,
            files=[row.sha256 for row in stored],
        )
        rollups.record(facts, locked)
        outbox.emit(
            CLOSED_TOPIC,
            locked,
            payload={
                "code": locked.code,
                "origin": origin.code,
                "action": action.code,
                "national_status": int(NationalStatus.PROCESSED),
                "at": moment.isoformat(),
                "timeliness": str(timeliness) if timeliness else "",
                "event": event.pk,
            },
        )
        # Handed back by the partner: for this action the parent's step is the partner's, so the
        # partner's officer acts on it with their own roles and the form-06 row names them as giver.
        waiting_at = origin.current_agency
        origin.current_agency = locked.agency
        origin.save(update_fields=["current_agency", "updated_at"])
        moved_on = processing.act(
            dossier=origin,
            action_code=action.code,
            actor=actor,
            note=text,
            at=moment,
            details={**dict(details or {}), "linked": locked.code},
        )
        if waiting_at is not None and open_children(moved_on).exists():
            # Straight into the next partner's step: the parent keeps waiting where it waited.
            moved_on.current_agency = waiting_at
            moved_on.save(update_fields=["current_agency", "updated_at"])
    return locked
