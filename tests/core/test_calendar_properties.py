"""Property tests of the working calendar against a slow, obviously correct day-by-day reference."""

from __future__ import annotations

import functools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from egov.core.calendar import VIETNAM, Adjustment, AdjustmentKind, WorkingCalendar

ADJUSTMENTS = [
    Adjustment(date(2025, 4, 26), AdjustmentKind.WORKING_DAY, "làm bù thứ Bảy"),
    Adjustment(date(2025, 12, 29), AdjustmentKind.DAY_OFF, "nghỉ thêm"),
    Adjustment(date(2026, 8, 22), AdjustmentKind.WORKING_DAY, "làm bù thứ Bảy"),
]
PLAIN = WorkingCalendar.build()
ADJUSTED = WorkingCalendar.build(adjustments=ADJUSTMENTS)
# Sampled by name so that failure reports stay short.
CALENDARS = st.sampled_from(["plain", "adjusted"]).map({"plain": PLAIN, "adjusted": ADJUSTED}.__getitem__)

MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 0), time(17, 0))

starts = st.datetimes(
    min_value=datetime(2024, 12, 1), max_value=datetime(2027, 1, 31), timezones=st.just(VIETNAM)
)
# Multiples of 0.01 h (36 s) are exact in microseconds, so a round trip must be exact.
hours_st = st.decimals(min_value=0, max_value=600, places=2)


@functools.cache
def reference_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def reference_sessions(calendar: WorkingCalendar, day: date) -> list[tuple[datetime, datetime]]:
    """Sessions of a day, written out again from the rules rather than taken from the calendar."""
    by_day = {a.day: a.kind for a in ADJUSTMENTS} if calendar is ADJUSTED else {}
    kind = by_day.get(day)
    if kind == AdjustmentKind.DAY_OFF:
        return []
    if kind != AdjustmentKind.WORKING_DAY and (day.weekday() >= 5 or day in reference_holidays(day.year)):
        return []
    return [
        (datetime.combine(day, s, tzinfo=VIETNAM), datetime.combine(day, e, tzinfo=VIETNAM))
        for s, e in (MORNING, AFTERNOON)
    ]


def reference_add(calendar: WorkingCalendar, start: datetime, hours: Decimal) -> datetime:
    remaining = timedelta(microseconds=int(hours * 3_600_000_000))
    day = start.date()
    while True:
        for session_start, session_end in reference_sessions(calendar, day):
            if session_end <= start:
                continue
            begin = max(session_start, start)
            if remaining <= session_end - begin:
                return begin + remaining
            remaining -= session_end - begin
        day += timedelta(days=1)


def reference_between(calendar: WorkingCalendar, a: datetime, b: datetime) -> Decimal:
    worked = timedelta(0)
    day = a.date()
    while day <= b.date():
        for session_start, session_end in reference_sessions(calendar, day):
            overlap = min(session_end, b) - max(session_start, a)
            worked += max(overlap, timedelta(0))
        day += timedelta(days=1)
    return Decimal(worked // timedelta(microseconds=1)) / 3_600_000_000


@given(cal=CALENDARS, start=starts, hours=hours_st)
def test_adding_then_measuring_gives_back_the_hours(
    cal: WorkingCalendar, start: datetime, hours: Decimal
) -> None:
    due = cal.add_working_time(start, hours)
    assert cal.working_time_between(start, due) == hours


@given(cal=CALENDARS, start=starts, hours=hours_st.filter(lambda h: h > 0))
def test_due_is_inside_or_at_the_end_of_a_working_session(
    cal: WorkingCalendar, start: datetime, hours: Decimal
) -> None:
    due = cal.add_working_time(start, hours)
    assert due > start
    sessions = reference_sessions(cal, due.date())
    assert any(s < due <= e for s, e in sessions)


@given(cal=CALENDARS, start=starts, a=hours_st, b=hours_st)
def test_due_is_monotonic_in_hours(cal: WorkingCalendar, start: datetime, a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert cal.add_working_time(start, low) <= cal.add_working_time(start, high)


@given(cal=CALENDARS, moment=starts)
def test_next_session_start_is_idempotent_and_working_time(cal: WorkingCalendar, moment: datetime) -> None:
    first = cal.next_session_start(moment)
    assert first >= moment
    assert cal.next_session_start(first) == first
    assert cal.is_working_time(first)
    assert cal.working_time_between(moment, first) == 0


@settings(max_examples=200, deadline=None)
@given(cal=CALENDARS, start=starts, hours=hours_st)
def test_add_working_time_matches_the_day_loop_reference(
    cal: WorkingCalendar, start: datetime, hours: Decimal
) -> None:
    assert cal.add_working_time(start, hours) == reference_add(cal, start, hours)


@settings(max_examples=200, deadline=None)
@given(cal=CALENDARS, a=starts, b=starts)
def test_working_time_between_matches_the_reference_and_is_antisymmetric(
    cal: WorkingCalendar, a: datetime, b: datetime
) -> None:
    measured = cal.working_time_between(a, b)
    assert measured == -cal.working_time_between(b, a)
    low, high = sorted((a, b))
    assert abs(measured) == reference_between(cal, low, high)


@given(cal=CALENDARS, moment=starts)
def test_is_working_time_agrees_with_the_reference(cal: WorkingCalendar, moment: datetime) -> None:
    expected = any(s <= moment < e for s, e in reference_sessions(cal, moment.date()))
    assert cal.is_working_time(moment) == expected


@given(cal=CALENDARS, event=st.dates(date(2024, 12, 1), date(2026, 12, 31)), days=st.integers(1, 60))
def test_days_deadline_is_the_first_working_day_on_or_after_the_plain_count(
    cal: WorkingCalendar, event: date, days: int
) -> None:
    last = cal.deadline_after_days(event, days)
    plain = event + timedelta(days=days)
    assert last >= plain
    assert reference_sessions(cal, last)
    day = plain
    while day < last:
        assert not reference_sessions(cal, day)
        day += timedelta(days=1)
