"""Read queries of the online submission: a citizen's drafts, the agencies that receive a version
online, the papers of a draft with their files, a submitted dossier seen by its owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from egov.dossiers.models import Dossier
from egov.dossiers.services import routing
from egov.organizations.models import Agency
from egov.portal import draft_rules
from egov.portal.models import Draft, DraftFile
from egov.procedures import selectors as procedure_selectors
from egov.procedures.models import Procedure, ProcedureVersion, RequiredPaper, VersionAgency

#: Agencies offered when a version names no receiving agency (it "may be received anywhere").
_FALLBACK_KINDS = (Agency.Kind.SERVICE_CENTRE, Agency.Kind.PEOPLES_COMMITTEE, Agency.Kind.COMMUNE_COMMITTEE)


def accepts_online(version: ProcedureVersion | None) -> bool:
    """Whether citizens may file dossiers of ``version`` online (level "toàn trình" or "một phần",
    online submission allowed, an internal process to receive it with)."""
    return bool(
        version is not None
        and version.accepts_online
        and version.online_level != ProcedureVersion.OnlineLevel.NONE
        and version.process_id is not None
    )


def version_for_submission(procedure: Procedure, at: dt.datetime | None = None) -> ProcedureVersion | None:
    """The version in force now if it takes online dossiers, else None."""
    version = procedure_selectors.version_in_force(procedure, at or timezone.now())
    return version if accepts_online(version) else None


def receiving_agencies(version: ProcedureVersion) -> list[Agency]:
    """The active agencies a citizen may send a dossier of ``version`` to: the receiving agencies it
    names, and every agency of a kind it names (each ward's committee for a commune-level procedure)."""
    entries = [entry for entry in version.agencies.all() if entry.part == VersionAgency.Part.RECEIVING]
    if not entries:
        candidates = Agency.objects.filter(is_active=True, kind__in=_FALLBACK_KINDS)
    else:
        named = [entry.agency_id for entry in entries if entry.agency_id is not None]
        kinds = [entry.agency_kind for entry in entries if entry.agency_kind]
        candidates = Agency.objects.filter(is_active=True).filter(Q(pk__in=named) | Q(kind__in=kinds))
    return [agency for agency in candidates.order_by("name", "pk") if routing.may_receive(version, agency)]


def suggested_agency(agencies: list[Agency], user: Any) -> Agency | None:
    """The only agency, or the one of the citizen's own ward or province when the profile names it."""
    if len(agencies) == 1:
        return agencies[0]
    for unit_id in (getattr(user, "ward_id", None), getattr(user, "province_id", None)):
        if unit_id:
            for agency in agencies:
                if agency.administrative_unit_id == unit_id:
                    return agency
    return None


def open_drafts(owner: Any, *, now: dt.datetime | None = None) -> QuerySet[Draft]:
    """The citizen's drafts not yet submitted and not expired, the latest changed first."""
    return (
        Draft.objects.filter(owner=owner, dossier__isnull=True, expires_at__gt=now or timezone.now())
        .select_related("procedure", "version", "agency")
        .order_by("-updated_at")
    )


def open_draft_for(owner: Any, procedure: Procedure, *, now: dt.datetime | None = None) -> Draft | None:
    return open_drafts(owner, now=now).filter(procedure=procedure).first()


def draft_of(owner: Any, draft_id: Any) -> Draft | None:
    """The citizen's own draft ``draft_id`` (submitted or expired included), None for anyone else's."""
    if getattr(owner, "pk", None) is None:
        return None
    return (
        Draft.objects.filter(pk=draft_id, owner=owner)
        .select_related("procedure", "version", "agency", "dossier")
        .first()
    )


@dataclass(frozen=True)
class PaperRow:
    """One paper of the version's list and the file attached to it in the draft, if any."""

    paper: RequiredPaper
    file: DraftFile | None

    @property
    def slot(self) -> draft_rules.PaperSlot:
        return draft_rules.PaperSlot(self.paper.pk, self.paper.name, self.paper.is_required)


def paper_rows(draft: Draft) -> list[PaperRow]:
    """The version's papers in order, each with the draft's file for it."""
    files = {row.paper_id: row for row in draft.files.order_by("created_at", "pk")}
    return [PaperRow(paper, files.get(paper.pk)) for paper in draft.version.papers.order_by("order", "pk")]


def missing_papers(draft: Draft) -> list[draft_rules.PaperSlot]:
    rows = paper_rows(draft)
    return draft_rules.missing_papers(
        [row.slot for row in rows], [row.paper.pk for row in rows if row.file is not None]
    )


def submitted_dossier(owner: Any, code: str) -> Dossier | None:
    """The dossier ``code`` if ``owner`` filed it online, with what the confirmation page shows."""
    if getattr(owner, "pk", None) is None:
        return None
    return (
        Dossier.objects.filter(code=code, owner=owner)
        .select_related("agency", "version", "version__procedure")
        .first()
    )
