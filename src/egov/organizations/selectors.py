"""Read queries over agencies, administrative units and memberships."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat

from egov.organizations import rules
from egov.organizations.models import AdministrativeUnit, Agency, Membership


def matching_words[M: (Agency, AdministrativeUnit)](qs: QuerySet[M], q: str) -> QuerySet[M]:
    """Rows whose accent-folded name contains every word of ``q`` as a whole word, in any order; the
    last word may be unfinished (typed so far). "ubnd phu xuan" finds "Ủy ban nhân dân phường Phú
    Xuân" (short name UBND-PPX is folded in) but "phu xuan" does not find "Phường Thủy Xuân"."""
    words = rules.fold(q).split()
    if not words:
        return qs
    qs = qs.annotate(_padded=Concat(Value(" "), F("name_folded"), Value(" ")))
    for word in words[:-1]:
        qs = qs.filter(_padded__contains=f" {word} ")
    return qs.filter(_padded__contains=f" {words[-1]}")


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
        qs = matching_words(qs, q)
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


def children_of(agency: Agency, *, active_only: bool = True) -> list[Agency]:
    """The agencies directly below ``agency``, in directory order."""
    qs = agency.children.select_related("administrative_unit")
    if active_only:
        qs = qs.filter(is_active=True)
    return [node.agency for node in sorted((TreeNode(a) for a in qs), key=_directory_order)]


def administrative_units(
    *, level: str = "", parent_code: str = "", q: str = ""
) -> QuerySet[AdministrativeUnit]:
    qs = AdministrativeUnit.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if q:
        qs = matching_words(qs, q)
    return qs.order_by("code")


@dataclass
class TreeNode:
    """An agency with the nodes directly below it, for rendering the directory as nested lists."""

    agency: Agency
    children: list[TreeNode] = field(default_factory=list)


def agency_tree(*, active_only: bool = True) -> list[TreeNode]:
    """The whole agency forest in one query (ordered by materialised path), roots first."""
    qs = Agency.objects.select_related("administrative_unit").order_by("depth", "pk")
    if active_only:
        qs = qs.filter(is_active=True)
    nodes: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    for agency in qs:
        node = TreeNode(agency)
        nodes[agency.pk] = node
        parent = nodes.get(agency.parent_id) if agency.parent_id else None
        if parent is not None:
            parent.children.append(node)
        else:
            roots.append(node)
    for node in nodes.values():
        node.children.sort(key=_directory_order)
    return sorted(roots, key=_directory_order)


# Directory order under a parent: the office and the one-stop centre first, then departments,
# then communes/wards, each group by name.
_KIND_ORDER = {
    Agency.Kind.PEOPLES_COMMITTEE: 0,
    Agency.Kind.SERVICE_CENTRE: 1,
    Agency.Kind.DEPARTMENT: 2,
    Agency.Kind.DIVISION: 3,
    Agency.Kind.OTHER: 4,
    Agency.Kind.COMMUNE_COMMITTEE: 5,
}


def _directory_order(node: TreeNode) -> tuple[int, str]:
    return (_KIND_ORDER.get(node.agency.kind, 9), node.agency.name_folded)
