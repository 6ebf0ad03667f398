"""Use cases of the one-stop dossier engine: one function each, one transaction, permission checked
inside, audit entry and outbox event in the same transaction (DESIGN.md "Data flow of a dossier")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.accounts import permissions
from egov.accounts import rules as identity
from egov.core import audit, counters, outbox
from egov.core.calendar_store import get_calendar
from egov.core.errors import ValidationFailed
from egov.core.numbering import CodeContext
from egov.dossiers import domain
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent, DossierPaper
from egov.organizations.models import Agency
from egov.procedures import rules as procedure_rules
from egov.procedures import selectors as procedure_selectors
from egov.procedures import workflow
from egov.procedures.models import Procedure, ProcedureVersion, RequiredPaper, Step

RECEIVE_ACTION = "receive"
"""The timeline action code of a receipt (the first row of form 06)."""


@dataclass(frozen=True)
class PaperReceipt:
    """A paper of the version's list ticked at the counter; counts default to what the list asks."""

    paper_id: int
    originals: int | None = None
    copies: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Applicant:
    """The applicant's details, normalised by `egov.accounts.rules`."""

    full_name: str
    citizen_id: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


def clean_applicant(applicant: Mapping[str, Any]) -> Applicant:
    """Check and normalise the applicant's fields; each refusal names its field (full_name,
    citizen_id, phone, email, address) so a form shows it beside what the officer typed."""
    citizen_id = str(applicant.get("citizen_id") or "").strip()
    phone = str(applicant.get("phone") or "").strip()
    email = str(applicant.get("email") or "").strip()
    address = " ".join(str(applicant.get("address") or "").split())
    if len(address) > 500:
        raise ValidationFailed(
            "Địa chỉ dài quá 500 ký tự.",
            code="dossier.address_too_long",
            message_en="The address is longer than 500 characters.",
            field="address",
        )
    return Applicant(
        full_name=identity.normalize_full_name(str(applicant.get("full_name") or "")),
        citizen_id=identity.normalize_citizen_id(citizen_id) if citizen_id else "",
        phone=identity.normalize_phone(phone) if phone else "",
        email=identity.normalize_email(email) if email else "",
        address=address,
    )


def _version_in_force(procedure: Procedure, at: dt.datetime) -> ProcedureVersion:
    version = procedure_selectors.version_in_force(procedure, at)
    if version is None:
        raise ValidationFailed(
            f"Thủ tục {procedure.national_code} không có phiên bản nào có hiệu lực vào ngày "
            f"{timezone.localtime(at):%d/%m/%Y} nên không thể tiếp nhận hồ sơ.",
            code="dossier.no_version_in_force",
            message_en=f"Procedure {procedure.national_code} has no version in force on {at:%Y-%m-%d}.",
            field="procedure",
        )
    if version.process_id is None:
        raise ValidationFailed(
            f"Thủ tục “{version.name}” chưa có quy trình nội bộ nên không thể tiếp nhận hồ sơ.",
            code="dossier.version_without_process",
            message_en="The version in force has no internal process.",
            field="procedure",
        )
    return version


def _papers_received(version: ProcedureVersion, papers: Sequence[PaperReceipt]) -> list[DossierPaper]:
    """The papers handed in; refused when one is not in the version's list or a required one is
    missing (all missing papers listed at once)."""
    listed: dict[int, RequiredPaper] = {paper.pk: paper for paper in version.papers.order_by("order", "pk")}
    ticked: dict[int, PaperReceipt] = {}
    for receipt in papers:
        if receipt.paper_id not in listed:
            raise ValidationFailed(
                "Giấy tờ đã chọn không thuộc thành phần hồ sơ của thủ tục này.",
                code="dossier.paper_unknown",
                message_en=f"Paper {receipt.paper_id} is not in this procedure's list.",
                field="papers",
            )
        ticked[receipt.paper_id] = receipt
    missing = [paper.name for pk, paper in listed.items() if paper.is_required and pk not in ticked]
    if missing:
        raise ValidationFailed(
            "Hồ sơ còn thiếu giấy tờ bắt buộc: " + "; ".join(missing) + ".",
            code="dossier.papers_missing",
            message_en=f"Required papers are missing: {'; '.join(missing)}.",
            field="papers",
            missing=missing,
        )
    return [
        DossierPaper(
            paper=listed[pk],
            name=listed[pk].name,
            originals=receipt.originals if receipt.originals is not None else listed[pk].originals,
            copies=receipt.copies if receipt.copies is not None else listed[pk].copies,
            note=receipt.note,
        )
        for pk, receipt in ticked.items()
    ]


