"""The working calendar: working sessions, public holidays and adjustments, and deadline arithmetic.

Pure Python (no Django import); `egov.core.calendar_store.get_calendar()` builds the calendar from the
database. Rules implemented here (DOMAIN.md §4):

- Working time is counted only inside working sessions (default Monday–Friday 07:30–11:30 and
  13:00–17:00; 8 working hours = 1 working day).
- Public holidays come from the `holidays` package (Labour Code 2019 art. 112, lunar dates and the
  announced swaps it knows). Administrator-entered adjustments (an extra day off, or a make-up working
  day such as a Saturday worked) override the package. A make-up working day uses the sessions of an
  ordinary weekday: those of the first day from Monday to Friday that has sessions (Monday by default).
- A dossier received outside working time starts its clock at the next session start.
- A deadline that would end at a session boundary ends at the end of that session (4 working hours
  from 07:30 is 11:30 the same day, not 13:00).
- Civil Code 2015 art. 147–148 for periods in days: the day of the event is not counted; a period whose
  last day is a weekly rest day or a public holiday ends at the end of the next working day.

Conventions:

- Time zone: Asia/Ho_Chi_Minh. Aware datetimes in any zone are accepted and converted; **naive
  datetimes are refused** (`ValidationFailed`, code `calendar.naive_datetime`) because a naive value
  usually means a UTC value lost its zone on the way. Results are aware datetimes in Vietnam time.
- Working time is returned as `Decimal` hours (`working_time_between`), exact for any whole number of
  microseconds (the division by 3,600,000,000 is carried to 28 significant digits). `hours` arguments
  may be `int`, `Decimal` or `float`; they are rounded to the microsecond.
- `working_time_between(a, b)` is antisymmetric: negative when `b < a`.
- Sessions are half-open: `[start, end)`. 11:30 is not working time; 07:30 is.

Performance: each calendar year is compiled lazily, once, into sorted arrays of session starts and
cumulative working time, so `add_working_time` and `working_time_between` cost O(log n) per year
crossed (bisect), not a day-by-day loop.
"""

from __future__ import annotations

import bisect
import enum
import functools
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import holidays

from egov.core.errors import ValidationFailed

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HOURS_PER_WORKING_DAY = 8
#: Cut-off of the single-day rule (DOMAIN.md §4): received after it → the next working day.
DEFAULT_SINGLE_DAY_CUTOFF = time(15, 0)
#: A guard against runaway input: no deadline is longer than this many working hours (≈ 50 years).
MAX_HOURS = 100_000

_MICROS_PER_DAY = 86_400 * 1_000_000
_MICROS_PER_HOUR = 3_600 * 1_000_000

WEEKDAY_NAMES_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

Hours = int | Decimal | float


@dataclass(frozen=True, order=True)
class Session:
    """One working session of a day, `[start, end)` in Vietnam wall-clock time."""

    start: time
    end: time

    @property
    def hours(self) -> Decimal:
        return Decimal(_time_micros(self.end) - _time_micros(self.start)) / _MICROS_PER_HOUR


class AdjustmentKind(enum.StrEnum):
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"


@dataclass(frozen=True)
class Adjustment:
    """A dated exception entered by an administrator; it overrides the weekday sessions and holidays."""

    day: date
    kind: AdjustmentKind
    legal_basis: str = ""
    note: str = ""


#: Default sessions: Monday–Friday 07:30–11:30 and 13:00–17:00.
DEFAULT_SESSIONS: tuple[tuple[int, time, time], ...] = tuple(
    (weekday, start, end)
    for weekday in range(5)
    for start, end in ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
)


