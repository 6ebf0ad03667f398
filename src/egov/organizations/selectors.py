"""Read queries over agencies, administrative units and memberships."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from egov.organizations import rules
from egov.organizations.models import AdministrativeUnit, Agency, Membership


def memberships_of(user: object, *, active_only: bool = True) -> QuerySet[Membership]:
    """The roles a person holds, with their agencies and positions loaded."""
    if getattr(user, "pk", None) is None:
        return Membership.objects.none()
    qs = Membership.objects.filter(user=user).select_related("agency", "position")
    if active_only:
        qs = qs.filter(is_active=True, agency__is_active=True)
    return qs


def agency_subtree_ids(agency: Agency) -> set[int]:
    """The ids of ``agency`` and of every agency below it, at any depth."""
    return set(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))


def top_agency() -> Agency | None:
    """The province's people's committee: the active root agency of kind people's committee."""
    return (
        Agency.objects.filter(parent__isnull=True, kind=Agency.Kind.PEOPLES_COMMITTEE, is_active=True)
        .order_by("pk")
        .first()
    )


def agency_by_identifier(identifier: str) -> Agency | None:
    """The agency with this electronic identifier (any case or spacing), or ``None``."""
    try:
        canonical = rules.normalize_identifier(identifier)
    except rules.ValidationFailed:
        return None
    return Agency.objects.filter(identifier=canonical).first()


def agencies(
    *,
    q: str = "",
    parent: Agency | int | None = None,
    kind: str = "",
    identifier: str = "",
    active_only: bool = True,
) -> QuerySet[Agency]:
    """Agencies in tree order, filtered; ``q`` matches the name or short name without accents."""
    qs = Agency.objects.select_related("parent", "administrative_unit")
    if active_only:
        qs = qs.filter(is_active=True)
    if q:
        folded = rules.fold(q)
        qs = qs.filter(Q(name_folded__contains=folded) | Q(short_name__iexact=q.strip()))
    if parent is not None:
        qs = qs.filter(parent=parent)
    if kind:
        qs = qs.filter(kind=kind)
    if identifier:
        try:
            qs = qs.filter(identifier=rules.normalize_identifier(identifier))
        except rules.ValidationFailed:
            qs = qs.none()
    return qs.order_by("path")


def agency_detail(pk: int) -> Agency | None:
    return Agency.objects.select_related("parent", "administrative_unit").filter(pk=pk).first()


def children_of(agency: Agency, *, active_only: bool = True) -> QuerySet[Agency]:
    qs = agency.children.select_related("administrative_unit")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("kind", "name")


def administrative_units(
    *, level: str = "", parent_code: str = "", q: str = ""
) -> QuerySet[AdministrativeUnit]:
    qs = AdministrativeUnit.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if q:
        qs = qs.filter(name_folded__contains=rules.fold(q))
    return qs.order_by("code")
