"""What an import would do, and every reason to refuse it — plain Python, no Django.

``plan_import`` compares a parsed catalogue with what the database already holds (``Existing``,
gathered by the importer) and returns a ``Plan``: the records to create, the drafts to replace,
what is unchanged, and the problems. The import writes nothing unless the plan has no problem.

Rules (docs/thu-tuc-nhap-xuat.md):
- codes are unique: a field, a process, a procedure; a version number in its procedure; a step or
  an action in its process; a fee or a paper in its version;
- a published or withdrawn version is never changed (Nghị định 118/2025: the catalogue published by
  the province is what dossiers bind to): importing it again must give the same content ("không
  đổi"), otherwise it is refused; a draft with the same number is replaced;
- existing fields and processes are reused when identical and refused when different;
- a published version has an effective date, a publishing decision, a receiving agency and a
  process whose counted step hours equal its legal time (``rules.legal_hours``);
- every agency identifier exists; every process validates (``workflow.validate_process``);
- the e-form schema passes ``check_schema`` when one is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from egov.procedures import rules, workflow
from egov.procedures.interchange import columns as c
from egov.procedures.interchange.document import (
    CatalogueDoc,
    FieldDoc,
    Origin,
    Problem,
    ProcedureDoc,
    ProcessDoc,
    VersionDoc,
    canonical_process,
)

SchemaCheck = Callable[[Any], list[Any]]


@dataclass(frozen=True)
class Existing:
    """What the database holds that the document refers to (only the codes the document names)."""

    fields: Mapping[str, FieldDoc] = field(default_factory=dict)
    processes: Mapping[str, ProcessDoc] = field(default_factory=dict)
    agencies: frozenset[str] = frozenset()
    versions: Mapping[tuple[str, int], VersionDoc] = field(default_factory=dict)
    drafts: Mapping[str, int] = field(default_factory=dict)
    procedures: frozenset[str] = frozenset()


@dataclass
class Plan:
    """What the import will write, and what stops it."""

    problems: list[Problem] = field(default_factory=list)
    new_fields: list[FieldDoc] = field(default_factory=list)
    new_processes: list[ProcessDoc] = field(default_factory=list)
    new_procedures: list[str] = field(default_factory=list)
    new_versions: list[tuple[str, VersionDoc]] = field(default_factory=list)
    replaced_drafts: list[tuple[str, VersionDoc]] = field(default_factory=list)
    unchanged_versions: list[tuple[str, VersionDoc]] = field(default_factory=list)
    unchanged_fields: int = 0
    unchanged_processes: int = 0

    def problem(self, origin: Origin, key: str, reason: str) -> None:
        self.problems.append(Problem(origin.place, origin.column(key) if key else "", reason))

    @property
    def changes(self) -> int:
        return (
            len(self.new_fields)
            + len(self.new_processes)
            + len(self.new_versions)
            + len(self.replaced_drafts)
        )


def process_spec(process: ProcessDoc) -> workflow.ProcessSpec:
    """A process of the document as the workflow rules see it."""
    return workflow.ProcessSpec(
        code=process.code,
        steps=tuple(
            workflow.StepSpec(
                code=step.code,
                name=step.name,
                order=step.order,
                responsible=step.responsible,
                role=step.role,
                allotted_hours=step.allotted_hours,
                national_status=step.national_status,
                is_initial=step.is_initial,
                is_terminal=step.is_terminal,
                counts_toward_time=step.counts_toward_time,
                other_agency=step.other_agency,
                other_agency_kind=step.other_agency_kind,
            )
            for step in process.steps
        ),
        actions=tuple(
            workflow.ActionSpec(
                code=action.code,
                name=action.name,
                from_step=action.from_step,
                to_step=action.to_step,
                roles=action.roles,
                clock_effect=action.clock_effect,
                requires_papers=action.requires_papers,
                requires_signature=action.requires_signature,
                requires_payment=action.requires_payment,
            )
            for action in process.actions
        ),
    )


def version_legal_hours(version: VersionDoc) -> Decimal | None:
    """The legal time of a version in working hours, or None when it cannot be computed."""
    try:
        return rules.legal_hours(
            version.processing_time, version.processing_time_unit, version.single_day_cutoff
        )
    except (ValueError, TypeError):
        return None


def _duplicates(
    plan: Plan, records: Iterable[Any], key: Callable[[Any], Any], column: str, what: str
) -> set[Any]:
    """Report every record whose key was already used; returns the duplicated keys."""
    records = list(records)
    counts = Counter(key(record) for record in records)
    seen: set[Any] = set()
    for record in records:
        value = key(record)
        if counts[value] > 1 and value in seen:
            shown = value if not isinstance(value, tuple) else " ".join(str(part) for part in value)
            plan.problem(record.origin, column, f"trùng {what} “{shown}” (mỗi mã chỉ được dùng một lần).")
        seen.add(value)
    return {value for value, count in counts.items() if count > 1}


def _check_uniqueness(plan: Plan, document: CatalogueDoc) -> None:
    _duplicates(plan, document.fields, lambda item: item.code, "code", "mã lĩnh vực")
    _duplicates(plan, document.processes, lambda item: item.code, "code", "mã quy trình")
    _duplicates(plan, document.procedures, lambda item: item.national_code, "national_code", "mã thủ tục")
    for process in document.processes:
        _duplicates(
            plan, process.steps, lambda item: item.code, "code", f"mã bước trong quy trình {process.code}"
        )
        _duplicates(
            plan,
            process.actions,
            lambda item: item.code,
            "code",
            f"mã thao tác trong quy trình {process.code}",
        )
    for procedure in document.procedures:
        _duplicates(
            plan,
            procedure.versions,
            lambda item: item.number,
            "number",
            f"phiên bản của thủ tục {procedure.national_code}",
        )
        for version in procedure.versions:
            label = f"{procedure.national_code} phiên bản {version.number}"
            _duplicates(plan, version.fees, lambda item: item.code, "code", f"mã phí, lệ phí của {label}")
            _duplicates(plan, version.papers, lambda item: item.code, "code", f"mã giấy tờ của {label}")


def _where(process: ProcessDoc, problem: workflow.Problem) -> tuple[Origin, str]:
    kind, _, code = problem.where.partition(":")
    records = process.steps if kind == "step" else process.actions if kind == "action" else ()
    found = next((record for record in records if record.code == code), None)
    return (found.origin, "code") if found is not None else (process.origin, "")


def _has_broken_rows(process: ProcessDoc) -> bool:
    """Whether a step or action of the process had an unreadable value (already reported)."""
    return any(step.origin.broken for step in process.steps) or any(
        action.origin.broken for action in process.actions
    )


def _check_processes(plan: Plan, document: CatalogueDoc, existing: Existing) -> None:
    seen: set[str] = set()
    for process in document.processes:
        if process.code in seen:
            continue
        seen.add(process.code)
        for step in process.steps:
            if step.other_agency and step.other_agency not in existing.agencies:
                plan.problem(
                    step.origin,
                    "other_agency",
                    f"không có cơ quan nào mang mã định danh “{step.other_agency}”.",
                )
        stored = existing.processes.get(process.code)
        if stored is not None:
            if canonical_process(stored) != canonical_process(process):
                plan.problem(
                    process.origin,
                    "code",
                    f"quy trình “{process.code}” đã có với nội dung khác; khi nhập không sửa quy trình đã có "
                    "(hãy dùng mã mới, hoặc sửa trong trang quản trị).",
                )
            else:
                plan.unchanged_processes += 1
            continue
        if _has_broken_rows(process):
            continue
        for problem in workflow.validate_process(
            process_spec(process), legal_hours=None, known_roles=frozenset(c.OFFICER_ROLES)
        ):
            if problem.code in ("process.duplicate_step_code", "process.duplicate_action_code"):
                continue  # already reported on the duplicated row
            origin, key = _where(process, problem)
            plan.problem(origin, key, f"quy trình “{process.code}”: {problem.message_vi}")
        plan.new_processes.append(process)


def _check_fields(plan: Plan, document: CatalogueDoc, existing: Existing) -> None:
    for item in document.fields:
        stored = existing.fields.get(item.code)
        if stored is None:
            plan.new_fields.append(item)
        elif stored != item:
            plan.problem(
                item.origin,
                "name",
                f"lĩnh vực “{item.code}” đã có với tên “{stored.name}”; "
                "khi nhập không đổi tên lĩnh vực đã có.",
            )
        else:
            plan.unchanged_fields += 1


def _check_version(
    plan: Plan,
    code: str,
    version: VersionDoc,
    *,
    fields: set[str],
    processes: Mapping[str, ProcessDoc],
    existing: Existing,
    schema_check: SchemaCheck | None,
) -> None:
    origin = version.origin
    if version.field and version.field not in fields:
        plan.problem(origin, "field", f"không có lĩnh vực “{version.field}” (trong tài liệu hoặc đã có).")
    process = processes.get(version.process) if version.process else None
    if version.process and process is None:
        plan.problem(
            origin, "process", f"không có quy trình “{version.process}” (trong tài liệu hoặc đã có)."
        )
    if version.status != "draft" and version.effective_from is None:
        plan.problem(
            origin, "effective_from", "phiên bản đã công bố hoặc đã bãi bỏ phải có ngày có hiệu lực."
        )
    for agency in version.agencies:
        if bool(agency.agency) == bool(agency.agency_kind):
            plan.problem(
                agency.origin, "agency", "ghi mã định danh cơ quan hoặc loại cơ quan, đúng một trong hai."
            )
        elif agency.agency and agency.agency not in existing.agencies:
            plan.problem(
                agency.origin, "agency", f"không có cơ quan nào mang mã định danh “{agency.agency}”."
            )
    if schema_check is not None and version.eform_schema:
        for problem in schema_check(version.eform_schema):
            plan.problem(origin, "eform_schema", str(problem))
    if version.status != "published":
        return
    if not version.decision.strip():
        plan.problem(origin, "decision", "phiên bản đã công bố phải ghi quyết định công bố.")
    if not any(agency.part == "receiving" for agency in version.agencies):
        plan.problem(origin, "", "phiên bản đã công bố phải có cơ quan tiếp nhận (part “receiving”).")
    if not version.process:
        plan.problem(origin, "process", "phiên bản đã công bố phải có quy trình nội bộ.")
    hours = version_legal_hours(version)
    if process is None or hours is None or origin.broken:
        return
    if _has_broken_rows(process):
        return
    counted = process_spec(process).counted_hours()
    if counted != hours:
        plan.problem(
            origin,
            "process",
            f"quy trình “{process.code}”: tổng thời gian các bước tính vào thời hạn là "
            f"{c.format_decimal(counted)} giờ làm việc, khác thời hạn giải quyết "
            f"{c.format_decimal(hours)} giờ làm việc của phiên bản.",
        )


def _check_procedure(plan: Plan, procedure: ProcedureDoc, existing: Existing) -> list[VersionDoc]:
    """Decide what happens to each version; returns the versions that will be written."""
    code = procedure.national_code
    written: list[VersionDoc] = []
    if not procedure.versions:
        plan.problem(procedure.origin, "versions", "thủ tục phải có ít nhất một phiên bản.")
    if code and code not in existing.procedures and code not in plan.new_procedures:
        plan.new_procedures.append(code)
    stored_draft = existing.drafts.get(code)
    drafts = [version for version in procedure.versions if version.status == "draft"]
    if len(drafts) > 1:
        for version in drafts[1:]:
            plan.problem(version.origin, "status", f"thủ tục {code} chỉ được có một bản nháp.")
    for version in procedure.versions:
        stored = existing.versions.get((code, version.number))
        if stored is None:
            if version.status == "draft" and stored_draft is not None:
                plan.problem(
                    version.origin,
                    "status",
                    f"thủ tục {code} đã có bản nháp phiên bản {stored_draft}; chỉ được có một bản nháp.",
                )
            plan.new_versions.append((code, version))
            written.append(version)
        elif stored == version:
            plan.unchanged_versions.append((code, version))
        elif stored.status == "draft":
            plan.replaced_drafts.append((code, version))
            written.append(version)
        else:
            plan.problem(
                version.origin,
                "number",
                f"phiên bản {version.number} của thủ tục {code} đã công bố với nội dung khác; phiên bản đã "
                "công bố không được sửa — hãy nhập thành phiên bản mới với số mới.",
            )
    return written


def plan_import(
    document: CatalogueDoc, existing: Existing, *, schema_check: SchemaCheck | None = None
) -> Plan:
    """Everything the import of ``document`` would do over ``existing``, and every problem."""
    plan = Plan()
    _check_uniqueness(plan, document)
    _check_fields(plan, document, existing)
    _check_processes(plan, document, existing)
    fields = {item.code for item in document.fields} | set(existing.fields)
    processes = {**existing.processes, **{process.code: process for process in reversed(document.processes)}}
    for procedure in document.procedures:
        for version in _check_procedure(plan, procedure, existing):
            _check_version(
                plan,
                procedure.national_code,
                version,
                fields=fields,
                processes=processes,
                existing=existing,
                schema_check=schema_check,
            )
    return plan
