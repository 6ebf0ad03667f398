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
from egov.dossiers.models import Dossier, DossierEvent, DossierPaper
from egov.organizations.models import Agency
from egov.procedures import rules as procedure_rules
from egov.procedures import selectors as procedure_selectors
from egov.procedures.models import Procedure, ProcedureVersion, RequiredPaper

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
            receiver_name=getattr(officer, "full_name", "") or str(officer),
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
