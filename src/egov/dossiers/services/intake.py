"""Intake: one service, `receive`, used by every channel (counter, online, API, postal, liên thông).

One transaction: the procedure version in force, the receiving agency, the applicant, the papers, the
e-form declaration and the files are checked before anything is written; then the clock, the code,
the dossier, its papers, its files (stored on commit), the first timeline row, the audit entry, the
rollups and ``dossier.received`` (DESIGN.md "Data flow of a dossier")."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.accounts import permissions
from egov.accounts import rules as identity
from egov.core import audit, counters, outbox
from egov.core.calendar_store import get_calendar
from egov.core.errors import Conflict, ValidationFailed
from egov.core.numbering import CodeContext
from egov.dossiers import domain, files
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent, DossierPaper
from egov.dossiers.services import routing
from egov.dossiers.services.common import clean_note, legal_hours, officer_name, snapshot
from egov.dossiers.statistics import rollups
from egov.organizations.models import Agency
from egov.procedures import selectors as procedure_selectors
from egov.procedures.eform.validation import validate_document
from egov.procedures.models import Procedure, ProcedureVersion, RequiredPaper

RECEIVE_ACTION = "receive"
"""The timeline action code of a receipt (the first row of form 06)."""
ACCEPT_ACTION = "accept"
"""The timeline action code of an officer accepting an online dossier (status 1 → 2)."""
OFFICER_CHANNELS = frozenset({Dossier.Channel.COUNTER, Dossier.Channel.POSTAL, Dossier.Channel.INTER_AGENCY})


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


def _check_eform(
    version: ProcedureVersion, document: Mapping[str, Any] | None, *, required: bool
) -> dict[str, Any]:
    """The declaration checked against the version's e-form (every problem at once, field ``eform``).

    Online the declaration is the e-form itself and is ``required``; at the counter the applicant may
    hand in the paper declaration (tờ khai) instead, so an empty one is accepted there."""
    if not version.eform_schema or (not document and not required):
        return dict(document or {})
    problems = validate_document(version.eform_schema, dict(document or {}))
    if problems:
        raise ValidationFailed(
            "Tờ khai chưa hợp lệ: " + " ".join(problem.message_vi for problem in problems),
            code="dossier.eform_invalid",
            message_en="The declaration is not valid: "
            + " ".join(problem.message_en for problem in problems),
            field="eform",
            problems=[
                {"field": problem.field, "code": problem.code, "message": problem.message_vi}
                for problem in problems
            ],
        )
    return dict(document or {})


def _fingerprint(**parts: Any) -> str:
    canonical = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Received:
    """What `receive` did: the dossier, and whether it was created now (False: a replay of the same
    ``Idempotency-Key``)."""

    dossier: Dossier
    created: bool


def _replay(key: str, fingerprint: str) -> Received | None:
    existing = Dossier.objects.filter(idempotency_key=key).first()
    if existing is None:
        return None
    if existing.idempotency_fingerprint != fingerprint:
        raise Conflict(
            "Khóa chống trùng (Idempotency-Key) này đã được dùng cho một hồ sơ khác nội dung.",
            code="dossier.idempotency_key_reused",
            message_en="This Idempotency-Key was already used for a different request.",
            field="idempotency_key",
        )
    return Received(dossier=existing, created=False)


def receive(
    *,
    channel: str,
    actor: Any,
    agency: Agency,
    procedure: Procedure,
    applicant: Mapping[str, Any],
    papers: Sequence[PaperReceipt],
    uploads: Sequence[files.Upload] = (),
    eform_document: Mapping[str, Any] | None = None,
    received_at: dt.datetime | None = None,
    owner: Any = None,
    return_method: str = Dossier.ReturnMethod.COUNTER,
    idempotency_key: str = "",
    note: str = "",
) -> Received:
    """Receive a dossier of ``procedure`` at ``agency`` through ``channel``.

    - counter, postal, inter-agency: ``actor`` is an officer allowed ``dossiers.receive`` at the agency;
      the dossier is received now (status 2, Được tiếp nhận) and the clock starts.
    - online: ``actor`` is the applicant (``owner``); the dossier is registered (status 1, Mới đăng
      ký) with the clock counted from submission, until an officer accepts it (`accept_online`) or
      refuses it (form 03).

    The version in force at ``received_at`` must have an internal process and name ``agency`` among
    its receiving agencies; every required paper must be ticked; the declaration must satisfy the
    e-form; files must be PDF/JPEG/PNG within the size limit, and are stored when the transaction
    commits. With ``idempotency_key`` a second call with the same key and the same content returns
    the first dossier (``created`` False); the same key with other content is a `Conflict`.
    """
    at = received_at or timezone.now()
    if channel not in Dossier.Channel.values:
        raise ValidationFailed(
            "Kênh tiếp nhận không hợp lệ.",
            code="dossier.channel_invalid",
            message_en=f"Unknown channel {channel!r}.",
            field="channel",
        )
    checked = files.check_uploads(uploads)
    fingerprint = ""
    if idempotency_key:
        fingerprint = _fingerprint(
            channel=channel,
            agency=agency.pk,
            procedure=procedure.pk,
            applicant=dict(applicant),
            papers=[(paper.paper_id, paper.originals, paper.copies, paper.note) for paper in papers],
            eform=dict(eform_document or {}),
            files=[item.sha256 for item in checked],
            return_method=return_method,
            note=note,
        )
        replay = _replay(idempotency_key, fingerprint)
        if replay is not None:
            return replay
    try:
        with transaction.atomic():
            dossier = _receive(
                channel=channel,
                actor=actor,
                agency=agency,
                procedure=procedure,
                applicant=applicant,
                papers=papers,
                checked=checked,
                eform_document=eform_document,
                at=at,
                owner=owner,
                return_method=return_method,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                note=note,
            )
    except IntegrityError:
        # Two requests with one key at the same moment: the other one committed first.
        replay = _replay(idempotency_key, fingerprint) if idempotency_key else None
        if replay is None:
            raise
        return replay
    return Received(dossier=dossier, created=True)


def _receive(
    *,
    channel: str,
    actor: Any,
    agency: Agency,
    procedure: Procedure,
    applicant: Mapping[str, Any],
    papers: Sequence[PaperReceipt],
    checked: Sequence[files.CheckedUpload],
    eform_document: Mapping[str, Any] | None,
    at: dt.datetime,
    owner: Any,
    return_method: str,
    idempotency_key: str,
    fingerprint: str,
    note: str,
) -> Dossier:
    online = channel == Dossier.Channel.ONLINE
    if online:
        if owner is None or getattr(owner, "pk", None) is None:
            raise ValidationFailed(
                "Hãy đăng nhập để nộp hồ sơ trực tuyến.",
                code="dossier.online_requires_account",
                message_en="Sign in to file a dossier online.",
            )
    else:
        permissions.require(actor, "dossiers.receive", agency)
    version = _version_in_force(procedure, at)
    if not routing.may_receive(version, agency):
        raise ValidationFailed(
            f"{agency.name} không phải là cơ quan tiếp nhận hồ sơ của thủ tục “{version.name}”.",
            code="dossier.agency_not_receiving",
            message_en=f"{agency.name} does not receive dossiers of this procedure.",
            field="agency",
        )
    if return_method not in Dossier.ReturnMethod.values:
        raise ValidationFailed(
            "Hình thức nhận kết quả không hợp lệ.",
            code="dossier.return_method_invalid",
            message_en=f"Unknown return method {return_method!r}.",
            field="return_method",
        )
    person = clean_applicant(applicant)
    received_papers = _papers_received(version, papers)
    declaration = _check_eform(version, eform_document, required=online)
    text = clean_note(note)

    assert version.process is not None  # checked by _version_in_force
    process = procedure_selectors.process_spec(version.process)
    state = domain.receive(
        process,
        received_at=at,
        legal_hours=legal_hours(version),
        single_day_cutoff=version.single_day_cutoff,
        calendar=get_calendar(),
    )
    status = NationalStatus.REGISTERED if online else state.status

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
        processing_agency=routing.processing_agency(version, agency),
        channel=channel,
        received_by=None if online else actor,
        owner=owner,
        applicant_name=person.full_name,
        applicant_citizen_id=person.citizen_id,
        applicant_phone=person.phone,
        applicant_email=person.email,
        applicant_address=person.address,
        eform_document=declaration,
        return_method=return_method,
        idempotency_key=idempotency_key,
        idempotency_fingerprint=fingerprint,
        payment_state=Dossier.PaymentState.PENDING
        if _charges(version)
        else Dossier.PaymentState.NOT_REQUIRED,
    )
    dossier.apply_state(state)
    dossier.national_status = int(status)
    dossier.current_agency = routing.step_agency(dossier, process.step(state.step))
    dossier.save()
    for paper in received_papers:
        paper.dossier = dossier
    DossierPaper.objects.bulk_create(received_papers)
    by_paper = {paper.paper_id: paper for paper in received_papers if paper.paper_id is not None}
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=RECEIVE_ACTION,
        at=at,
        from_step="",
        to_step=state.step,
        status_before=None,
        status_after=int(status),
        giver=owner if online else None,
        giver_name=person.full_name,
        receiver_unit=agency,
        receiver_unit_name=agency.name,
        receiver=None if online else actor,
        receiver_name="" if online else officer_name(actor),
        step_started_at=state.clock.step_started_at,
        step_due_at=state.clock.step_due_at,
        note=text,
        details={"channel": channel},
    )
    stored = files.attach(dossier, checked, kind="scan", by=actor, event=event, papers=by_paper)
    audit.record(
        actor,
        "dossier.received",
        dossier,
        after={
            "code": code,
            "version": version.pk,
            "agency": agency.identifier,
            "channel": dossier.channel,
            "step": state.step,
            "national_status": int(status),
            "received_at": at,
            "due_at": state.clock.due_at,
            "papers": [paper.name for paper in received_papers],
            "files": [row.sha256 for row in stored],
        },
    )
    rollups.record(None, dossier)
    outbox.emit(
        "dossier.received",
        dossier,
        payload={
            "code": code,
            "agency": agency.identifier,
            "channel": channel,
            "national_status": int(status),
            "due_at": state.clock.due_at.isoformat(),
        },
    )
    return dossier


def _charges(version: ProcedureVersion) -> bool:
    return any(fee.amount and fee.amount > 0 for fee in version.fees.all())


def receive_at_counter(
    *,
    officer: Any,
    agency: Agency,
    procedure: Procedure,
    applicant: Mapping[str, Any],
    papers: Sequence[PaperReceipt],
    eform_document: Mapping[str, Any] | None = None,
    received_at: dt.datetime | None = None,
    uploads: Sequence[files.Upload] = (),
    return_method: str = Dossier.ReturnMethod.COUNTER,
    note: str = "",
) -> Dossier:
    """A walk-in applicant's dossier received at the one-stop counter of ``agency`` (`receive`)."""
    return receive(
        channel=Dossier.Channel.COUNTER,
        actor=officer,
        agency=agency,
        procedure=procedure,
        applicant=applicant,
        papers=papers,
        uploads=uploads,
        eform_document=eform_document,
        received_at=received_at,
        return_method=return_method,
        note=note,
    ).dossier


