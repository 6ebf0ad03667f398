"""Read queries of the dossier engine for views and the API: one dossier by code, its timeline and
papers, the versions a counter can receive, and the data printed on form 01."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from egov.accounts import permissions
from egov.core.errors import NotFound
from egov.dossiers.models import Dossier, DossierEvent, DossierPaper
from egov.dossiers.official_forms import data as forms
from egov.dossiers.paperwork import heading
from egov.organizations.models import Agency
from egov.procedures import presentation, workflow
from egov.procedures import selectors as procedure_selectors
from egov.procedures.models import Procedure, ProcedureVersion

#: Officers who may open a dossier of their agency (and of the agencies below it).
VIEW_ACTIONS = ("dossiers.receive", "dossiers.process", "dossiers.approve")


def dossier_by_code(code: str) -> Dossier:
    """The dossier with this code; `NotFound` (Vietnamese message) otherwise."""
    dossier = (
        Dossier.objects.select_related(
            "agency",
            "agency__parent",
            "processing_agency",
            "current_agency",
            "assignee",
            "version",
            "version__procedure",
            "version__process",
            "received_by",
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise NotFound(
            f"Không tìm thấy hồ sơ có mã {code}.",
            code="dossier.not_found",
            message_en=f"No dossier has the code {code}.",
        )
    return dossier


def may_view(user: Any, dossier: Dossier) -> bool:
    """An officer with a dossier role for the receiving agency, the processing agency or the agency
    handling the current step (held there, above it, or in a division below it) may open the dossier."""
    roles = {role for name in VIEW_ACTIONS for role in permissions.action(name).roles}
    agencies = {dossier.agency_id: dossier.agency}
    for agency in (dossier.processing_agency, dossier.current_agency):
        if agency is not None:
            agencies[agency.pk] = agency
    return any(grant.role in roles for agency in agencies.values() for grant in acting_grants(user, agency))


def acting_grants(user: Any, agency: Agency) -> list[permissions.Grant]:
    """The memberships of ``user`` that count today for work of ``agency``: held in a division
    below it first (a department's specialists sit in its divisions), then in the agency itself
    and in the agencies above it, nearest first (a role held above reaches down)."""
    chain = agency.path_ids() if agency.path else [agency.pk]
    depth = {agency_id: index for index, agency_id in enumerate(chain)}
    grants = permissions.grants_of(user)
    above = sorted((g for g in grants if g.agency_id in depth), key=lambda grant: -depth[grant.agency_id])
    others = {g.agency_id for g in grants if g.agency_id not in depth}
    below_ids: set[int] = set()
    if others and agency.path:
        below_ids = set(
            Agency.objects.filter(pk__in=others, path__startswith=agency.path).values_list("pk", flat=True)
        )
    return [g for g in grants if g.agency_id in below_ids] + above


def actor_roles(user: Any, agency: Agency) -> frozenset[str]:
    """The roles ``user`` holds over ``agency`` (its own memberships there or above it)."""
    return frozenset(grant.role for grant in acting_grants(user, agency))


def actions_for(
    dossier: Dossier, user: Any, spec: workflow.ProcessSpec | None = None
) -> list[workflow.ActionSpec]:
    """The actions ``user`` may take on ``dossier`` now: those leaving its current step that one of
    the user's roles in scope may take. None for a finished or closed dossier. ``spec``: the process
    spec when the caller already built it (`process_spec_of`)."""
    process = dossier.version.process
    if process is None or dossier.finished_at is not None or dossier.closed_at is not None:
        return []
    if dossier.national_status == 1:  # online, not yet accepted: see services.accept_online
        return []
    roles = set(actor_roles(user, dossier.permission_agency()))
    if dossier.owner_id is not None and dossier.owner_id == getattr(user, "pk", None):
        roles.add(workflow.APPLICANT)
    if not roles:
        return []
    spec = spec if spec is not None else procedure_selectors.process_spec(process)
    from egov.dossiers import linked  # liên thông: nothing on a waiting parent, hand-backs on a child

    return linked.allowed_actions(dossier, workflow.available_actions(spec, dossier.step, roles))


def timeline(dossier: Dossier) -> QuerySet[DossierEvent]:
    """Every event of the dossier, oldest first (the rows of form 06). The rows carry the giver's and
    receiver's names and units as written at the time, so no user or agency is joined."""
    return dossier.events.order_by("at", "pk")


def process_spec_of(dossier: Dossier) -> workflow.ProcessSpec | None:
    """The process of the dossier's bound version as the workflow rules see it (None without one).
    A page that shows the step's name and the actions builds it once and passes it to both."""
    process = dossier.version.process
    return procedure_selectors.process_spec(process) if process is not None else None


def step_name(dossier: Dossier, spec: workflow.ProcessSpec | None = None) -> str:
    """The name of the dossier's current workflow step, read from its process spec (``spec`` when
    the caller already has it: no query), the code when the process has no such step."""
    spec = spec if spec is not None else process_spec_of(dossier)
    step = spec.step(dossier.step) if spec is not None else None
    return step.name if step is not None else dossier.step


def papers(dossier: Dossier) -> QuerySet[DossierPaper]:
    return dossier.papers.order_by("pk")


def receivable_versions(at: dt.date | dt.datetime | None = None) -> QuerySet[ProcedureVersion]:
    """One version per procedure, the one in force on ``at`` (today), with an internal process."""
    return procedure_selectors.published_versions(at).filter(process__isnull=False)


def procedure_by_national_code(national_code: str) -> Procedure | None:
    return Procedure.objects.filter(national_code=national_code).first()


def receipt_form(dossier: Dossier, *, lookup_url: str) -> forms.ReceiptForm:
    """Form 01 (giấy tiếp nhận hồ sơ và hẹn trả kết quả, Thông tư 03/2025/TT-VPCP) of a dossier;
    its QR code carries ``lookup_url``, the public lookup page of the dossier."""
    agency = dossier.agency
    officer = dossier.received_by
    return forms.ReceiptForm(
        agency=heading.issuing_agency(agency),
        dossier_code=dossier.code,
        applicant=heading.applicant(dossier),
        procedure_name=dossier.version.name,
        issued_on=timezone.localdate(dossier.received_at),
        papers=tuple(
            forms.ReceivedPaper(paper.name, originals=paper.originals, copies=paper.copies, note=paper.note)
            for paper in papers(dossier)
        ),
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        legal_time=presentation.processing_time_text(dossier.version),
        receiving_officer=(officer.full_name or officer.get_username()) if officer is not None else "",
        lookup_url=lookup_url,
        return_place=agency.name,
    )
