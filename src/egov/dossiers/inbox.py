"""The officers' inbox (hộp hồ sơ): the dossiers of an officer ("của tôi": assigned to them) and of
their agencies ("của đơn vị": whose current step their agency answers for), in tabs.

The tab rules are `egov.dossiers.domain.inbox.tabs_of`; this module writes the same rules as SQL so
that a page is three queries whatever the agency's size: the tab counts (one aggregate with a
conditional count per tab), the page's rows, and the names of the rows' steps. Every filter starts
with ``current_agency IN (…)`` or ``assignee = …`` and, for the open tabs, ``national_status IN (…)``
and an order on ``due_at``: the indexes ``dossier_current_idx`` (current_agency, national_status,
due_at) and ``dossier_assignee_idx`` (assignee, due_at).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from egov.accounts import permissions
from egov.core.calendar import WorkingCalendar
from egov.dossiers.domain import inbox as rules
from egov.dossiers.domain.inbox import Tab
from egov.dossiers.models import Dossier
from egov.dossiers.selectors import VIEW_ACTIONS
from egov.organizations import selectors as organization_selectors
from egov.organizations.models import Agency
from egov.procedures.models import Step

PER_PAGE = 25
SCOPES = ("agency", "mine")
SORTS = {
    "due": ("due_at", "pk"),
    "-due": ("-due_at", "-pk"),
    "received": ("-received_at", "-pk"),
}
"""Orders of the list: due first (the default), due last, newest received first."""
DEFAULT_TAB = Tab.IN_PROGRESS
_CODE_LIKE = re.compile(r"^[0-9A-Za-z.\-]*[0-9.\-][0-9A-Za-z.\-]*$")


@dataclass(frozen=True)
class InboxQuery:
    """What the officer asked for (GET parameters, already checked by `parse`)."""

    scope: str = "agency"
    tab: Tab = DEFAULT_TAB
    sort: str = "due"
    procedure: str = ""
    text: str = ""
    page: int = 1


def parse(params: Any) -> InboxQuery:
    """An `InboxQuery` from GET parameters; unknown values fall back to the defaults."""
    scope = params.get("scope", "")
    tab = params.get("tab", "")
    sort = params.get("sort", "")
    try:
        page = max(1, int(params.get("page", "1")))
    except (TypeError, ValueError):
        page = 1
    return InboxQuery(
        scope=scope if scope in SCOPES else "agency",
        tab=Tab(tab) if tab in {item.value for item in Tab} else DEFAULT_TAB,
        sort=sort if sort in SORTS else "due",
        procedure=(params.get("procedure") or "").strip()[:64],
        text=" ".join((params.get("q") or "").split())[:100],
        page=page,
    )


# --- Whose dossiers -------------------------------------------------------------------------------


def dossier_roles() -> frozenset[str]:
    return frozenset(role for name in VIEW_ACTIONS for role in permissions.action(name).roles)


def inbox_agencies(user: Any, *, today: dt.date | None = None) -> list[Agency]:
    return _held(user, today=today)[0]


def _held(user: Any, *, today: dt.date | None = None) -> tuple[list[Agency], frozenset[str]]:
    """The agencies whose dossiers are "of my agencies": every agency where ``user`` holds a dossier
    role today and, for a role held in a division (phòng), the agencies above it up to the first one
    that is not a division (a member of a department's division sees the department's dossiers)."""
    if getattr(user, "pk", None) is None:
        return [], frozenset()
    roles = dossier_roles()
    on = today or timezone.localdate()
    held: dict[int, Agency] = {}
    held_roles: set[str] = set()
    for membership in organization_selectors.memberships_of(user):
        if membership.role not in roles:
            continue
        if membership.started_on is not None and membership.started_on > on:
            continue
        if membership.ended_on is not None and membership.ended_on < on:
            continue
        held[membership.agency_id] = membership.agency
        held_roles.add(membership.role)
    above_ids = {
        pk
        for agency in held.values()
        if agency.kind == Agency.Kind.DIVISION
        for pk in agency.path_ids()[:-1]
        if pk not in held
    }
    if above_ids:
        above = Agency.objects.in_bulk(above_ids)
        for agency in list(held.values()):
            if agency.kind != Agency.Kind.DIVISION:
                continue
            for pk in reversed(agency.path_ids()[:-1]):
                parent = above.get(pk) or held.get(pk)
                if parent is None or not parent.is_active:
                    break
                held[pk] = parent
                if parent.kind != Agency.Kind.DIVISION:
                    break
    return sorted(held.values(), key=lambda agency: agency.path), frozenset(held_roles)


def scoped(user: Any, scope: str, agencies: Sequence[Agency]) -> QuerySet[Dossier]:
    """The dossiers of ``scope``: assigned to ``user`` ("mine"), or in the inbox of ``agencies``."""
    if getattr(user, "pk", None) is None:
        return Dossier.objects.none()
    if scope == "mine":
        return Dossier.objects.filter(assignee=user)
    if not agencies:
        return Dossier.objects.none()
    return Dossier.objects.filter(current_agency__in=[agency.pk for agency in agencies])


# --- The tab rules as SQL -------------------------------------------------------------------------


def initial_step_codes() -> frozenset[str]:
    """Codes of the initial steps of the processes (a handful: "tiep-nhan" and the like)."""
    codes = Step.objects.filter(is_initial=True).order_by().values_list("code", flat=True).distinct()
    return frozenset(codes)


@dataclass(frozen=True)
class TabFilters:
    """`rules.tabs_of` written as Q objects, for one moment."""

    at: rules.Moments
    initial_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def open(self) -> Q:
        return Q(finished_at__isnull=True, closed_at__isnull=True, national_status__in=rules.OPEN_STATUSES)

    @property
    def waiting(self) -> Q:
        return self.open & (Q(national_status__in=rules.WAITING_STATUSES) | Q(paused_at__isnull=False))

    @property
    def running(self) -> Q:
        return self.open & ~Q(national_status__in=rules.WAITING_STATUSES) & Q(paused_at__isnull=True)

    @property
    def is_new(self) -> Q:
        return Q(national_status=1) | Q(national_status=2, step__in=sorted(self.initial_codes))

    @property
    def finished(self) -> Q:
        since = self.at.finished_since
        return Q(finished_at__gte=since) | Q(finished_at__isnull=True, closed_at__gte=since)

    def of(self, tab: Tab) -> Q:
        now = self.at.now
        match tab:
            case Tab.NEW:
                return self.running & self.is_new
            case Tab.IN_PROGRESS:
                return self.running & ~self.is_new
            case Tab.DUE_SOON:
                return self.running & Q(due_at__gte=now, due_at__lte=self.at.due_soon_until)
            case Tab.OVERDUE:
                return self.running & Q(due_at__lt=now)
            case Tab.WAITING:
                return self.waiting
            case Tab.FINISHED:
                return self.finished
        raise ValueError(tab)  # pragma: no cover

    @property
    def any_tab(self) -> Q:
        return self.open | self.finished


def filters(query: InboxQuery) -> Q:
    """The procedure and text filters: a text that looks like a code (digits, dots, dashes) matches
    code prefixes; other text the applicant's name (case-insensitive)."""
    condition = Q()
    if query.procedure:
        condition &= Q(version__procedure__national_code=query.procedure)
    if query.text:
        if _CODE_LIKE.match(query.text):
            condition &= Q(code__startswith=query.text.upper())
        else:
            condition &= Q(applicant_name__icontains=query.text)
    return condition


