"""The stored catalogue as interchange documents (``CatalogueDoc``), for export and for comparing an
import with what is already there.

Orders are stable so that two exports of the same catalogue are equal: fields and processes by
code, procedures by national code, versions by number, steps by order, actions as the workflow
lists them (starting step's order, then code), agencies, fees and papers in the order they were
entered.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from egov.procedures.interchange import columns as c
from egov.procedures.interchange.document import (
    ActionDoc,
    AgencyDoc,
    CatalogueDoc,
    FeeDoc,
    FieldDoc,
    PaperDoc,
    ProcedureDoc,
    ProcessDoc,
    StepDoc,
    VersionDoc,
)
from egov.procedures.models import (
    Action,
    Fee,
    ProcedureField,
    ProcedureVersion,
    Process,
    RequiredPaper,
    Step,
    VersionAgency,
)


def field_docs(codes: Iterable[str] | None = None) -> dict[str, FieldDoc]:
    """Stored fields by code (all of them, or those with the given codes)."""
    queryset = ProcedureField.objects.order_by("code")
    if codes is not None:
        queryset = queryset.filter(code__in=list(codes))
    return {item.code: FieldDoc(item.code, item.name) for item in queryset}


def _process_doc(process: Process) -> ProcessDoc:
    steps = tuple(
        StepDoc(
            code=step.code,
            order=step.order,
            name=step.name,
            responsible=step.responsible,
            role=step.role,
            allotted_hours=c.canonical_decimal(step.allotted_hours),
            national_status=step.national_status,
            is_initial=step.is_initial,
            is_terminal=step.is_terminal,
            counts_toward_time=step.counts_toward_time,
            other_agency=step.other_agency.identifier if step.other_agency_id else None,
            other_agency_kind=step.other_agency_kind,
        )
        for step in process.steps.all()
    )
    actions = tuple(
        ActionDoc(
            code=action.code,
            name=action.name,
            from_step=action.from_step.code,
            to_step=action.to_step.code,
            roles=tuple(action.roles or ()),
            clock_effect=action.clock_effect,
            requires_papers=action.requires_papers,
            requires_signature=action.requires_signature,
            requires_payment=action.requires_payment,
        )
        for action in process.actions.all()
    )
    return ProcessDoc(
        code=process.code,
        name=process.name,
        is_template=process.is_template,
        supplement_clock=process.supplement_clock,
        description=process.description,
        steps=steps,
        actions=actions,
    )


def process_docs(codes: Iterable[str] | None = None) -> dict[str, ProcessDoc]:
    """Stored processes by code, with their steps and actions (three queries in all)."""
    queryset = Process.objects.order_by("code").prefetch_related(
        Prefetch("steps", Step.objects.select_related("other_agency").order_by("order", "pk")),
        Prefetch(
            "actions",
            Action.objects.select_related("from_step", "to_step").order_by("from_step__order", "code", "pk"),
        ),
    )
    if codes is not None:
        queryset = queryset.filter(code__in=list(codes))
    return {process.code: _process_doc(process) for process in queryset}


def _version_doc(version: ProcedureVersion) -> VersionDoc:
    return VersionDoc(
        number=version.number,
        status=version.status,
        effective_from=version.effective_from,
        decision=version.decision,
        name=version.name,
        field=version.field.code,
        level=version.level,
        description=version.description,
        processing_time=c.canonical_decimal(version.processing_time),
        processing_time_unit=version.processing_time_unit,
        single_day_cutoff=version.single_day_cutoff,
        conditions=version.conditions,
        result=version.result,
        legal_basis=version.legal_basis,
        online_level=version.online_level,
        legacy_level=version.legacy_level,
        accepts_online=version.accepts_online,
        source_note=version.source_note,
        process=version.process.code if version.process_id else None,
        eform_schema=version.eform_schema or {},
        agencies=tuple(
            AgencyDoc(
                part=item.part,
                agency=item.agency.identifier if item.agency_id else None,
                agency_kind=item.agency_kind,
                note=item.note,
            )
            for item in version.agencies.all()
        ),
        fees=tuple(
            FeeDoc(kind=fee.kind, code=fee.code, name=fee.name, amount=int(fee.amount), note=fee.note)
            for fee in version.fees.all()
        ),
        papers=tuple(
            PaperDoc(
                code=paper.code,
                name=paper.name,
                originals=paper.originals,
                copies=paper.copies,
                is_required=paper.is_required,
                reusable=paper.reusable,
                form_template_name=paper.form_template_name,
                note=paper.note,
            )
            for paper in version.papers.all()
        ),
    )


def _versions(procedure_codes: Iterable[str] | None) -> QuerySet[ProcedureVersion]:
    queryset = (
        ProcedureVersion.objects.select_related("procedure", "field", "process")
        .prefetch_related(
            Prefetch("agencies", VersionAgency.objects.select_related("agency").order_by("pk")),
            Prefetch("fees", Fee.objects.order_by("order", "pk")),
            Prefetch("papers", RequiredPaper.objects.order_by("order", "pk")),
        )
        .order_by("procedure__national_code", "number")
    )
    if procedure_codes is not None:
        queryset = queryset.filter(procedure__national_code__in=list(procedure_codes))
    return queryset


def version_docs(procedure_codes: Iterable[str] | None = None) -> dict[tuple[str, int], VersionDoc]:
    """Stored versions by (national code, number), for the given procedures (or all)."""
    return {
        (version.procedure.national_code, version.number): _version_doc(version)
        for version in _versions(procedure_codes).iterator(chunk_size=500)
    }


def export_catalogue(*, codes: Iterable[str] | None = None) -> CatalogueDoc:
    """The whole catalogue, or the procedures with the given national codes together with the fields
    and processes their versions use (so the document imports on its own)."""
    wanted = None if codes is None else sorted(set(codes))
    procedures: dict[str, list[VersionDoc]] = {}
    for (code, _number), doc in version_docs(wanted).items():
        procedures.setdefault(code, []).append(doc)
    if wanted is None:
        fields = field_docs()
        processes = process_docs()
    else:
        versions = [doc for docs in procedures.values() for doc in docs]
        fields = field_docs({doc.field for doc in versions})
        processes = process_docs({doc.process for doc in versions if doc.process})
    return CatalogueDoc(
        fields=tuple(fields.values()),
        processes=tuple(processes.values()),
        procedures=tuple(ProcedureDoc(code, tuple(docs)) for code, docs in sorted(procedures.items())),
    )