def _officer_name(user: Any) -> str:
    return getattr(user, "full_name", "") or str(user)


def receive_at_counter(
    *,
    officer: Any,
    agency: Agency,
    procedure: Procedure,
    applicant: Mapping[str, Any],
    papers: Sequence[PaperReceipt],
    eform_document: dict[str, Any] | None = None,
    received_at: dt.datetime | None = None,
) -> Dossier:
    """Receive a walk-in applicant's dossier at the one-stop counter of ``agency``.

    The dossier binds to the procedure version in force at receipt; every required paper of that
    version must be handed in; the clock starts at the next working session and the due moment
    counts the legal working hours (or the single-day cut-off rule), DOMAIN.md §4. The code comes
    from the configured pattern (Thông tư 03/2025/TT-VPCP; default ``{agency}-{yymmdd}-{seq:4}``)
    and is allocated last, so a refused receipt never holds a counter row lock for long.
    """
    at = received_at or timezone.now()
    with transaction.atomic():
        permissions.require(officer, "dossiers.receive", agency)
        version = _version_in_force(procedure, at)
        person = clean_applicant(applicant)
        received_papers = _papers_received(version, papers)

        assert version.process is not None  # checked by _version_in_force
        process = procedure_selectors.process_spec(version.process)
        state = domain.receive(
            process,
            received_at=at,
            legal_hours=procedure_rules.legal_hours(
                version.processing_time, version.processing_time_unit, version.single_day_cutoff
            ),
            single_day_cutoff=version.single_day_cutoff,
            calendar=get_calendar(),
        )

        code = counters.next_code(
            counters.dossier_code_pattern(),
            CodeContext(
                series="dossier",
                at=at,
                agency=agency.identifier,
                agency_short=agency.short_name,
                procedure=procedure.national_code,
            ),
        )
        dossier = Dossier(
            code=code,
            version=version,
            agency=agency,
            channel=Dossier.Channel.COUNTER,
            received_by=officer,
            applicant_name=person.full_name,
            applicant_citizen_id=person.citizen_id,
            applicant_phone=person.phone,
            applicant_email=person.email,
            applicant_address=person.address,
            eform_document=eform_document or {},
        )
        dossier.apply_state(state)
        dossier.save()
        for paper in received_papers:
            paper.dossier = dossier
        DossierPaper.objects.bulk_create(received_papers)
        DossierEvent.objects.create(
            dossier=dossier,
            action=RECEIVE_ACTION,
            at=at,
            from_step="",
            to_step=state.step,
            status_before=None,
            status_after=int(state.status),
            giver_name=person.full_name,
            receiver_unit=agency,
            receiver_unit_name=agency.name,
            receiver=officer,
            receiver_name=_officer_name(officer),
            step_started_at=state.clock.step_started_at,
            step_due_at=state.clock.step_due_at,
        )
        audit.record(
            officer,
            "dossier.received",
            dossier,
            after={
                "code": code,
                "version": version.pk,
                "agency": agency.identifier,
                "channel": dossier.channel,
                "step": state.step,
                "national_status": int(state.status),
                "received_at": at,
                "due_at": state.clock.due_at,
                "papers": [paper.name for paper in received_papers],
            },
        )
        outbox.emit(
            "dossier.received",
            dossier,
            payload={"code": code, "agency": agency.identifier, "due_at": state.clock.due_at.isoformat()},
        )
    return dossier


RESULT_TOPICS = {
    NationalStatus.PROCESSED: "dossier.result_issued",
    NationalStatus.RESULT_RETURNED: "dossier.returned",
}
"""Outbox topics published besides ``dossier.step_completed`` when an action reaches these statuses."""


def _receiver_unit(dossier: Dossier, step: workflow.StepSpec) -> Agency | None:
    """The unit responsible for ``step`` where the process says it: the receiving agency, or the
    named inter-agency partner; None when the process leaves it to the agencies' own split."""
    if step.responsible == Step.Responsible.RECEIVING.value:
        return dossier.agency
    if step.responsible == workflow.RESPONSIBLE_OTHER_AGENCY and step.other_agency:
        return Agency.objects.filter(identifier=step.other_agency).first()
    return None


def _snapshot(dossier: Dossier) -> dict[str, Any]:
    return {
        "step": dossier.step,
        "national_status": dossier.national_status,
        "due_at": dossier.due_at,
        "step_due_at": dossier.step_due_at,
        "paused_at": dossier.paused_at,
        "finished_at": dossier.finished_at,
    }


