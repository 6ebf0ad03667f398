"""Read queries of the statistics: period reports from the rollups, open dossiers live.

- Received, finished (early / on time / late) and closed come from `DailyRollup`, summed over the
  days of a period (month, quarter, half-year, year; Quyết định 766/QĐ-TTg) for an agency with its
  subtree: one grouped query.
- Open dossiers (*chưa đến hạn* / *quá hạn*) change with time, not only with transactions, so they
  are counted live from the dossier table at the moment of the request: one grouped query on
  ``current_agency IN (…)`` and ``national_status IN (…)`` (index ``dossier_current_idx``), each
  dossier under the agency in whose inbox it sits. Lateness is judged against the legal due
  (``original_due_at``), never a form-04 appointment; a dossier paused for the applicant is overdue
  only when its due had already passed when it was paused (paused time is never charged).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from egov.accounts import permissions
from egov.core.calendar import VIETNAM
from egov.dossiers.models import Dossier
from egov.dossiers.statistics import rollups, rules
from egov.dossiers.statistics.models import DailyRollup
from egov.organizations.models import Agency, Role
from egov.procedures.models import Procedure, ProcedureVersion

PERMISSION = "dossiers.statistics"
permissions.register(
    PERMISSION, roles=[Role.LEADER, Role.DIVISION_HEAD], description="xem thống kê hồ sơ một cửa"
)
BY_AGENCY = "agency"
BY_PROCEDURE = "procedure"

#: Statuses of a dossier that may still be open: everything but the closing ones (3, 7, 8).
OPEN_STATUSES = (1, 2, 4, 5, 6, 9, 10)


@dataclass
class Figures:
    """The counts of one row of the report (or of its total)."""

    received: int = 0
    received_online: int = 0
    finished_early: int = 0
    finished_on_time: int = 0
    finished_late: int = 0
    refused: int = 0
    withdrawn: int = 0
    stopped: int = 0
    linked_received: int = 0
    linked_finished_early: int = 0
    linked_finished_on_time: int = 0
    linked_finished_late: int = 0
    linked_closed: int = 0
    awaiting: int = 0
    open_not_yet_due: int = 0
    open_overdue: int = 0

    def add(self, other: Figures | dict[str, Any]) -> None:
        values = other if isinstance(other, dict) else other.__dict__
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + int(values.get(item.name) or 0))

    @property
    def finished(self) -> int:
        return self.finished_early + self.finished_on_time + self.finished_late

    @property
    def finished_in_time(self) -> int:
        return self.finished_early + self.finished_on_time

    @property
    def on_time_rate(self) -> Decimal | None:
        return rules.on_time_rate(
            early=self.finished_early, on_time=self.finished_on_time, late=self.finished_late
        )

    @property
    def open(self) -> int:
        return self.open_not_yet_due + self.open_overdue

    @property
    def linked_finished(self) -> int:
        return self.linked_finished_early + self.linked_finished_on_time + self.linked_finished_late

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, item.name) for item in fields(self))


@dataclass
class Row:
    """A row of the report: an agency with its subtree, the agency's own dossiers, or a procedure."""

    label: str
    code: str
    figures: Figures = field(default_factory=Figures)
    agency_id: int | None = None
    procedure_id: int | None = None
    has_subtree: bool = False
    own: bool = False


@dataclass
class Report:
    """The figures of ``agency`` (with its subtree) for ``period``, by agency or by procedure; the open
    counts are those at ``at``."""

    agency: Agency
    period: rules.Period
    by: str
    at: dt.datetime
    rows: list[Row]
    total: Figures


# --- Who sees what -------------------------------------------------------------------------------


def statistics_agencies(user: Any) -> list[Agency]:
    """The agencies whose statistics ``user`` may read, highest first, each with its subtree: those
    where they hold a role of ``dossiers.statistics`` today; for a role held in a division (phòng),
    the department above it (as in the inbox: a department's divisions work on its dossiers); for a
    superuser, the top agencies."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return list(Agency.objects.filter(parent__isnull=True, is_active=True).order_by("name"))
    roles = permissions.action(PERMISSION).roles
    ids = {grant.agency_id for grant in permissions.grants_of(user) if grant.role in roles}
    held = list(Agency.objects.filter(pk__in=ids, is_active=True))
    above = Agency.objects.in_bulk(
        {pk for agency in held if agency.kind == Agency.Kind.DIVISION for pk in agency.path_ids()[:-1]}
    )
    found: dict[int, Agency] = {}
    for agency in held:
        chosen = agency
        if agency.kind == Agency.Kind.DIVISION:
            for pk in reversed(agency.path_ids()[:-1]):
                parent = above.get(pk)
                if parent is None or not parent.is_active:
                    break
                chosen = parent
                if parent.kind != Agency.Kind.DIVISION:
                    break
        found[chosen.pk] = chosen
    # An agency below another one listed is already in that one's subtree.
    paths = [agency.path for agency in found.values()]
    top = [
        agency
        for agency in found.values()
        if not any(other != agency.path and agency.path.startswith(other) for other in paths)
    ]
    return sorted(top, key=lambda agency: (agency.depth, agency.name))


def may_read(user: Any, agency: Agency, *, roots: list[Agency] | None = None) -> bool:
    """Whether ``agency`` lies in the subtree of one of the user's `statistics_agencies`."""
    for root in statistics_agencies(user) if roots is None else roots:
        if agency.pk == root.pk or (root.path and agency.path.startswith(root.path)):
            return True
    return False


# --- Queries -------------------------------------------------------------------------------------


def _subtree(agency: Agency) -> list[Agency]:
    scope = Q(pk=agency.pk) | Q(path__startswith=agency.path) if agency.path else Q(pk=agency.pk)
    return list(
        Agency.objects.filter(scope)
        .only("pk", "path", "name", "identifier", "parent_id", "is_active", "depth")
        .order_by("path")
    )


