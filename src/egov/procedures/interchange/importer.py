"""Importing a catalogue document into the database: all or nothing.

``import_catalogue`` gathers what the database already holds for the codes the document names,
plans the import (``checks.plan_import``: every problem at once), and — only when there is no
problem, and unless it is a dry run — writes everything in one ``transaction.atomic()`` with bulk
inserts, one audit entry (``procedures.imported``) and one outbox event. A failure in the database
rolls everything back. A refused import raises ``ImportRefused`` carrying the report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.core import audit, outbox
from egov.core.errors import Conflict
from egov.core.text import fold
from egov.organizations.models import Agency
from egov.procedures import eform
from egov.procedures.interchange import checks, excel, exporter
from egov.procedures.interchange.document import (
    CatalogueDoc,
    Problem,
    ProcessDoc,
    VersionDoc,
    parse_json,
)
from egov.procedures.interchange.report import CREATED, REPLACED, UNCHANGED, ImportRefused, ImportReport
from egov.procedures.models import (
    Action,
    Fee,
    Procedure,
    ProcedureField,
    ProcedureVersion,
    Process,
    RequiredPaper,
    Step,
    VersionAgency,
)

BATCH = 500
Progress = Callable[[int, int], None]
"""Called with (versions written so far, versions to write)."""


def read_file(path: str | Path) -> tuple[CatalogueDoc, list[Problem]]:
    """The catalogue in a .json or .xlsx file, and every problem found reading it."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return excel.read_workbook(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return CatalogueDoc(), [Problem(path.name, "", "tệp không phải văn bản UTF-8.")]
    except ValueError as error:
        return CatalogueDoc(), [Problem(path.name, "", f"không phải JSON hợp lệ ({error}).")]
    return parse_json(raw)


def default_schema_check() -> checks.SchemaCheck:
    """The e-form schema check (the supported subset of JSON Schema)."""
    return eform.check_schema


def with_recorded_property_order(document: CatalogueDoc) -> CatalogueDoc:
    """The document with every e-form schema recording its property order (``x-order``), as it is
    compared and stored: PostgreSQL's jsonb does not keep the order of keys, and that order is the
    order of the form's fields."""
    procedures = tuple(
        replace(
            procedure,
            versions=tuple(
                replace(version, eform_schema=eform.with_property_order(version.eform_schema))
                if version.eform_schema
                else version
                for version in procedure.versions
            ),
        )
        for procedure in document.procedures
    )
    return replace(document, procedures=procedures)


def gather_existing(document: CatalogueDoc) -> checks.Existing:
    """What the database holds for the codes the document names."""
    procedure_codes = {procedure.national_code for procedure in document.procedures}
    versions = exporter.version_docs(procedure_codes)
    field_codes = {item.code for item in document.fields}
    field_codes |= {version.field for procedure in document.procedures for version in procedure.versions}
    process_codes = {process.code for process in document.processes}
    process_codes |= {
        version.process
        for procedure in document.procedures
        for version in procedure.versions
        if version.process
    }
    identifiers = {
        step.other_agency for process in document.processes for step in process.steps if step.other_agency
    }
    identifiers |= {
        agency.agency
        for procedure in document.procedures
        for version in procedure.versions
        for agency in version.agencies
        if agency.agency
    }
    return checks.Existing(
        fields=exporter.field_docs(field_codes),
        processes=exporter.process_docs(process_codes),
        agencies=frozenset(
            Agency.objects.filter(identifier__in=identifiers).values_list("identifier", flat=True)
        ),
        versions=versions,
        drafts={code: number for (code, number), version in versions.items() if version.status == "draft"},
        procedures=frozenset(
            Procedure.objects.filter(national_code__in=procedure_codes).values_list(
                "national_code", flat=True
            )
        ),
    )


def _report(plan: checks.Plan, problems: Sequence[Problem], *, dry_run: bool) -> ImportReport:
    unique = list(dict.fromkeys([*problems, *plan.problems]))
    report = ImportReport(
        problems=unique,
        dry_run=dry_run,
        fields_created=len(plan.new_fields),
        fields_unchanged=plan.unchanged_fields,
        processes_created=len(plan.new_processes),
        processes_unchanged=plan.unchanged_processes,
        procedures_created=len(plan.new_procedures),
        versions_created=len(plan.new_versions),
        drafts_replaced=len(plan.replaced_drafts),
        versions_unchanged=len(plan.unchanged_versions),
    )
    outcomes = (
        (CREATED, plan.new_versions),
        (REPLACED, plan.replaced_drafts),
        (UNCHANGED, plan.unchanged_versions),
    )
    for outcome, pairs in outcomes:
        report.outcomes += [(code, version.number, outcome) for code, version in pairs]
    report.outcomes.sort()
    return report


