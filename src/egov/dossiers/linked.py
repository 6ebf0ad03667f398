"""Read queries of liên thông (linked dossiers) for pages and the API.

A linked child dossier is one whose ``origin_id`` is set (channel "inter_agency"): it is the share of
another agency, with its own code, clock and timeline. `linked_of` lists a parent's children (their
status, due and timeliness against their own due, and their files, such as the partner's result
paper) or a child's origin; `linked_context` is what ``dossiers/_linked.html`` needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from egov.core.calendar_store import get_calendar
from egov.core.vietnamese_dates import written_moment
from egov.dossiers import domain
from egov.dossiers.domain import interagency as rules
from egov.dossiers.models import Dossier, DossierFile
from egov.organizations.models import Agency
from egov.procedures import workflow

ORIGIN = "origin"
CHILD = "child"


@dataclass(frozen=True)
class LinkedDossier:
    """One dossier linked to the one on the page: its child at a partner, or its origin."""

    dossier: Dossier
    relation: str
    """``child`` (a share handed to a partner agency) or ``origin`` (the dossier it was handed from)."""
    timeliness: domain.Timeliness | None
    files: Sequence[DossierFile] = field(default_factory=tuple)
    viewable: bool = False

    @property
    def code(self) -> str:
        return str(self.dossier.code)

    @property
    def agency_name(self) -> str:
        return str(self.dossier.agency.name)

    @property
    def status_label(self) -> str:
        return str(self.dossier.get_national_status_display())

    @property
    def timeliness_label(self) -> str:
        return self.timeliness.label if self.timeliness is not None else ""

    @property
    def is_open(self) -> bool:
        return bool(self.dossier.is_open)

    @property
    def received_text(self) -> str:
        return written_moment(self.dossier.received_at)

    @property
    def due_text(self) -> str:
        return written_moment(self.dossier.due_at)

    @property
    def finished_text(self) -> str:
        return written_moment(self.dossier.finished_at) if self.dossier.finished_at else ""


def is_child(dossier: Dossier) -> bool:
    """Whether ``dossier`` is a liên thông child (counted only at its partner, never in totals)."""
    return dossier.origin_id is not None


def open_children(dossier: Dossier) -> QuerySet[Dossier]:
    """The children of ``dossier`` still open at their partner agency."""
    return Dossier.objects.filter(origin_id=dossier.pk, finished_at__isnull=True, closed_at__isnull=True)


def allowed_actions(dossier: Dossier, actions: Sequence[workflow.ActionSpec]) -> list[workflow.ActionSpec]:
    """The actions of ``actions`` that may be offered on ``dossier``: none on a parent waiting for its
    child; on a child only those that hand it back (`domain.interagency.check_child_action`)."""
    if is_child(dossier):
        return [action for action in actions if rules.supported_on_child(action)]
    if actions and open_children(dossier).exists():
        return []
    return list(actions)


def file_owners(dossier: Dossier) -> list[int]:
    """The dossiers whose files may be opened from ``dossier``'s page: itself, its liên thông children
    (the partner's result paper) and its origin (the papers the partner works from)."""
    owners = [dossier.pk]
    if dossier.origin_id is not None:
        owners.append(dossier.origin_id)
    owners.extend(Dossier.objects.filter(origin_id=dossier.pk).values_list("pk", flat=True))
    return owners


def partner_choices(spec: workflow.ProcessSpec, action: workflow.ActionSpec) -> QuerySet[Agency] | None:
    """The agencies an officer may choose as partner when taking ``action`` (a select named
    ``partner_agency`` with their identifiers, passed to ``processing.act`` in ``details``): the active
    agencies of the kind its target step asks for. None when the target step is not liên thông or
    names its partner (nothing to choose)."""
    step = spec.step(action.to_step)
    if step is None or not rules.is_linked_step(step) or step.other_agency:
        return None
    return Agency.objects.filter(is_active=True, kind=step.other_agency_kind).order_by("name")


def _row(
    dossier: Dossier, relation: str, *, at: dt.datetime, files: Sequence[DossierFile], user: Any
) -> LinkedDossier:
    viewable = False
    if user is not None:
        from egov.dossiers.selectors import may_view

        viewable = may_view(user, dossier)
    return LinkedDossier(
        dossier=dossier,
        relation=relation,
        timeliness=domain.timeliness(dossier.state(), at=at, calendar=get_calendar()),
        files=tuple(files),
        viewable=viewable,
    )


def linked_of(dossier: Dossier, *, user: Any = None, at: dt.datetime | None = None) -> list[LinkedDossier]:
    """The dossiers linked to ``dossier``: for a child, its origin (with the origin's files, the papers
    the partner works from); for a parent, its children in the order they were opened, each with its
    files (the partner's result paper) and its timeliness against its own due. With ``user``, each
    row says whether that user may open it."""
    moment = at or timezone.now()
    related = ("agency", "processing_agency", "current_agency")
    if dossier.origin_id is not None:
        origin = Dossier.objects.select_related(*related).get(pk=dossier.origin_id)
        files = DossierFile.objects.filter(dossier=origin).order_by("pk")
        return [_row(origin, ORIGIN, at=moment, files=list(files), user=user)]
    children = list(
        Dossier.objects.filter(origin_id=dossier.pk).select_related(*related).order_by("received_at", "pk")
    )
    by_child: dict[int, list[DossierFile]] = {child.pk: [] for child in children}
    for row in DossierFile.objects.filter(dossier_id__in=by_child).order_by("pk"):
        by_child[row.dossier_id].append(row)
    return [_row(child, CHILD, at=moment, files=by_child[child.pk], user=user) for child in children]


def linked_context(dossier: Dossier, *, user: Any = None, at: dt.datetime | None = None) -> dict[str, Any]:
    """The context of ``dossiers/_linked.html``: ``linked`` (rows of `linked_of`), ``linked_is_child``
    and ``linked_page_code`` (the page's dossier: its file links open the linked dossiers' files)."""
    return {
        "linked": linked_of(dossier, user=user, at=at),
        "linked_is_child": is_child(dossier),
        "linked_page_code": dossier.code,
    }
