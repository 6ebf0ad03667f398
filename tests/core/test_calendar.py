"""Explicit cases of the working calendar (DOMAIN.md §4), on the real Vietnamese holidays of 2025–2026.

Each expected value is worked out by hand in the test's docstring or comment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from egov.core.calendar import (
    VIETNAM,
    Adjustment,
    AdjustmentKind,
    Session,
    WorkingCalendar,
)
from egov.core.errors import ValidationFailed

CAL = WorkingCalendar.build()
# Công văn of the Government Office for 2025: Friday 2/5 off in exchange for working Saturday 26/4.
SWAP_2025 = Adjustment(
    date(2025, 4, 26), AdjustmentKind.WORKING_DAY, legal_basis="Thông báo 6150/TB-BLĐTBXH (làm bù)"
)
CAL_SWAP = WorkingCalendar.build(adjustments=[SWAP_2025])


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM)


# --- Holidays ---------------------------------------------------------------------------------


def test_tet_2025_from_27_january_to_2_february_is_off() -> None:
    for day in range(27, 32):
        assert not CAL.is_working_day(date(2025, 1, day))
    assert not CAL.is_working_day(date(2025, 2, 1))
    assert not CAL.is_working_day(date(2025, 2, 2))
    assert CAL.is_working_day(date(2025, 1, 24))
    assert CAL.is_working_day(date(2025, 2, 3))


def test_dossier_received_friday_before_tet_2025_is_due_monday_after_tet() -> None:
    """Friday 24/1/2025 16:00 + 8 h: 1 h on Friday (16–17), Tết 27/1–2/2 off, then on Monday 3/2
    4 h in the morning (07:30–11:30) and 3 h in the afternoon (13:00–16:00) → Monday 3/2 16:00."""
    assert CAL.add_working_time(vn(2025, 1, 24, 16), 8) == vn(2025, 2, 3, 16)


def test_tet_2026_from_16_to_20_february_is_off() -> None:
    for day in range(16, 21):
        assert not CAL.is_working_day(date(2026, 2, day))
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))
    # Friday 13/2/2026 17:00 → the clock starts on Monday 23/2 after Tết.
    assert CAL.next_session_start(vn(2026, 2, 13, 17)) == vn(2026, 2, 23, 7, 30)


def test_2025_swap_friday_2_may_is_off_from_the_package_alone() -> None:
    assert not CAL.is_working_day(date(2025, 5, 2))
    assert not CAL_SWAP.is_working_day(date(2025, 5, 2))


def test_2025_swap_saturday_26_april_works_only_with_the_adjustment() -> None:
    assert not CAL.is_working_day(date(2025, 4, 26))
    assert CAL_SWAP.is_working_day(date(2025, 4, 26))
    assert CAL_SWAP.sessions_on(date(2025, 4, 26)) == CAL.sessions_on(date(2025, 4, 28))


def test_receipt_friday_25_april_2025_uses_the_make_up_saturday_when_entered() -> None:
    """Friday 25/4/2025 16:00 + 8 h: 1 h on Friday, 7 h left.
    Without the make-up day: Monday 28/4 07:30–11:30 (4 h) + 13:00–16:00 (3 h) → 28/4 16:00.
    With Saturday 26/4 worked: the 7 h end on Saturday 26/4 at 16:00."""
    assert CAL.add_working_time(vn(2025, 4, 25, 16), 8) == vn(2025, 4, 28, 16)
    assert CAL_SWAP.add_working_time(vn(2025, 4, 25, 16), 8) == vn(2025, 4, 26, 16)


def test_30_april_and_1_may_2025_with_the_bridge_day_stop_the_clock_until_5_may() -> None:
    """Tuesday 29/4/2025 15:00 + 4 h: 2 h on Tuesday; Wed 30/4, Thu 1/5, Fri 2/5 off, weekend off;
    2 h on Monday 5/5 from 07:30 → 09:30."""
    assert CAL.add_working_time(vn(2025, 4, 29, 15), 4) == vn(2025, 5, 5, 9, 30)
    assert CAL.next_session_start(vn(2025, 4, 29, 17)) == vn(2025, 5, 5, 7, 30)


def test_national_day_2025_takes_monday_1_and_tuesday_2_september() -> None:
    """Friday 29/8/2025 13:00 + 8 h: 4 h on Friday afternoon; 1–2/9 off; 4 h on Wednesday 3/9 morning,
    ending exactly at the session boundary → 11:30, not 13:00."""
    assert not CAL.is_working_day(date(2025, 9, 1))
    assert not CAL.is_working_day(date(2025, 9, 2))
    assert CAL.add_working_time(vn(2025, 8, 29, 13), 8) == vn(2025, 9, 3, 11, 30)


def test_vietnamese_culture_day_24_november_is_off_from_2026() -> None:
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert CAL.is_working_day(date(2025, 11, 24))


# --- Receipt outside working time ----------------------------------------------------------------


def test_receipt_at_lunch_starts_clock_in_the_afternoon() -> None:
    assert CAL.next_session_start(vn(2025, 3, 4, 12)) == vn(2025, 3, 4, 13)
    assert CAL.add_working_time(vn(2025, 3, 4, 12), 1) == vn(2025, 3, 4, 14)


def test_receipt_after_work_starts_clock_next_morning() -> None:
    assert CAL.next_session_start(vn(2025, 3, 4, 17, 30)) == vn(2025, 3, 5, 7, 30)
    assert CAL.add_working_time(vn(2025, 3, 4, 17, 30), 2) == vn(2025, 3, 5, 9, 30)


def test_receipt_before_the_morning_session_starts_clock_that_morning() -> None:
    assert CAL.next_session_start(vn(2025, 3, 4, 6)) == vn(2025, 3, 4, 7, 30)
    assert CAL.add_working_time(vn(2025, 3, 4, 6), 1) == vn(2025, 3, 4, 8, 30)


def test_receipt_on_a_weekend_starts_clock_on_monday_morning() -> None:
    # Saturday 8/3/2025 10:00 → Monday 10/3 07:30; + 2 h → 09:30.
    assert CAL.next_session_start(vn(2025, 3, 8, 10)) == vn(2025, 3, 10, 7, 30)
    assert CAL.add_working_time(vn(2025, 3, 8, 10), 2) == vn(2025, 3, 10, 9, 30)


def test_receipt_friday_evening_is_due_the_next_week() -> None:
    assert CAL.add_working_time(vn(2025, 3, 7, 18), 8) == vn(2025, 3, 10, 17)


def test_receipt_inside_a_session_starts_the_clock_at_once() -> None:
    assert CAL.next_session_start(vn(2025, 3, 4, 9, 17)) == vn(2025, 3, 4, 9, 17)
    assert CAL.is_working_time(vn(2025, 3, 4, 9, 17))


def test_sessions_are_half_open() -> None:
    assert CAL.is_working_time(vn(2025, 3, 4, 7, 30))
    assert not CAL.is_working_time(vn(2025, 3, 4, 11, 30))
    assert CAL.next_session_start(vn(2025, 3, 4, 11, 30)) == vn(2025, 3, 4, 13)
    assert not CAL.is_working_time(vn(2025, 3, 4, 17))


# --- Session boundary and fractional hours -------------------------------------------------------


def test_deadline_on_a_session_boundary_ends_at_the_end_of_that_session() -> None:
    assert CAL.add_working_time(vn(2025, 3, 4, 7, 30), 4) == vn(2025, 3, 4, 11, 30)
    assert CAL.add_working_time(vn(2025, 3, 4, 7, 30), 8) == vn(2025, 3, 4, 17)
    assert CAL.add_working_time(vn(2025, 3, 4, 13), 12) == vn(2025, 3, 5, 17)


def test_received_at_the_end_of_a_session_first_hour_is_in_the_next_session() -> None:
    assert CAL.add_working_time(vn(2025, 3, 4, 11, 30), 1) == vn(2025, 3, 4, 14)


def test_zero_hours_is_the_clock_start() -> None:
    assert CAL.add_working_time(vn(2025, 3, 4, 12), 0) == vn(2025, 3, 4, 13)
    assert CAL.add_working_time(vn(2025, 3, 4, 9), 0) == vn(2025, 3, 4, 9)


def test_fractional_hours_count_minutes_and_seconds() -> None:
    assert CAL.add_working_time(vn(2025, 3, 4, 7, 30), Decimal("1.5")) == vn(2025, 3, 4, 9)
    assert CAL.add_working_time(vn(2025, 3, 4, 11), Decimal("1.25")) == vn(2025, 3, 4, 13, 45)
    assert CAL.add_working_time(vn(2025, 3, 4, 8), Decimal("0.01")) == vn(2025, 3, 4, 8, 0, 36)
    assert CAL.add_working_time(vn(2025, 3, 4, 8), 2.5) == vn(2025, 3, 4, 10, 30)


def test_a_deadline_crossing_new_year_skips_1_january() -> None:
    # Wednesday 31/12/2025 16:00 + 2 h: 1 h on 31/12, 1/1/2026 off, 1 h on Friday 2/1 → 08:30.
    assert CAL.add_working_time(vn(2025, 12, 31, 16), 2) == vn(2026, 1, 2, 8, 30)
    assert CAL.working_time_between(vn(2025, 12, 31, 16), vn(2026, 1, 2, 8, 30)) == 2


def test_a_year_has_the_expected_working_hours() -> None:
    """2025: 261 weekdays minus 11 weekday holidays (1/1, 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9 → 12)."""
    hours = CAL.working_time_between(vn(2025, 1, 1), vn(2026, 1, 1))
    assert hours == (261 - 12) * 8
    assert CAL_SWAP.working_time_between(vn(2025, 1, 1), vn(2026, 1, 1)) == hours + 8


# --- Measuring -----------------------------------------------------------------------------------


def test_working_time_between_counts_only_sessions() -> None:
    # Tuesday 08:30–11:30 (3 h) + 13:00–17:00 (4 h) + Wednesday 07:30–11:30 (4 h) + 13:00–14:30 (1.5 h).
    assert CAL.working_time_between(vn(2025, 3, 4, 7), vn(2025, 3, 5, 12, 0)) == Decimal("12")
    assert CAL.working_time_between(vn(2025, 3, 4, 8, 30), vn(2025, 3, 5, 14, 30)) == Decimal("12.5")


def test_working_time_between_is_negative_when_end_is_before_start() -> None:
    assert CAL.working_time_between(vn(2025, 3, 5, 14, 30), vn(2025, 3, 4, 8, 30)) == Decimal("-12.5")


def test_other_time_zones_are_converted_to_vietnam_time() -> None:
    # 00:30 UTC = 07:30 in Vietnam.
    assert CAL.add_working_time(datetime(2025, 3, 4, 0, 30, tzinfo=UTC), 4) == vn(2025, 3, 4, 11, 30)
    assert CAL.add_working_time(datetime(2025, 3, 4, 0, 30, tzinfo=UTC), 4).tzinfo == VIETNAM


# --- Refused input -------------------------------------------------------------------------------


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        CAL.add_working_time(datetime(2025, 3, 4, 8), 1)
    assert caught.value.code == "calendar.naive_datetime"
    assert caught.value.field == "start"


@pytest.mark.parametrize("hours", [-1, Decimal("NaN"), float("inf"), "abc", True, 10**9])
def test_bad_hours_are_refused(hours: object) -> None:
    with pytest.raises(ValidationFailed) as caught:
        CAL.add_working_time(vn(2025, 3, 4, 8), hours)  # type: ignore[arg-type]
    assert caught.value.code == "calendar.invalid_hours"
    assert "giờ làm việc" in caught.value.message_vi


def test_overlapping_sessions_on_the_same_weekday_are_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        WorkingCalendar.build(sessions=[(0, time(7, 30), time(11, 30)), (0, time(11, 0), time(17, 0))])
    assert caught.value.code == "calendar.sessions_overlap"
    assert caught.value.field == "start"
    assert "chồng lên nhau" in caught.value.message_vi


def test_touching_sessions_are_accepted() -> None:
    cal = WorkingCalendar.build(sessions=[(0, time(8), time(12)), (0, time(12), time(16))])
    assert cal.add_working_time(vn(2025, 3, 3, 8), 4) == vn(2025, 3, 3, 12)


def test_a_session_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        WorkingCalendar.build(sessions=[(1, time(17), time(13))])
    assert caught.value.code == "calendar.session_ends_before_start"
    assert caught.value.field == "end"


def test_a_weekday_outside_monday_to_sunday_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        WorkingCalendar.build(sessions=[(7, time(8), time(9))])
    assert caught.value.field == "weekday"


def test_two_adjustments_on_the_same_day_are_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        WorkingCalendar.build(
            adjustments=[SWAP_2025, Adjustment(date(2025, 4, 26), AdjustmentKind.DAY_OFF, "x")]
        )
    assert caught.value.code == "calendar.duplicate_adjustment"
    assert caught.value.field == "day"
    assert "26/04/2025" in caught.value.message_vi


# --- Adjustments and custom sessions -------------------------------------------------------------


def test_a_day_off_adjustment_removes_an_ordinary_weekday() -> None:
    cal = WorkingCalendar.build(adjustments=[Adjustment(date(2025, 3, 5), AdjustmentKind.DAY_OFF, "QĐ 1")])
    assert not cal.is_working_day(date(2025, 3, 5))
    assert cal.add_working_time(vn(2025, 3, 4, 16), 2) == vn(2025, 3, 6, 8, 30)


def test_a_working_day_adjustment_overrides_a_package_holiday() -> None:
    cal = WorkingCalendar.build(adjustments=[Adjustment(date(2025, 5, 2), AdjustmentKind.WORKING_DAY, "x")])
    assert cal.is_working_day(date(2025, 5, 2))


def test_custom_sessions_of_a_province_are_used() -> None:
    sessions = [(d, time(7), time(11, 30)) for d in range(5)] + [
        (d, time(13, 30), time(17)) for d in range(5)
    ]
    cal = WorkingCalendar.build(sessions=sessions)
    assert cal.add_working_time(vn(2025, 3, 4, 7), 4.5) == vn(2025, 3, 4, 11, 30)
    assert cal.next_session_start(vn(2025, 3, 4, 12)) == vn(2025, 3, 4, 13, 30)


def test_make_up_day_uses_the_first_weekday_with_sessions() -> None:
    cal = WorkingCalendar.build(
        sessions=[(1, time(8), time(12))],
        adjustments=[Adjustment(date(2025, 4, 26), AdjustmentKind.WORKING_DAY, "x")],
    )
    assert cal.sessions_on(date(2025, 4, 26)) == (Session(time(8), time(12)),)


def test_years_are_compiled_only_when_needed() -> None:
    cal = WorkingCalendar.build()
    cal.add_working_time(vn(2025, 3, 4, 8), 8)
    assert set(cal._years) == {2025}


def test_exceptions_of_year_list_holidays_and_make_up_days() -> None:
    rows = {day: (working, reason) for day, working, reason in CAL_SWAP.exceptions_of_year(2025)}
    assert rows[date(2025, 4, 26)] == (True, SWAP_2025.legal_basis)
    assert rows[date(2025, 5, 2)][0] is False
    assert date(2025, 2, 1) not in rows  # a Saturday of Tết: no sessions anyway


# --- Civil Code 2015 art. 147–148 and the single-day rule ---------------------------------------


def test_days_period_does_not_count_the_event_day() -> None:
    # Monday 3/3/2025 + 2 days → Wednesday 5/3.
    assert CAL.deadline_after_days(date(2025, 3, 3), 2) == date(2025, 3, 5)


def test_days_period_ending_on_a_weekend_moves_to_the_next_working_day() -> None:
    # Monday 3/3/2025 + 5 days → Saturday 8/3 → Monday 10/3.
    assert CAL.deadline_after_days(date(2025, 3, 3), 5) == date(2025, 3, 10)


def test_days_period_ending_in_tet_moves_past_tet() -> None:
    # Friday 24/1/2025 + 3 days → Monday 27/1 (Tết) → Monday 3/2.
    assert CAL.deadline_after_days(date(2025, 1, 24), 3) == date(2025, 2, 3)


def test_days_period_ending_on_a_make_up_saturday_stays_there() -> None:
    assert CAL_SWAP.deadline_after_days(date(2025, 4, 19), 7) == date(2025, 4, 26)
    assert CAL.deadline_after_days(date(2025, 4, 19), 7) == date(2025, 4, 28)


def test_days_period_must_be_positive() -> None:
    with pytest.raises(ValidationFailed) as caught:
        CAL.deadline_after_days(date(2025, 3, 3), 0)
    assert caught.value.field == "days"


def test_single_day_procedure_received_in_the_morning_is_due_the_same_day() -> None:
    assert CAL.single_day_due(vn(2025, 3, 4, 10)) == vn(2025, 3, 4, 17)


def test_single_day_procedure_received_after_the_cut_off_is_due_the_next_working_day() -> None:
    assert CAL.single_day_due(vn(2025, 3, 4, 15)) == vn(2025, 3, 5, 17)
    assert CAL.single_day_due(vn(2025, 3, 7, 16)) == vn(2025, 3, 10, 17)
    assert CAL.single_day_due(vn(2025, 3, 4, 15), cutoff=time(16)) == vn(2025, 3, 4, 17)


def test_single_day_procedure_received_on_a_holiday_is_due_the_next_working_day() -> None:
    assert CAL.single_day_due(vn(2025, 9, 2, 9)) == vn(2025, 9, 3, 17)
