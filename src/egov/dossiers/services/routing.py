"""Which agency answers for a dossier and for each step of its process.

A province-level dossier is received by the service centre (Trung tâm Phục vụ hành chính công) and
processed by a department: the version's agencies say which (part "processing"/"deciding", named or
by kind). The step's ``responsible`` says whose step it is; the dossier's ``current_agency`` is the
agency whose officers act on it now and in whose inbox it sits.
"""

from __future__ import annotations

from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.procedures import workflow
from egov.procedures.models import ProcedureVersion, Step, VersionAgency


def _matches(entry: VersionAgency, agency: Agency) -> bool:
    if entry.agency_id is not None:
        return bool(entry.agency_id == agency.pk or entry.agency_id in agency.path_ids())
    return bool(entry.agency_kind == agency.kind)


def may_receive(version: ProcedureVersion, agency: Agency) -> bool:
    """Whether ``agency`` is a receiving agency of ``version`` (named, above it, or by kind). A
    version that names no receiving agency may be received anywhere."""
    entries = [entry for entry in version.agencies.all() if entry.part == VersionAgency.Part.RECEIVING]
    return not entries or any(_matches(entry, agency) for entry in entries)


def processing_agency(version: ProcedureVersion, receiving: Agency) -> Agency | None:
    """The department that processes the version's dossiers received at ``receiving``: the agency
    the version names for processing; None when the receiving agency processes them itself (a
    commune's committee, a kind that matches the receiving agency, or nothing named)."""
    for entry in version.agencies.all():
        if entry.part == VersionAgency.Part.PROCESSING and entry.agency_id is not None:
            return None if entry.agency_id == receiving.pk else entry.agency
    return None


def step_agency(dossier: Dossier, step: workflow.StepSpec | None) -> Agency:
    """The agency responsible for ``step`` of ``dossier`` (the receiving agency when unsure)."""
    if step is None:
        return dossier.agency
    if step.responsible in (Step.Responsible.PROCESSING.value, Step.Responsible.DECIDING.value):
        return dossier.processing_agency or dossier.agency
    if step.responsible == workflow.RESPONSIBLE_OTHER_AGENCY and step.other_agency:
        partner = Agency.objects.filter(identifier=step.other_agency, is_active=True).first()
        if partner is not None:
            return partner
    return dossier.agency