def import_catalogue(
    *,
    document: CatalogueDoc,
    actor: Any = None,
    dry_run: bool = False,
    problems: Iterable[Problem] = (),
    progress: Progress | None = None,
    schema_check: checks.SchemaCheck | bool | None = True,
) -> ImportReport:
    """Import a catalogue: validate everything, then write everything in one transaction, or nothing.

    ``problems`` are those found reading the file; they refuse the import like the others.
    ``actor`` None is the system (the command line, the demo loader); a user needs
    ``procedures.publish`` (documents with published versions) or ``procedures.edit``.
    Raises ``ImportRefused`` (with the report) when there is any problem.
    """
    if schema_check is True:
        schema_check = default_schema_check()
    document = with_recorded_property_order(document)
    with transaction.atomic():
        if actor is not None:
            _require_permission(actor, document)
        plan = checks.plan_import(document, gather_existing(document), schema_check=schema_check or None)
        report = _report(plan, list(problems), dry_run=dry_run)
        if report.problems:
            raise ImportRefused(report)
        if dry_run or not report.changed:
            return report
        try:
            with transaction.atomic():
                _write(plan, actor=actor, progress=progress)
        except IntegrityError as error:
            raise Conflict(
                "Không nhập được: dữ liệu vừa bị thay đổi đồng thời (trùng mã). "
                "Không có dữ liệu nào được ghi; hãy nhập lại.",
                message_en=f"The import conflicted with a concurrent change ({error}); nothing was written.",
            ) from error
        audit.record(actor, "procedures.imported", None, after=report.counts())
        outbox.emit(
            "procedures.imported",
            None,
            payload={
                **report.counts(),
                "versions": [
                    [code, number] for code, number, outcome in report.outcomes if outcome != UNCHANGED
                ],
            },
        )
    return report


def _require_permission(actor: Any, document: CatalogueDoc) -> None:
    from egov.procedures import services

    publishes = any(
        version.status != "draft" for procedure in document.procedures for version in procedure.versions
    )
    services.require_catalogue_permission(actor, services.PUBLISH if publishes else services.EDIT)


# --- Writing -----------------------------------------------------------------------------------
def _write(plan: checks.Plan, *, actor: Any, progress: Progress | None) -> None:
    ProcedureField.objects.bulk_create(
        [
            ProcedureField(code=item.code, name=item.name, name_folded=fold(item.name))
            for item in plan.new_fields
        ],
        batch_size=BATCH,
    )
    identifiers = {
        step.other_agency for process in plan.new_processes for step in process.steps if step.other_agency
    }
    identifiers |= {
        agency.agency
        for _, version in (*plan.new_versions, *plan.replaced_drafts)
        for agency in version.agencies
    }
    agencies = {agency.identifier: agency for agency in Agency.objects.filter(identifier__in=identifiers)}
    _write_processes(plan.new_processes, agencies)
    versions = [*plan.new_versions, *plan.replaced_drafts]
    fields = {
        item.code: item for item in ProcedureField.objects.filter(code__in={v.field for _, v in versions})
    }
    processes = {
        item.code: item
        for item in Process.objects.filter(code__in={v.process for _, v in versions if v.process})
    }
    Procedure.objects.bulk_create(
        [Procedure(national_code=code) for code in plan.new_procedures], batch_size=BATCH
    )
    procedures = {
        item.national_code: item
        for item in Procedure.objects.filter(national_code__in={code for code, _ in versions})
    }
    stored_drafts = _remove_replaced_children(plan.replaced_drafts, procedures)
    now = timezone.now()
    publisher = actor if getattr(actor, "pk", None) else None
    total = len(versions)
    for start in range(0, total, BATCH):
        batch = versions[start : start + BATCH]
        rows = []
        for code, doc in batch:
            row = stored_drafts.get((code, doc.number)) or ProcedureVersion(procedure=procedures[code])
            _fill_version(row, doc, field=fields[doc.field], process=processes.get(doc.process or ""))
            if doc.status != "draft":
                row.published_at, row.published_by = now, publisher
            rows.append(row)
        replaced = [row for row in rows if row.pk is not None]
        ProcedureVersion.objects.bulk_create([row for row in rows if row.pk is None], batch_size=BATCH)
        for row in replaced:
            row.save()
        _write_children(list(zip([doc for _, doc in batch], rows, strict=True)), agencies)
        if progress is not None:
            progress(min(start + BATCH, total), total)


