"""Read queries of the officers' dossier API: the dossiers a person may see, filtered and ordered in
one SQL query, and the names of a process's steps and actions.

Who sees what follows `egov.dossiers.selectors.may_view` exactly, as a query: a membership with a
dossier role in agency G counts for the dossiers whose receiving, processing or current agency is G,
an agency below G (a role held above reaches down) or an agency above G (a division's officers work
on their department's dossiers), as `selectors.acting_grants` decides for one dossier.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import permissions
from egov.core.errors import ValidationFailed
from egov.dossiers import selectors
from egov.dossiers.models import Dossier
from egov.dossiers.services.intake import ACCEPT_ACTION, RECEIVE_ACTION
from egov.organizations import selectors as organization_selectors
from egov.organizations.models import Agency
from egov.procedures.models import Action, Step


def view_roles() -> frozenset[str]:
    return frozenset(role for name in selectors.VIEW_ACTIONS for role in permissions.action(name).roles)


def visible_agencies(user: Any) -> QuerySet[Agency] | None:
    """The agencies whose dossiers ``user`` may open (a lazy query), None when there are none."""
    roles = view_roles()
    held = {grant.agency_id for grant in permissions.grants_of(user) if grant.role in roles}
    if not held:
        return None
    condition = Q(pk__in=held)
    for path in Agency.objects.filter(pk__in=held).values_list("path", flat=True):
        if path:
            condition |= Q(path__startswith=path) | Q(
                pk__in=[int(part) for part in path.strip("/").split("/")]
            )
    return Agency.objects.filter(condition).values("pk")


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers ``user`` may open, with what a list row shows loaded (no query per row)."""
    agencies = visible_agencies(user)
    if agencies is None:
        return Dossier.objects.none()
    step_name = Step.objects.filter(process_id=OuterRef("version__process_id"), code=OuterRef("step")).values(
        "name"
    )[:1]
    return (
        Dossier.objects.filter(
            Q(agency_id__in=agencies)
            | Q(processing_agency_id__in=agencies)
            | Q(current_agency_id__in=agencies)
        )
        .select_related("version", "version__procedure", "agency", "current_agency", "assignee")
        .annotate(step_name=Subquery(step_name))
    )


def agency(identifier: str, field: str) -> Agency:
    """The agency with this electronic identifier; `ValidationFailed` naming ``field`` otherwise."""
    agency = organization_selectors.agency_by_identifier(identifier)
    if agency is None:
        raise ValidationFailed(
            f"Không có cơ quan với mã định danh {identifier}.",
            code="dossier.agency_unknown",
            message_en=f"No agency has the identifier {identifier}.",
            field=field,
        )
    return agency


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered(qs: QuerySet[Dossier], criteria: dict[str, Any], *, user: Any) -> QuerySet[Dossier]:
    """``qs`` narrowed by the validated query parameters (`inputs.DossierFilterSerializer`)."""
    if criteria.get("agency"):
        qs = qs.filter(agency=agency(criteria["agency"], "agency"))
    if criteria.get("current_agency"):
        inbox = agency(criteria["current_agency"], "current_agency")
        qs = qs.filter(Q(current_agency=inbox) | Q(current_agency__isnull=True, agency=inbox))
    if criteria.get("procedure"):
        qs = qs.filter(version__procedure__national_code=criteria["procedure"])
    if criteria.get("status"):
        qs = qs.filter(national_status__in=criteria["status"])
    if criteria.get("step"):
        qs = qs.filter(step=criteria["step"])
    if criteria.get("channel"):
        qs = qs.filter(channel=criteria["channel"])
    if criteria.get("received_from"):
        qs = qs.filter(received_at__gte=_day_start(criteria["received_from"]))
    if criteria.get("received_to"):
        qs = qs.filter(received_at__lt=_day_start(criteria["received_to"] + dt.timedelta(days=1)))
    overdue = criteria.get("overdue")
    if overdue is not None:
        late = Q(finished_at__isnull=True, closed_at__isnull=True, due_at__lt=Coalesce(F("paused_at"), Now()))
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if criteria.get("assigned_to_me"):
        qs = qs.filter(assignee_id=user.pk)
    return qs


def step_names(process_id: int | None) -> dict[str, str]:
    if process_id is None:
        return {}
    return dict(Step.objects.filter(process_id=process_id).values_list("code", "name"))


def action_names(process_id: int | None) -> dict[str, str]:
    names = {RECEIVE_ACTION: _("Tiếp nhận hồ sơ"), ACCEPT_ACTION: _("Tiếp nhận hồ sơ trực tuyến")}
    if process_id is not None:
        names.update(Action.objects.filter(process_id=process_id).values_list("code", "name"))
    return names