def counts(queryset: QuerySet[Dossier], tabs: TabFilters, *, finished: bool = True) -> dict[Tab, int | None]:
    """The number of dossiers in every tab: one aggregate query.

    With ``finished=False`` the finished tab is not counted (None) and the query reads only open
    dossiers (``national_status IN (1, 2, 4, 5, 6, 9)``: an index range on the agency's or the
    assignee's open rows). Counting the finished tab needs the moment each dossier ended, which no
    index holds: it reads the agency's whole history, so it is done only on the finished tab itself.
    """
    shown = [tab for tab in rules.TAB_ORDER if finished or tab != Tab.FINISHED]
    scope = tabs.any_tab if finished else tabs.open
    row = queryset.filter(scope).aggregate(**{str(tab): Count("pk", filter=tabs.of(tab)) for tab in shown})
    return {tab: int(row[str(tab)] or 0) if tab in shown else None for tab in rules.TAB_ORDER}


def _order(query: InboxQuery) -> tuple[Any, ...]:
    if query.tab == Tab.FINISHED and query.sort == "due":  # the most recently ended first
        return (Coalesce("finished_at", "closed_at").desc(), "-pk")
    return tuple(SORTS[query.sort])


def listing(queryset: QuerySet[Dossier], tabs: TabFilters, query: InboxQuery) -> QuerySet[Dossier]:
    """The tab's dossiers in the page's order, from the dossier table alone (see `rows_of`)."""
    return queryset.filter(tabs.of(query.tab)).order_by(*_order(query))