def rollup_sums(agency_ids: list[int], period: rules.Period, *, by: str) -> dict[int, dict[str, int]]:
    """The rollups of ``agency_ids`` summed over ``period``, per agency id or per procedure id."""
    group = "agency_id" if by == BY_AGENCY else "procedure_id"
    rows = (
        DailyRollup.objects.filter(agency_id__in=agency_ids, day__gte=period.start, day__lte=period.end)
        .values(group)
        .annotate(**{name: Sum(name) for name in rules.COUNTERS})
        .order_by()
    )
    return {row[group]: {name: int(row[name] or 0) for name in rules.COUNTERS} for row in rows}


def overdue_threshold(at: dt.datetime, compare: str) -> dt.datetime:
    """An open running dossier is overdue when its legal due is before this moment: ``at`` itself, or
    the start of ``at``'s day when timeliness is compared by date."""
    if compare == "date":
        return dt.datetime.combine(at.astimezone(VIETNAM).date(), dt.time(0), tzinfo=VIETNAM)
    return at


def open_counts(
    agency_ids: list[int], *, at: dt.datetime, by: str, compare: str = "moment"
) -> dict[int, dict[str, int]]:
    """Open dossiers now in the inboxes of ``agency_ids``, per agency id or procedure id: awaiting
    acceptance (online, status 1), open not yet due, open overdue. Liên thông children are left out
    (their origin is open too); a dossier frozen for statistics counts as finished, not open."""
    overdue = Q(paused_at__isnull=True, original_due_at__lt=overdue_threshold(at, compare)) | Q(
        paused_at__isnull=False, original_due_at__lt=F("paused_at")
    )
    running = Q(national_status__gt=1)
    live = Dossier.objects.filter(
        Q(current_agency_id__in=agency_ids) | Q(current_agency__isnull=True, agency_id__in=agency_ids),
        national_status__in=OPEN_STATUSES,
        finished_at__isnull=True,
        closed_at__isnull=True,
        frozen__isnull=True,
        origin__isnull=True,
    )
    if by == BY_AGENCY:
        grouped = live.values(group=Coalesce("current_agency_id", "agency_id"))
    else:
        grouped = live.values(group=F("version__procedure_id"))
    rows = grouped.annotate(
        awaiting=Count("pk", filter=Q(national_status=1)),
        running=Count("pk", filter=running),
        overdue=Count("pk", filter=running & overdue),
    ).order_by()
    return {
        row["group"]: {
            "awaiting": row["awaiting"],
            "open_not_yet_due": row["running"] - row["overdue"],
            "open_overdue": row["overdue"],
        }
        for row in rows
    }


def procedure_names(procedure_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(national code, name of the newest version) of each procedure."""
    names: dict[int, tuple[str, str]] = {}
    codes = dict(Procedure.objects.filter(pk__in=procedure_ids).values_list("pk", "national_code"))
    versions = (
        ProcedureVersion.objects.filter(procedure_id__in=procedure_ids)
        .order_by("procedure_id", "-number")
        .values_list("procedure_id", "name")
    )
    for procedure_id, name in versions:
        names.setdefault(procedure_id, (codes.get(procedure_id, ""), name))
    for procedure_id, code in codes.items():
        names.setdefault(procedure_id, (code, code))
    return names


def report(
    *, agency: Agency, period: rules.Period, by: str = BY_AGENCY, at: dt.datetime | None = None
) -> Report:
    """The statistics of ``agency`` and its subtree for ``period``.

    By agency: one row for the agency's own dossiers, then one row per agency directly below it, each
    with its whole subtree; by procedure: one row per procedure with figures in the subtree. The
    total is the whole subtree (each dossier once)."""
    moment = at or timezone.now()
    subtree = _subtree(agency)
    ids = [item.pk for item in subtree]
    sums = rollup_sums(ids, period, by=by)
    live = open_counts(ids, at=moment, by=by, compare=rollups.compare_mode())
    total = Figures()
    rows: list[Row]
    if by == BY_AGENCY:
        own = Row(label=agency.name, code=agency.identifier, agency_id=agency.pk, own=True)
        children = {
            item.pk: Row(label=item.name, code=item.identifier, agency_id=item.pk)
            for item in subtree
            if item.parent_id == agency.pk
        }
        depth = len(agency.path_ids())
        row_of: dict[int, Row] = {}
        for item in subtree:
            chain = item.path_ids()
            if item.pk == agency.pk or len(chain) <= depth:
                row_of[item.pk] = own
            else:
                row_of[item.pk] = children[chain[depth]]
                if item.parent_id != agency.pk:
                    children[chain[depth]].has_subtree = True
        for source in (sums, live):
            for agency_id, counts in source.items():
                row = row_of.get(agency_id)
                if row is not None:
                    row.figures.add(counts)
        active = {item.pk for item in subtree if item.is_active}
        listed = sorted(
            (row for row in children.values() if row.agency_id in active or not row.figures.is_empty),
            key=lambda row: row.label,
        )
        rows = [own, *listed]
    else:
        procedure_ids = sorted(set(sums) | set(live))
        names = procedure_names(procedure_ids)
        rows = []
        for procedure_id in procedure_ids:
            code, name = names.get(procedure_id, ("", str(procedure_id)))
            row = Row(label=name, code=code, procedure_id=procedure_id)
            row.figures.add(sums.get(procedure_id, {}))
            row.figures.add(live.get(procedure_id, {}))
            rows.append(row)
        rows.sort(key=lambda row: (-row.figures.received, row.code))
    for row in rows:
        total.add(row.figures)
    return Report(agency=agency, period=period, by=by, at=moment, rows=rows, total=total)