def _fill_version(
    row: ProcedureVersion, doc: VersionDoc, *, field: ProcedureField, process: Process | None
) -> None:
    for name in (
        "number", "status", "effective_from", "decision", "name", "level", "description", "processing_time",
        "processing_time_unit", "single_day_cutoff", "conditions", "result", "legal_basis", "online_level",
        "legacy_level", "accepts_online", "source_note", "eform_schema",
    ):  # fmt: skip
        setattr(row, name, getattr(doc, name))
    row.field = field
    row.process = process
    row.search_folded = row.folded_text()


def _remove_replaced_children(
    drafts: list[tuple[str, VersionDoc]], procedures: dict[str, Procedure]
) -> dict[tuple[str, int], ProcedureVersion]:
    """Lock the drafts being replaced and delete their agencies, fees and papers."""
    if not drafts:
        return {}
    stored: dict[tuple[str, int], ProcedureVersion] = {}
    for code, doc in drafts:
        row = ProcedureVersion.objects.select_for_update().get(
            procedure=procedures[code], number=doc.number, status=ProcedureVersion.Status.DRAFT
        )
        stored[(code, doc.number)] = row
    ids = [row.pk for row in stored.values()]
    VersionAgency.objects.filter(version_id__in=ids).delete()
    Fee.objects.filter(version_id__in=ids).delete()
    RequiredPaper.objects.filter(version_id__in=ids).delete()
    return stored


def _write_children(pairs: list[tuple[VersionDoc, ProcedureVersion]], agencies: dict[str, Agency]) -> None:
    VersionAgency.objects.bulk_create(
        [
            VersionAgency(
                version=row,
                part=item.part,
                agency=agencies[item.agency] if item.agency else None,
                agency_kind=item.agency_kind,
                note=item.note,
            )
            for doc, row in pairs
            for item in doc.agencies
        ],
        batch_size=BATCH,
    )
    Fee.objects.bulk_create(
        [
            Fee(
                version=row,
                order=index,
                kind=fee.kind,
                code=fee.code,
                name=fee.name,
                amount=fee.amount,
                note=fee.note,
            )
            for doc, row in pairs
            for index, fee in enumerate(doc.fees)
        ],
        batch_size=BATCH,
    )
    RequiredPaper.objects.bulk_create(
        [
            RequiredPaper(
                version=row,
                order=index,
                code=paper.code,
                name=paper.name,
                originals=paper.originals,
                copies=paper.copies,
                is_required=paper.is_required,
                reusable=paper.reusable,
                form_template_name=paper.form_template_name,
                note=paper.note,
            )
            for doc, row in pairs
            for index, paper in enumerate(doc.papers)
        ],
        batch_size=BATCH,
    )


def _write_processes(processes: list[ProcessDoc], agencies: dict[str, Agency]) -> None:
    rows = Process.objects.bulk_create(
        [
            Process(
                code=process.code,
                name=process.name,
                is_template=process.is_template,
                supplement_clock=process.supplement_clock,
                description=process.description,
            )
            for process in processes
        ],
        batch_size=BATCH,
    )
    steps = {
        (process.code, step.code): Step(
            process=row,
            code=step.code,
            order=step.order,
            name=step.name,
            responsible=step.responsible,
            role=step.role,
            allotted_hours=step.allotted_hours,
            national_status=step.national_status,
            is_initial=step.is_initial,
            is_terminal=step.is_terminal,
            counts_toward_time=step.counts_toward_time,
            other_agency=agencies[step.other_agency] if step.other_agency else None,
            other_agency_kind=step.other_agency_kind,
        )
        for process, row in zip(processes, rows, strict=True)
        for step in process.steps
    }
    Step.objects.bulk_create(list(steps.values()), batch_size=BATCH)
    Action.objects.bulk_create(
        [
            Action(
                process=row,
                code=action.code,
                name=action.name,
                from_step=steps[(process.code, action.from_step)],
                to_step=steps[(process.code, action.to_step)],
                roles=list(action.roles),
                clock_effect=action.clock_effect,
                requires_papers=action.requires_papers,
                requires_signature=action.requires_signature,
                requires_payment=action.requires_payment,
            )
            for process, row in zip(processes, rows, strict=True)
            for action in process.actions
        ],
        batch_size=BATCH,
    )