def rows_of(page: Page, query: InboxQuery) -> list[Dossier]:
    """The page's dossiers with what a row shows. The page's 25 ids are picked from the dossier table
    alone, then only those 25 rows are joined to version, procedure, agency and assignee (by primary
    key): joining before the LIMIT would join every dossier of the tab (bench/inbox.py)."""
    ids = list(page.object_list.values_list("pk", flat=True))
    if not ids:
        return []
    return list(
        Dossier.objects.filter(pk__in=ids)
        .select_related("version", "version__procedure", "current_agency", "assignee")
        .order_by(*_order(query))
    )


def paginate(queryset: QuerySet[Dossier], *, count: int, number: int) -> Page:
    """Page ``number`` (the last one when beyond) of 25 rows; ``count`` is the tab's count already
    known from `counts`, so the paginator does not count again."""
    paginator = Paginator(queryset, PER_PAGE, allow_empty_first_page=True)
    paginator.__dict__["count"] = count  # cached_property: skip Paginator's own COUNT(*)
    return paginator.get_page(number)


def step_names(dossiers: Iterable[Dossier]) -> dict[tuple[int | None, str], str]:
    """The names of the dossiers' current steps, keyed by (process id, step code): one query."""
    rows = list(dossiers)
    processes = {dossier.version.process_id for dossier in rows if dossier.version.process_id}
    codes = {dossier.step for dossier in rows}
    if not processes:
        return {}
    return {
        (process_id, code): name
        for process_id, code, name in Step.objects.filter(process_id__in=processes, code__in=codes)
        .order_by()
        .values_list("process_id", "code", "name")
    }


def procedure_choices(
    queryset: QuerySet[Dossier], tabs: TabFilters, limit: int = 300
) -> list[tuple[str, str]]:
    """(national code, name) of the procedures of the open dossiers in scope, for the filter."""
    rows = (
        queryset.filter(tabs.open)
        .values_list("version__procedure__national_code", "version__name")
        .order_by("version__procedure__national_code")
        .distinct()[:limit]
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return list(seen.items())


def facts(dossier: Dossier, initial_codes: frozenset[str]) -> rules.InboxFacts:
    return rules.InboxFacts(
        status=dossier.national_status,
        at_initial_step=dossier.step in initial_codes,
        due_at=dossier.due_at,
        paused_at=dossier.paused_at,
        finished_at=dossier.finished_at,
        closed_at=dossier.closed_at,
    )


@dataclass(frozen=True)
class InboxRow:
    dossier: Dossier
    step_name: str
    badge: rules.DueBadge | None


@dataclass(frozen=True)
class Inbox:
    """One inbox page: the request, the counts of every tab, the page and its rows."""

    query: InboxQuery
    agencies: list[Agency]
    counts: dict[Tab, int | None]
    """Dossiers per tab; None for the finished tab unless it is the one shown (see `counts`)."""
    page: Page
    rows: list[InboxRow]
    procedures: list[tuple[str, str]]
    roles: frozenset[str] = frozenset()
    """The dossier roles the officer holds today (the page offers the counter intake to receivers)."""


def inbox(user: Any, query: InboxQuery, *, now: dt.datetime, calendar: WorkingCalendar) -> Inbox:
    """The page of the inbox ``query`` asks for."""
    agencies, roles = _held(user, today=timezone.localdate(now))
    base = scoped(user, query.scope, agencies)
    initial = initial_step_codes()
    tabs = TabFilters(at=rules.moments(now, calendar), initial_codes=initial)
    chosen = base.filter(filters(query))
    tab_counts = counts(chosen, tabs, finished=query.tab == Tab.FINISHED)
    page = paginate(listing(chosen, tabs, query), count=tab_counts[query.tab] or 0, number=query.page)
    dossiers = rows_of(page, query)
    page.object_list = dossiers
    names = step_names(dossiers)
    rows = [
        InboxRow(
            dossier=dossier,
            step_name=names.get((dossier.version.process_id, dossier.step), dossier.step),
            badge=rules.due_badge(facts(dossier, initial), now=now, calendar=calendar),
        )
        for dossier in dossiers
    ]
    return Inbox(
        query=query,
        agencies=agencies,
        counts=tab_counts,
        page=page,
        rows=rows,
        procedures=procedure_choices(base, tabs),
        roles=roles,
    )
