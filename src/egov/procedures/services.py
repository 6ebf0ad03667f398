"""Use cases of the procedure catalogue: editing drafts, publishing and withdrawing versions,
starting a new version, and making processes from templates.

One transaction each, permission checked inside, audit entry and outbox event in the same
transaction. ``actor=None`` is the system itself (imports, the demo loader): no permission check.

Who may do what (registered below, scoped to the top agency of the province, i.e. a membership in
a root agency of the agency tree; superusers may do everything):

* ``procedures.edit`` — administrators (the catalogue is kept by the provincial office's staff);
* ``procedures.publish`` — administrators and the leader of the top agency (the chairman signs the
  publishing decision, Nghị định 63/2010 on the control of administrative procedures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit, outbox
from egov.core.errors import Conflict, NotFound, ValidationFailed
from egov.organizations.models import Agency, Role
from egov.procedures import eform, rules, selectors, workflow
from egov.procedures.models import (
    Action,
    Fee,
    Procedure,
    ProcedureVersion,
    Process,
    RequiredPaper,
    Step,
    VersionAgency,
)

EDIT = "procedures.edit"
PUBLISH = "procedures.publish"

permissions.register(EDIT, roles=[Role.ADMINISTRATOR], description="soạn thảo danh mục thủ tục hành chính")
permissions.register(
    PUBLISH, roles=[Role.ADMINISTRATOR, Role.LEADER], description="công bố, bãi bỏ thủ tục hành chính"
)


class VersionInvalid(ValidationFailed):
    """Publishing refused; ``details["problems"]`` lists every problem (``workflow.Problem``)."""

    code = "procedure.version_invalid"
    message_en = "The version cannot be published yet."

    def __init__(self, problems: list[workflow.Problem]) -> None:
        super().__init__(
            f"Chưa thể công bố phiên bản này: có {len(problems)} vấn đề cần sửa.",
            message_en=f"The version cannot be published yet: {len(problems)} problem(s) to fix.",
            problems=problems,
        )

    @property
    def problems(self) -> list[workflow.Problem]:
        return list(self.details["problems"])  # type: ignore[call-overload]


class VersionNotDraft(Conflict):
    code = "procedure.version_not_draft"
    message_vi = "Phiên bản đã công bố hoặc đã bãi bỏ không được sửa; hãy tạo phiên bản mới."
    message_en = "A published or withdrawn version is never edited; start a new version."


class VersionNotPublished(Conflict):
    code = "procedure.version_not_published"
    message_vi = "Chỉ bãi bỏ được phiên bản đã công bố."
    message_en = "Only a published version can be withdrawn."


class DraftExists(Conflict):
    code = "procedure.draft_exists"
    message_en = "This procedure already has a draft; edit it or publish it first."

    def __init__(self, draft: ProcedureVersion) -> None:
        super().__init__(
            f"Thủ tục đã có bản nháp (phiên bản {draft.number}); hãy sửa hoặc công bố bản nháp đó.",
            draft_id=draft.pk,
        )


class ProcessFrozen(Conflict):
    code = "procedure.process_frozen"
    message_vi = (
        "Quy trình này đang được dùng bởi phiên bản đã công bố nên không được sửa; "
        "hãy tạo một quy trình mới từ nó."
    )
    message_en = "This process is used by a published version and cannot change; copy it instead."


def require_catalogue_permission(actor: Any, action: str) -> None:
    """Permission on the catalogue: held in a root agency of the tree (or by a superuser)."""
    if actor is None:
        return
    roots = list(Agency.objects.filter(parent__isnull=True, is_active=True).order_by("pk"))
    if any(permissions.can(actor, action, root) for root in roots):
        return
    permissions.require(actor, action, roots[0] if roots else None)


def snapshot(version: ProcedureVersion) -> dict[str, object]:
    """The audited state of a version."""
    return {
        "national_code": version.procedure.national_code,
        "number": version.number,
        "status": version.status,
        "effective_from": version.effective_from,
        "decision": version.decision,
        "name": version.name,
        "processing_time": version.processing_time,
        "processing_time_unit": version.processing_time_unit,
        "process_id": version.process_id,
    }


def version_problems(version: ProcedureVersion, *, effective_from: dt.date | None) -> list[workflow.Problem]:
    """Everything that stops a version from being published, all at once."""
    problems: list[workflow.Problem] = []
    required = {
        "name": ("tên thủ tục", "name"),
        "field_id": ("lĩnh vực", "field"),
        "level": ("cấp thực hiện", "level"),
        "result": ("kết quả thực hiện", "result"),
        "legal_basis": ("căn cứ pháp lý", "legal basis"),
        "decision": ("quyết định công bố", "publishing decision"),
    }
    for attribute, (label_vi, label_en) in required.items():
        if not getattr(version, attribute) or not str(getattr(version, attribute)).strip():
            problems.append(
                workflow.Problem(
                    "procedure.field_required",
                    f"Chưa nhập {label_vi}.",
                    f"The {label_en} is missing.",
                    f"field:{attribute.removesuffix('_id')}",
                )
            )
    if effective_from is None:
        problems.append(
            workflow.Problem(
                "procedure.effective_from_required",
                "Chưa nhập ngày có hiệu lực.",
                "The effective date is missing.",
                "field:effective_from",
            )
        )
    else:
        later = (
            version.procedure.versions.filter(
                status=ProcedureVersion.Status.PUBLISHED, effective_from__gte=effective_from
            )
            .exclude(pk=version.pk)
            .order_by("-effective_from")
            .first()
        )
        if later is not None:
            problems.append(
                workflow.Problem(
                    "procedure.effective_from_too_early",
                    f"Ngày có hiệu lực phải sau ngày {later.effective_from:%d/%m/%Y} "
                    f"của phiên bản {later.number} đã công bố.",
                    f"The effective date must be after {later.effective_from} (version {later.number}).",
                    "field:effective_from",
                )
            )
    if not version.agencies.filter(part=VersionAgency.Part.RECEIVING).exists():
        problems.append(
            workflow.Problem(
                "procedure.no_receiving_agency",
                "Chưa có cơ quan tiếp nhận hồ sơ.",
                "No receiving agency is set.",
                "agencies",
            )
        )
    for fee in version.fees.filter(amount__lt=0):
        problems.append(
            workflow.Problem(
                "procedure.fee_negative",
                f"Mức thu “{fee.name}” không được âm.",
                f"Fee {fee.code!r} must not be negative.",
                f"fee:{fee.code}",
            )
        )
    if version.process_id is None:
        problems.append(
            workflow.Problem(
                "procedure.no_process",
                "Chưa chọn quy trình nội bộ.",
                "No internal process is set.",
                "field:process",
            )
        )
    else:
        try:
            hours = rules.legal_hours(
                version.processing_time, version.processing_time_unit, version.single_day_cutoff
            )
        except ValueError:
            hours = None
        problems += workflow.validate_process(
            selectors.process_spec(version.process), legal_hours=hours, known_roles=selectors.KNOWN_ROLES
        )
    problems += [
        workflow.Problem(
            problem.code,
            f"Biểu mẫu điện tử, {problem}",
            f"E-form, {problem.location or 'root'}: {problem.message_en}",
            f"eform:{problem.location}",
        )
        for problem in eform.check_schema(version.eform_schema or {})
    ]
    return problems


def save_draft(*, version: ProcedureVersion, actor: Any) -> ProcedureVersion:
    """Save changes to a draft (new or existing). Published and withdrawn versions never change."""
    with transaction.atomic():
        require_catalogue_permission(actor, EDIT)
        if version.pk is not None:
            stored = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
            if not stored.is_draft:
                raise VersionNotDraft()
            before = snapshot(stored)
        else:
            before = None
            Procedure.objects.select_for_update().get(pk=version.procedure_id)
            if version.status != ProcedureVersion.Status.DRAFT:
                raise VersionNotDraft()
            existing = selectors.draft_of(version.procedure)
            if existing is not None:
                raise DraftExists(existing)
            if not version.number:
                last = selectors.latest_version(version.procedure)
                version.number = (last.number + 1) if last else 1
        if version.eform_schema:
            # PostgreSQL's jsonb does not keep the order of keys: record the order of the form's fields.
            version.eform_schema = eform.with_property_order(version.eform_schema)
        version.save()
        audit.record(actor, "procedure.version_saved", version, before=before, after=snapshot(version))
        outbox.emit(
            "procedure.version_saved", version, payload={"national_code": version.procedure.national_code}
        )
    return version


def publish_version(
    *, version: ProcedureVersion, actor: Any, effective_from: dt.date | None
) -> ProcedureVersion:
    """Publish a draft from ``effective_from`` (the publishing decision's date of effect).

    The whole version is checked first and every problem is listed: required fields, a receiving
    agency, fees not negative, and a valid process whose counted step hours equal the legal time.
    A missing ``effective_from`` is one of the problems listed.
    """
    with transaction.atomic():
        require_catalogue_permission(actor, PUBLISH)
        version = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
        if not version.is_draft:
            raise VersionNotDraft()
        problems = version_problems(version, effective_from=effective_from)
        if problems:
            raise VersionInvalid(problems)
        before = snapshot(version)
        version.status = ProcedureVersion.Status.PUBLISHED
        version.effective_from = effective_from
        version.published_at = timezone.now()
        version.published_by = actor if getattr(actor, "pk", None) else None
        version.save()
        audit.record(actor, "procedure.version_published", version, before=before, after=snapshot(version))
        outbox.emit(
            "procedure.version_published",
            version,
            payload={
                "national_code": version.procedure.national_code,
                "number": version.number,
                "effective_from": version.effective_from.isoformat(),
            },
        )
    return version


def withdraw_version(*, version: ProcedureVersion, actor: Any, reason: str) -> ProcedureVersion:
    """Withdraw (bãi bỏ) a published version: it never applies again, to new dossiers, from now.
    If it was in force, the previous published version applies again; to abolish a procedure,
    withdraw each of its published versions."""
    if not reason.strip():
        raise ValidationFailed(
            "Cần nêu lý do bãi bỏ.",
            code="procedure.reason_required",
            message_en="A reason is required.",
            field="reason",
        )
    with transaction.atomic():
        require_catalogue_permission(actor, PUBLISH)
        version = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
        if version.status != ProcedureVersion.Status.PUBLISHED:
            raise VersionNotPublished()
        before = snapshot(version)
        version.status = ProcedureVersion.Status.WITHDRAWN
        version.save()
        audit.record(
            actor,
            "procedure.version_withdrawn",
            version,
            before=before,
            after=snapshot(version),
            reason=reason,
        )
        outbox.emit(
            "procedure.version_withdrawn",
            version,
            payload={
                "national_code": version.procedure.national_code,
                "number": version.number,
                "reason": reason,
            },
        )
    return version


def _copy_children(source: ProcedureVersion, target: ProcedureVersion) -> None:
    VersionAgency.objects.bulk_create(
        VersionAgency(
            version=target,
            part=item.part,
            agency_id=item.agency_id,
            agency_kind=item.agency_kind,
            note=item.note,
        )
        for item in source.agencies.all()
    )
    Fee.objects.bulk_create(
        Fee(
            version=target,
            order=fee.order,
            kind=fee.kind,
            code=fee.code,
            name=fee.name,
            amount=fee.amount,
            note=fee.note,
        )
        for fee in source.fees.all()
    )
    RequiredPaper.objects.bulk_create(
        RequiredPaper(
            version=target,
            order=paper.order,
            code=paper.code,
            name=paper.name,
            originals=paper.originals,
            copies=paper.copies,
            is_required=paper.is_required,
            reusable=paper.reusable,
            form_template=paper.form_template.name,
            form_template_name=paper.form_template_name,
            note=paper.note,
        )
        for paper in source.papers.all()
    )


_COPIED = (
    "name",
    "field_id",
    "level",
    "description",
    "processing_time",
    "processing_time_unit",
    "single_day_cutoff",
    "conditions",
    "result",
    "legal_basis",
    "online_level",
    "legacy_level",
    "accepts_online",
    "eform_schema",
    "process_id",
    "source_note",
)


def start_new_version(*, procedure: Procedure, actor: Any) -> ProcedureVersion:
    """A draft copy of the procedure's latest version, numbered one higher: content, agencies,
    fees, papers, e-form schema and process link. The published version itself stays untouched;
    the new draft needs its own publishing decision and effective date."""
    with transaction.atomic():
        require_catalogue_permission(actor, EDIT)
        procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
        existing = selectors.draft_of(procedure)
        if existing is not None:
            raise DraftExists(existing)
        latest = selectors.latest_version(procedure)
        if latest is None:
            raise NotFound(
                "Thủ tục chưa có phiên bản nào để sao chép.",
                code="procedure.no_version",
                message_en="The procedure has no version to copy.",
            )
        draft = ProcedureVersion(
            procedure=procedure, number=latest.number + 1, status=ProcedureVersion.Status.DRAFT
        )
        for name in _COPIED:
            setattr(draft, name, getattr(latest, name))
        draft.save()
        _copy_children(latest, draft)
        audit.record(
            actor, "procedure.version_started", draft, after=snapshot(draft), copied_from=latest.number
        )
        outbox.emit(
            "procedure.version_started",
            draft,
            payload={
                "national_code": procedure.national_code,
                "number": draft.number,
                "copied_from": latest.number,
            },
        )
    return draft


def ensure_process_editable(process: Process) -> None:
    """Refuse changes to a process that a published or withdrawn version uses."""
    if process.pk is not None and selectors.process_is_frozen(process):
        raise ProcessFrozen()


def create_process_from_template(
    *, template: Process, code: str, name: str, legal_hours: Decimal, actor: Any, is_template: bool = False
) -> Process:
    """A copy of a template for another legal time: the hours of the steps that count toward time
    are scaled proportionally and rounded to half hours, the rounding fixed on the longest step, so
    they add up to ``legal_hours`` exactly (``rules.scale_hours``); actions are copied as they are."""
    legal_hours = Decimal(legal_hours)
    with transaction.atomic():
        require_catalogue_permission(actor, EDIT)
        if Process.objects.filter(code=code).exists():
            raise Conflict(
                f"Mã quy trình {code} đã được dùng.",
                code="procedure.process_code_duplicate",
                message_en=f"Process code {code} is already used.",
                field="code",
            )
        steps = list(template.steps.order_by("order", "pk"))
        counted = [step for step in steps if step.counts_toward_time]
        try:
            scaled = rules.scale_hours([step.allotted_hours for step in counted], legal_hours)
        except ValueError:
            raise ValidationFailed(
                "Quy trình mẫu chưa có thời gian cho các bước nên không thể chia theo thời hạn mới.",
                code="procedure.template_without_hours",
                message_en="The template's steps have no hours to scale.",
                field="legal_hours",
            ) from None
        hours = {step.pk: value for step, value in zip(counted, scaled, strict=True)}
        copy = Process.objects.create(
            code=code,
            name=name,
            is_template=is_template,
            description=template.description,
            supplement_clock=template.supplement_clock,
        )
        new_steps = {
            step.pk: Step(
                process=copy,
                code=step.code,
                order=step.order,
                name=step.name,
                responsible=step.responsible,
                other_agency_id=step.other_agency_id,
                other_agency_kind=step.other_agency_kind,
                role=step.role,
                allotted_hours=hours.get(step.pk, step.allotted_hours),
                national_status=step.national_status,
                is_initial=step.is_initial,
                is_terminal=step.is_terminal,
                counts_toward_time=step.counts_toward_time,
            )
            for step in steps
        }
        Step.objects.bulk_create(new_steps.values())
        Action.objects.bulk_create(
            Action(
                process=copy,
                code=action.code,
                name=action.name,
                from_step=new_steps[action.from_step_id],
                to_step=new_steps[action.to_step_id],
                roles=list(action.roles),
                clock_effect=action.clock_effect,
                requires_papers=action.requires_papers,
                requires_signature=action.requires_signature,
                requires_payment=action.requires_payment,
            )
            for action in template.actions.all()
        )
        audit.record(
            actor,
            "procedure.process_created",
            copy,
            after={"code": code, "template": template.code, "legal_hours": legal_hours},
        )
        outbox.emit("procedure.process_created", copy, payload={"code": code, "template": template.code})
    return copy


def process_problems(process: Process, *, legal_hours: Decimal | None = None) -> list[workflow.Problem]:
    """Every problem of a stored process (for the editor, before any version uses it)."""
    return workflow.validate_process(
        selectors.process_spec(process), legal_hours=legal_hours, known_roles=selectors.KNOWN_ROLES
    )


def problems_as_dicts(problems: list[workflow.Problem]) -> list[dict[str, str]]:
    """Problems as plain dicts for JSON (API problem details, audit)."""
    return [asdict(problem) for problem in problems]