def act(
    *,
    dossier: Dossier,
    action_code: str,
    actor: Any,
    note: str = "",
    new_due: dt.datetime | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Take the action ``action_code`` of the dossier's process on ``dossier`` (Nghị định 118/2025:
    each step of the approved internal process is handed over and recorded on form 06).

    The dossier row is locked first, so two officers acting at once are serialised: the second sees
    the step the first one left and is refused with `InvalidTransition`. The actor must hold one of
    the action's roles in the dossier's agency or above it (`ActionNotAllowed` otherwise) and the
    matching permission (``dossiers.receive`` for a receiver's action, ``dossiers.process`` else).
    The clock follows the bound version's legal time, single-day cut-off and supplement setting.
    A refusal writes nothing; a success writes the new state, one timeline row, an audit entry and
    ``dossier.step_completed`` (plus ``dossier.result_issued``/``dossier.returned`` at status 9/10).
    """
    moment = at or timezone.now()
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("agency", "version", "version__process")
            .get(pk=dossier.pk)
        )
        version = locked.version
        if version.process is None:
            raise domain.InvalidTransition(
                "Thủ tục của hồ sơ không có quy trình nội bộ nên không thể chuyển bước.",
                message_en="The dossier's procedure version has no internal process.",
            )
        process = procedure_selectors.process_spec(version.process)
        action = next((item for item in process.actions if item.code == action_code), None)
        if action is None:
            raise domain.InvalidTransition(
                f"Quy trình “{process.code}” không có thao tác “{action_code}”.",
                message_en=f"Process {process.code!r} has no action {action_code!r}.",
            )
        grants = dossier_selectors.acting_grants(actor, locked.agency)
        roles = frozenset(grant.role for grant in grants)
        before = _snapshot(locked)
        transition = domain.apply(
            locked.state(),
            action,
            process=process,
            at=moment,
            calendar=get_calendar(),
            actor_roles=roles,
            legal_hours=procedure_rules.legal_hours(
                version.processing_time, version.processing_time_unit, version.single_day_cutoff
            ),
            supplement_clock=version.process.supplement_clock,
            single_day_cutoff=version.single_day_cutoff,
            new_due=new_due,
            reason=reason,
        )
        acting = [grant for grant in grants if grant.role in action.roles]
        receive_roles = permissions.action("dossiers.receive").roles
        needed = "dossiers.receive" if any(g.role in receive_roles for g in acting) else "dossiers.process"
        permissions.require(actor, needed, locked)

        locked.apply_state(transition.state)
        if transition.status_after == NationalStatus.PROCESSED:
            locked.delivery_state = Dossier.DeliveryState.READY
        elif transition.status_after == NationalStatus.RESULT_RETURNED:
            locked.delivery_state = Dossier.DeliveryState.DELIVERED
        locked.save()

        giver_unit = Agency.objects.filter(pk=acting[0].agency_id).first() if acting else None
        target = process.step(transition.to_step)
        receiver_unit = _receiver_unit(locked, target) if target is not None else None
        handover = transition.handover
        DossierEvent.objects.create(
            dossier=locked,
            action=action.code,
            at=moment,
            from_step=transition.from_step,
            to_step=transition.to_step,
            status_before=int(transition.status_before),
            status_after=int(transition.status_after),
            giver=actor,
            giver_name=_officer_name(actor),
            giver_unit=giver_unit,
            giver_unit_name=giver_unit.name if giver_unit is not None else "",
            receiver_unit=receiver_unit,
            receiver_unit_name=receiver_unit.name if receiver_unit is not None else "",
            step_started_at=handover.step_started_at if handover else None,
            step_due_at=handover.step_due_at if handover else None,
            step_result=str(handover.result) if handover and handover.result else "",
            note=note.strip(),
        )
        audit.record(
            actor, "dossier.action", locked, before=before, after=_snapshot(locked), action_code=action.code
        )
        payload = {
            "code": locked.code,
            "action": action.code,
            "from_step": transition.from_step,
            "to_step": transition.to_step,
            "national_status": int(transition.status_after),
            "at": moment.isoformat(),
        }
        outbox.emit("dossier.step_completed", locked, payload=payload)
        topic = RESULT_TOPICS.get(transition.status_after)
        if topic is not None:
            outbox.emit(topic, locked, payload=payload)
    return locked
