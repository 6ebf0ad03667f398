"""What a dossier contributes to the daily statistics rollups, and what a change moves (plain Python).

A rollup row counts, per agency, procedure and day (Vietnam time), the dossiers received, finished
early / on time / late and closed without a result (refused, withdrawn, stopped). Each dossier
contributes to at most three rows: its receipt day, its finish day and its closure day. The rules:

- *received* (đã tiếp nhận): the one-stop took the dossier in. An online dossier still "Mới đăng ký"
  (status 1), or refused or withdrawn before an officer accepted it, was not received.
- *finished* (đã giải quyết): the clock was frozen for statistics or the process reached a terminal
  step; classified trước hạn / đúng hạn / quá hạn against the legal (original) due, from the frozen
  snapshot when there is one (`egov.dossiers.domain.timeliness`), on the day of that moment. A dossier
  closed without a result is never finished; a finished dossier counts exactly once.
- *closed* (từ chối, rút, dừng): status 3, 7 or 8, on the closure day.
- A liên thông child dossier (it has an origin) is counted only in the ``linked_*`` counters: its
  origin is already in the totals, and counting both is the known double-counting bug of peers.

`deltas(before, after)` is what the rollups must add when a dossier changes from ``before`` to
``after``: the contributions of ``after`` minus those of ``before``. Applying the deltas of every change
therefore always equals a recount from the final facts: a rollup cannot drift.
"""

from __future__ import annotations

import calendar as month_calendar
import enum
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

REGISTERED = 1
NOT_RECEIVED = 3
WITHDRAWAL_REQUESTED = 7
STOPPED = 8