@functools.lru_cache(maxsize=64)
def _vietnam_holidays(year: int) -> Mapping[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def vietnam_public_holidays(year: int) -> Mapping[date, str]:
    """Vietnamese public holidays of `year` (date → name) from the `holidays` package."""
    return _vietnam_holidays(year)


# --- Validation --------------------------------------------------------------------------------


def validate_sessions(sessions: Iterable[tuple[int, time, time]]) -> tuple[tuple[Session, ...], ...]:
    """Check (weekday, start, end) triples and return the sessions of each weekday, sorted.

    Refused with a Vietnamese message: a weekday outside 0–6, a session that ends at or before its
    start, sessions that overlap on the same weekday.
    """
    by_day: list[list[Session]] = [[] for _ in range(7)]
    for weekday, start, end in sessions:
        if not 0 <= weekday <= 6:
            raise ValidationFailed(
                "Thứ trong tuần phải từ Thứ Hai đến Chủ nhật.",
                code="calendar.invalid_weekday",
                message_en="The weekday must be between Monday (0) and Sunday (6).",
                field="weekday",
            )
        if end <= start:
            raise ValidationFailed(
                f"Buổi làm việc {WEEKDAY_NAMES_VI[weekday]} phải kết thúc sau giờ bắt đầu "
                f"({start:%H:%M}–{end:%H:%M}).",
                code="calendar.session_ends_before_start",
                message_en="A working session must end after it starts.",
                field="end",
            )
        by_day[weekday].append(Session(start, end))
    for weekday, day_sessions in enumerate(by_day):
        day_sessions.sort()
        for before, after in itertools.pairwise(day_sessions):
            if after.start < before.end:
                raise ValidationFailed(
                    f"Các buổi làm việc {WEEKDAY_NAMES_VI[weekday]} bị chồng lên nhau "
                    f"({before.start:%H:%M}–{before.end:%H:%M} và {after.start:%H:%M}–{after.end:%H:%M}).",
                    code="calendar.sessions_overlap",
                    message_en="Working sessions of the same weekday overlap.",
                    field="start",
                )
    return tuple(tuple(day_sessions) for day_sessions in by_day)


def duplicate_adjustment(day: date) -> ValidationFailed:
    """The error for a second adjustment on a day that already has one."""
    return ValidationFailed(
        f"Ngày {day:%d/%m/%Y} đã có một điều chỉnh lịch làm việc.",
        code="calendar.duplicate_adjustment",
        message_en="There is already a calendar adjustment on that day.",
        field="day",
    )


def validate_adjustments(adjustments: Iterable[Adjustment]) -> dict[date, Adjustment]:
    """Index adjustments by day; two adjustments on the same day are refused."""
    by_day: dict[date, Adjustment] = {}
    for adjustment in adjustments:
        if adjustment.day in by_day:
            raise duplicate_adjustment(adjustment.day)
        by_day[adjustment.day] = adjustment
    return by_day


def _require_aware(moment: datetime, field_name: str) -> datetime:
    if not isinstance(moment, datetime):
        raise ValidationFailed(
            "Thời điểm không hợp lệ.",
            code="calendar.invalid_datetime",
            message_en="Not a date and time.",
            field=field_name,
        )
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationFailed(
            "Thời điểm phải có múi giờ (giờ Việt Nam).",
            code="calendar.naive_datetime",
            message_en="The datetime must be timezone-aware.",
            field=field_name,
        )
    return moment.astimezone(VIETNAM)


def _hours_to_micros(hours: Hours) -> int:
    try:
        value = hours if isinstance(hours, Decimal) else Decimal(str(hours))
        if isinstance(hours, bool) or not value.is_finite() or value < 0 or value > MAX_HOURS:
            raise InvalidOperation
        return int((value * _MICROS_PER_HOUR).to_integral_value())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed(
            f"Số giờ làm việc phải là một số từ 0 đến {MAX_HOURS}.",
            code="calendar.invalid_hours",
            message_en=f"Working hours must be a number from 0 to {MAX_HOURS}.",
            field="hours",
        ) from None


# --- Wall-clock positions: microseconds since 0001-01-01 00:00 Vietnam time -----------------------
# Vietnam has kept UTC+7 without daylight saving since 1975, so wall-clock arithmetic is exact.


def _time_micros(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _position(moment: datetime) -> int:
    """Position of an aware datetime already converted to Vietnam time."""
    day_start = moment.date().toordinal() * _MICROS_PER_DAY
    return day_start + _time_micros(moment.timetz().replace(tzinfo=None))


def _moment(position: int) -> datetime:
    days, micros = divmod(position, _MICROS_PER_DAY)
    return datetime.combine(date.fromordinal(days), time(0), tzinfo=VIETNAM) + timedelta(microseconds=micros)


@dataclass(frozen=True)
class _YearIndex:
    """Sessions of one calendar year, compiled for bisection."""

    starts: tuple[int, ...]  # position of each session start, ascending
    ends: tuple[int, ...]  # position of each session end
    cum_before: tuple[int, ...]  # working micros of the year before each session
    cum_after: tuple[int, ...]  # working micros of the year up to each session's end
    first: int  # position of 1 January 00:00
    total: int  # working micros in the whole year

    def worked_until(self, position: int) -> int:
        """Working micros from 1 January 00:00 to `position` (clamped to this year)."""
        i = bisect.bisect_right(self.starts, position) - 1
        if i < 0:
            return 0
        return self.cum_before[i] + min(position, self.ends[i]) - self.starts[i]

    def position_of(self, worked: int) -> int:
        """The earliest position where `worked` (0 < worked ≤ total) micros have been worked.

        Because we take the first session whose cumulative end reaches `worked`, a deadline that falls
        on a boundary ends at the end of that session, never at the start of the next one.
        """
        j = bisect.bisect_left(self.cum_after, worked)
        return self.starts[j] + worked - self.cum_before[j]


@dataclass(frozen=True, eq=False)
class WorkingCalendar:
    """Working sessions per weekday + public holidays + adjustments. Immutable; years compile lazily.

    Build it with `WorkingCalendar.build(...)` (which validates) rather than the constructor.
    """

    weekly: tuple[tuple[Session, ...], ...]
    adjustments: Mapping[date, Adjustment] = field(default_factory=dict)
    holiday_source: Callable[[int], Mapping[date, str]] = vietnam_public_holidays
    _years: dict[int, _YearIndex] = field(default_factory=dict, repr=False, compare=False, hash=False)

    @classmethod
    def build(
        cls,
        *,
        sessions: Iterable[tuple[int, time, time]] | None = None,
        adjustments: Iterable[Adjustment] = (),
        holiday_source: Callable[[int], Mapping[date, str]] = vietnam_public_holidays,
    ) -> WorkingCalendar:
        """A validated calendar; `sessions=None` (or empty) means the default sessions."""
        session_list = list(sessions) if sessions is not None else []
        weekly = validate_sessions(session_list or DEFAULT_SESSIONS)
        return cls(
            weekly=weekly, adjustments=validate_adjustments(adjustments), holiday_source=holiday_source
        )

    # --- Days ---------------------------------------------------------------------------------

    @property
    def make_up_sessions(self) -> tuple[Session, ...]:
        """Sessions of a make-up working day: those of the first weekday Monday–Friday that has any."""
        for weekday in range(5):
            if self.weekly[weekday]:
                return self.weekly[weekday]
        return ()

    def sessions_on(self, day: date) -> tuple[Session, ...]:
        """The working sessions of `day`: an adjustment wins, then a public holiday, then the weekday."""
        adjustment = self.adjustments.get(day)
        if adjustment is not None:
            return () if adjustment.kind == AdjustmentKind.DAY_OFF else self.make_up_sessions
        if day in self.holiday_source(day.year):
            return ()
        return self.weekly[day.weekday()]

    def is_working_day(self, day: date) -> bool:
        return bool(self.sessions_on(day))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        for offset in range(1, 3660):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValidationFailed(
            "Lịch làm việc không có ngày làm việc nào trong mười năm tới.",
            code="calendar.no_working_day",
            message_en="The calendar has no working day in the next ten years.",
        )

    def end_of_working_day(self, day: date) -> datetime:
        """The end of the last session of a working day."""
        sessions = self.sessions_on(day)
        if not sessions:
            raise ValidationFailed(
                f"Ngày {day:%d/%m/%Y} không phải ngày làm việc.",
                code="calendar.not_working_day",
                message_en="That day is not a working day.",
                field="day",
            )
        return datetime.combine(day, sessions[-1].end, tzinfo=VIETNAM)

    # --- Year index ---------------------------------------------------------------------------

    def _year(self, year: int) -> _YearIndex:
        index = self._years.get(year)
        if index is None:
            index = self._compile_year(year)
            self._years[year] = index  # a benign race: two threads compile the same value
        return index

    def _compile_year(self, year: int) -> _YearIndex:
        starts: list[int] = []
        ends: list[int] = []
        cum_before: list[int] = []
        cum_after: list[int] = []
        worked = 0
        day = date(year, 1, 1)
        while day.year == year:
            base = day.toordinal() * _MICROS_PER_DAY
            for session in self.sessions_on(day):
                start = base + _time_micros(session.start)
                end = base + _time_micros(session.end)
                starts.append(start)
                ends.append(end)
                cum_before.append(worked)
                worked += end - start
                cum_after.append(worked)
            day += timedelta(days=1)
        return _YearIndex(
            starts=tuple(starts),
            ends=tuple(ends),
            cum_before=tuple(cum_before),
            cum_after=tuple(cum_after),
            first=date(year, 1, 1).toordinal() * _MICROS_PER_DAY,
            total=worked,
        )

    # --- Moments ------------------------------------------------------------------------------

    def is_working_time(self, moment: datetime) -> bool:
        """True when `moment` lies inside a working session (`[start, end)`)."""
        local = _require_aware(moment, "moment")
        index = self._year(local.year)
        position = _position(local)
        i = bisect.bisect_right(index.starts, position) - 1
        return i >= 0 and position < index.ends[i]

    def next_session_start(self, moment: datetime) -> datetime:
        """When the clock starts for something received at `moment` (DOMAIN.md §4).

        `moment` itself when it is working time; otherwise the start of the next working session
        (before the morning session → that morning; at lunch → the afternoon; after work → the next
        working morning). Idempotent.
        """
        local = _require_aware(moment, "moment")
        position = _position(local)
        year = local.year
        while year <= datetime.max.year:
            index = self._year(year)
            i = bisect.bisect_right(index.starts, position) - 1
            if i >= 0 and position < index.ends[i]:
                return _moment(position)
            if i + 1 < len(index.starts):
                return _moment(index.starts[i + 1])
            year += 1
            self._guard_year(year, local.year)
        raise self._out_of_range()

    def add_working_time(self, start: datetime, hours: Hours) -> datetime:
        """The due moment: `hours` working hours after `start`, counted only inside sessions.

        The clock starts at `next_session_start(start)`; a result on a session boundary is the end of
        that session. `hours=0` returns the clock start. Negative hours are refused.
        """
        local = _require_aware(start, "start")
        remaining = _hours_to_micros(hours)
        if remaining == 0:
            return self.next_session_start(local)
        year = local.year
        index = self._year(year)
        target = index.worked_until(_position(local)) + remaining
        while target > index.total:
            target -= index.total
            year += 1
            self._guard_year(year, local.year)
            index = self._year(year)
        return _moment(index.position_of(target))

    def working_time_between(self, start: datetime, end: datetime) -> Decimal:
        """Working hours between two moments, as a Decimal; negative when `end` is before `start`."""
        a = _require_aware(start, "start")
        b = _require_aware(end, "end")
        if b < a:
            return -self.working_time_between(b, a)
        return Decimal(self._worked_between(a, b)) / _MICROS_PER_HOUR

    def _worked_between(self, a: datetime, b: datetime) -> int:
        first = self._year(a.year)
        if a.year == b.year:
            return first.worked_until(_position(b)) - first.worked_until(_position(a))
        worked = first.total - first.worked_until(_position(a))
        for year in range(a.year + 1, b.year):
            worked += self._year(year).total
        return worked + self._year(b.year).worked_until(_position(b))

    def _guard_year(self, year: int, from_year: int) -> None:
        if year > datetime.max.year - 1 or year - from_year > 100:
            raise self._out_of_range()

    @staticmethod
    def _out_of_range() -> ValidationFailed:
        return ValidationFailed(
            "Không tìm được thời điểm làm việc trong phạm vi lịch (lịch không có buổi làm việc nào?).",
            code="calendar.out_of_range",
            message_en="No working time found within the calendar's range.",
        )

    # --- Day-based rules ----------------------------------------------------------------------

    def deadline_after_days(self, event_date: date, days: int) -> date:
        """Civil Code 2015 art. 147–148: the last day of a period of `days` days after `event_date`.

        The event day is not counted (art. 147(2)); the period ends at 24:00 of its last day
        (art. 148(1), (6)); when that day is a weekly rest day or a holiday (here: any non-working
        day of this calendar, adjustments included) it ends at the end of the next working day
        (art. 148(5)). Returns that last day.
        """
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ValidationFailed(
                "Thời hạn tính bằng ngày phải là số nguyên dương.",
                code="calendar.invalid_days",
                message_en="A period in days must be a positive whole number.",
                field="days",
            )
        last = event_date + timedelta(days=days)
        return last if self.is_working_day(last) else self.next_working_day(last)

    def single_day_due(self, received_at: datetime, *, cutoff: time = DEFAULT_SINGLE_DAY_CUTOFF) -> datetime:
        """Single-day procedures (certified copies, civil-status extracts; DOMAIN.md §4).

        Received on a working day before `cutoff` → due at the end of that working day; received
        at or after the cut-off, or on a non-working day → the end of the next working day.
        """
        local = _require_aware(received_at, "received_at")
        day = local.date()
        if self.is_working_day(day) and local.timetz().replace(tzinfo=None) < cutoff:
            return self.end_of_working_day(day)
        return self.end_of_working_day(self.next_working_day(day))

    # --- Listing --------------------------------------------------------------------------------

    def exceptions_of_year(self, year: int) -> list[tuple[date, bool, str]]:
        """Days of `year` that differ from their weekday's usual sessions: (day, is_working, reason).

        Holidays on days without sessions anyway (a Saturday holiday) are left out.
        """
        rows: list[tuple[date, bool, str]] = []
        holiday_names = self.holiday_source(year)
        day = date(year, 1, 1)
        while day.year == year:
            usual = bool(self.weekly[day.weekday()])
            actual = self.is_working_day(day)
            if usual != actual:
                adjustment = self.adjustments.get(day)
                if adjustment is not None:
                    reason = adjustment.legal_basis or adjustment.note
                else:
                    reason = holiday_names.get(day, "")
                rows.append((day, actual, reason))
            day += timedelta(days=1)
        return rows