def accept_online(
    *, dossier: Dossier, officer: Any, at: dt.datetime | None = None, note: str = ""
) -> Dossier:
    """An officer of the receiving agency accepts an online dossier after checking it: status 1 (Mới
    đăng ký) becomes 2 (Được tiếp nhận); the clock keeps counting from the submission."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update(of=("self",)).select_related("agency").get(pk=dossier.pk)
        permissions.require(officer, "dossiers.receive", locked.agency)
        if locked.national_status != NationalStatus.REGISTERED:
            raise domain.InvalidTransition(
                "Hồ sơ này không ở trạng thái “Mới đăng ký” nên không cần tiếp nhận lại.",
                message_en="Only a newly registered online dossier can be accepted.",
            )
        before = snapshot(locked)
        facts = rollups.facts(locked)
        locked.national_status = int(NationalStatus.RECEIVED)
        locked.received_by = officer
        locked.save()
        DossierEvent.objects.create(
            dossier=locked,
            action=ACCEPT_ACTION,
            at=moment,
            from_step=locked.step,
            to_step=locked.step,
            status_before=int(NationalStatus.REGISTERED),
            status_after=int(NationalStatus.RECEIVED),
            receiver_unit=locked.agency,
            receiver_unit_name=locked.agency.name,
            receiver=officer,
            receiver_name=officer_name(officer),
            note=clean_note(note),
        )
        audit.record(officer, "dossier.accepted", locked, before=before, after=snapshot(locked))
        rollups.record(facts, locked)
        outbox.emit(
            "dossier.accepted",
            locked,
            payload={
                "code": locked.code,
                "national_status": int(NationalStatus.RECEIVED),
                "at": moment.isoformat(),
            },
        )
    return locked