class Finish(enum.StrEnum):
    """The on-time class of a finished dossier (the values of `domain.Timeliness` for finished ones)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


#: Totals of the agency's own dossiers.
TOTAL_COUNTERS = (
    "received",
    "received_online",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "refused",
    "withdrawn",
    "stopped",
)
#: Liên thông child dossiers, counted apart so that the province's figures hold each dossier once.
LINKED_COUNTERS = (
    "linked_received",
    "linked_finished_early",
    "linked_finished_on_time",
    "linked_finished_late",
    "linked_closed",
)
COUNTERS = TOTAL_COUNTERS + LINKED_COUNTERS

CLOSURE_COUNTERS = {NOT_RECEIVED: "refused", WITHDRAWAL_REQUESTED: "withdrawn", STOPPED: "stopped"}


@dataclass(frozen=True)
class Facts:
    """What the rollups know of one dossier at one moment.

    ``agency_id`` is the agency answerable for the result (the processing department, else the
    receiving agency); ``finished`` and ``finished_day`` are set once the dossier has a result;
    ``closure_status`` and ``closed_day`` once it was refused (3), withdrawn (7) or stopped (8)."""

    agency_id: int
    procedure_id: int
    received_day: date
    received: bool
    online: bool = False
    is_linked_child: bool = False
    finished: Finish | None = None
    finished_day: date | None = None
    closure_status: int | None = None
    closed_day: date | None = None


def was_received(*, status: int, closure_status: int | None, online: bool, accepted_by: bool) -> bool:
    """Whether the one-stop took the dossier in: not while it is only registered online (status 1),
    and not when an online dossier was refused (3) or withdrawn (7) before an officer accepted it
    (``accepted_by``: the dossier names the officer who received it)."""
    if status == REGISTERED:
        return False
    if not online or accepted_by:
        return True
    return closure_status not in (NOT_RECEIVED, WITHDRAWAL_REQUESTED)


Key = tuple[int, int, date]
"""A rollup row: (agency id, procedure id, day)."""


@dataclass(frozen=True)
class Delta:
    """What to add to one rollup row (non-zero amounts only)."""

    agency_id: int
    procedure_id: int
    day: date
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def key(self) -> Key:
        return (self.agency_id, self.procedure_id, self.day)


def contributions(facts: Facts | None) -> dict[Key, dict[str, int]]:
    """The counts one dossier with these facts adds to the rollups (each counter 0 or 1)."""
    found: dict[Key, dict[str, int]] = defaultdict(dict)
    if facts is None:
        return {}
    linked = facts.is_linked_child

    def key(day: date) -> Key:
        return (facts.agency_id, facts.procedure_id, day)

    if facts.received:
        row = found[key(facts.received_day)]
        if linked:
            row["linked_received"] = 1
        else:
            row["received"] = 1
            if facts.online:
                row["received_online"] = 1
    if facts.closure_status in CLOSURE_COUNTERS and facts.closed_day is not None:
        name = "linked_closed" if linked else CLOSURE_COUNTERS[facts.closure_status]
        found[key(facts.closed_day)][name] = 1
    elif facts.closure_status is None and facts.finished is not None and facts.finished_day is not None:
        name = f"finished_{Finish(facts.finished).value}"
        found[key(facts.finished_day)]["linked_" + name if linked else name] = 1
    return {row_key: dict(counts) for row_key, counts in found.items()}


def recount(all_facts: Iterable[Facts | None]) -> dict[Key, dict[str, int]]:
    """The rollups of a set of dossiers, from scratch (rows without counts left out)."""
    totals: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for facts in all_facts:
        for row_key, counts in contributions(facts).items():
            row = totals[row_key]
            for name, amount in counts.items():
                row[name] += amount
    return {row_key: row for row_key, row in totals.items() if any(row.values())}


def deltas(before: Facts | None, after: Facts | None) -> list[Delta]:
    """What the rollups must add when a dossier changes from ``before`` (None: new) to ``after``,
    one `Delta` per row that moves, in key order (rows are always locked in the same order)."""
    old, new = contributions(before), contributions(after)
    moved: list[Delta] = []
    for row_key in sorted(set(old) | set(new)):
        counts = {}
        for name in COUNTERS:
            amount = new.get(row_key, {}).get(name, 0) - old.get(row_key, {}).get(name, 0)
            if amount:
                counts[name] = amount
        if counts:
            moved.append(Delta(*row_key, counts=counts))
    return moved


def apply_deltas(rows: dict[Key, dict[str, int]], moved: Iterable[Delta]) -> dict[Key, dict[str, int]]:
    """``rows`` with ``moved`` added (a model of what the database does; rows left empty dropped)."""
    result = {row_key: dict(counts) for row_key, counts in rows.items()}
    for delta in moved:
        row = result.setdefault(delta.key, dict.fromkeys(COUNTERS, 0))
        for name, amount in delta.counts.items():
            row[name] = row.get(name, 0) + amount
    return {row_key: row for row_key, row in result.items() if any(row.values())}


# --- Figures of a period -------------------------------------------------------------------------


def on_time_rate(*, early: int, on_time: int, late: int) -> Decimal | None:
    """On-time rate in per cent, one decimal = (trước hạn + đúng hạn) / finished (DOMAIN.md §3);
    None when nothing finished."""
    finished = early + on_time + late
    if finished <= 0:
        return None
    rate = Decimal(100 * (early + on_time)) / Decimal(finished)
    return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class PeriodKind(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    """A reporting period of Quyết định 766/QĐ-TTg: month, quarter, half-year or year.

    ``start`` is the first day, ``end`` the last day (inclusive); ``code`` is how a URL writes it
    (``2025-07``, ``2025-Q3``, ``2025-H2``, ``2025``)."""

    kind: PeriodKind
    year: int
    number: int
    start: date
    end: date

    @property
    def code(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == PeriodKind.HALF:
            return f"{self.year}-H{self.number}"
        return str(self.year)

    @property
    def label(self) -> str:
        """The Vietnamese name: "Tháng 7/2025", "Quý III/2025", "6 tháng cuối năm 2025", "Năm 2025"."""
        if self.kind == PeriodKind.MONTH:
            return f"Tháng {self.number}/{self.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"Quý {('I', 'II', 'III', 'IV')[self.number - 1]}/{self.year}"
        if self.kind == PeriodKind.HALF:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        return f"Năm {self.year}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def period(kind: PeriodKind | str, year: int, number: int = 1) -> Period:
    """The period ``number`` (month 1–12, quarter 1–4, half 1–2; ignored for a year) of ``year``."""
    kind = PeriodKind(kind)
    months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}[kind]
    count = 12 // months
    if kind == PeriodKind.YEAR:
        number = 1
    if not 1 <= number <= count:
        raise ValueError(f"{kind} {number} does not exist")
    if not 1 <= year <= 9999:
        raise ValueError(f"year {year} out of range")
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    last_day = month_calendar.monthrange(year, last_month)[1]
    return Period(kind, year, number, date(year, first_month, 1), date(year, last_month, last_day))


_PERIOD_CODE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")


def parse_period(code: str) -> Period | None:
    """The period written ``2025-07``, ``2025-Q3``, ``2025-H2`` or ``2025``; None when malformed."""
    match = _PERIOD_CODE.match((code or "").strip().upper())
    if match is None:
        return None
    year = int(match["year"])
    try:
        if match["month"]:
            return period(PeriodKind.MONTH, year, int(match["month"]))
        if match["quarter"]:
            return period(PeriodKind.QUARTER, year, int(match["quarter"]))
        if match["half"]:
            return period(PeriodKind.HALF, year, int(match["half"]))
        return period(PeriodKind.YEAR, year)
    except ValueError:
        return None


def period_containing(day: date, kind: PeriodKind | str = PeriodKind.MONTH) -> Period:
    kind = PeriodKind(kind)
    size = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}[kind]
    return period(kind, day.year, (day.month - 1) // size + 1)


def recent_periods(today: date, *, years: int = 3) -> list[Period]:
    """Periods to choose from, newest first: for each of the last ``years`` years the year, its
    halves, quarters and months that have started by ``today``."""
    found: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        for kind, count in (
            (PeriodKind.YEAR, 1),
            (PeriodKind.HALF, 2),
            (PeriodKind.QUARTER, 4),
            (PeriodKind.MONTH, 12),
        ):
            for number in range(count, 0, -1):
                candidate = period(kind, year, number)
                if candidate.start <= today:
                    found.append(candidate)
    return found
