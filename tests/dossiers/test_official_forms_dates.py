"""Vietnamese written dates (ND 30/2020 Phụ lục I leading-zero rule) for the official forms."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.vietnamese_dates import (
    day_number,
    month_number,
    place_and_date,
    table_date,
    written_date,
    written_moment,
)

UTC = dt.UTC
VN = ZoneInfo("Asia/Ho_Chi_Minh")
MOMENT = re.compile(r"^(\d{2}) giờ (\d{2}) phút, ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})$")


def test_receipt_moment_reads_like_the_annex_example() -> None:
    moment = dt.datetime(2025, 2, 3, 15, 30, tzinfo=VN)
    assert written_moment(moment) == "15 giờ 30 phút, ngày 03 tháng 02 năm 2025"


def test_place_and_date_line_leaves_march_without_a_leading_zero() -> None:
    assert place_and_date("Huế", dt.date(2025, 3, 15)) == "Huế, ngày 15 tháng 3 năm 2025"


def test_january_and_single_digit_days_take_a_leading_zero() -> None:
    assert written_date(dt.date(2025, 1, 5)) == "ngày 05 tháng 01 năm 2025"
    assert written_date(dt.date(2025, 12, 9)) == "ngày 09 tháng 12 năm 2025"
    assert written_date(dt.date(2025, 10, 10)) == "ngày 10 tháng 10 năm 2025"


def test_hours_and_minutes_always_have_two_digits() -> None:
    assert written_moment(dt.datetime(2025, 11, 20, 8, 5)).startswith("08 giờ 05 phút,")


def test_aware_moments_are_written_in_vietnam_time() -> None:
    # 20:30 UTC on 28 February is 03:30 on 1 March in Huế: the date rolls over and loses its zero.
    moment = dt.datetime(2025, 2, 28, 20, 30, tzinfo=UTC)
    assert written_moment(moment) == "03 giờ 30 phút, ngày 01 tháng 3 năm 2025"


def test_table_dates_pad_day_and_month() -> None:
    assert table_date(dt.date(2025, 3, 5)) == "05/03/2025"


@pytest.mark.parametrize("value", [0, 32])
def test_impossible_day_is_refused(value: int) -> None:
    with pytest.raises(ValueError):
        day_number(value)


@pytest.mark.parametrize("value", [0, 13])
def test_impossible_month_is_refused(value: int) -> None:
    with pytest.raises(ValueError):
        month_number(value)


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_written_moment_reads_back_to_the_same_minute(moment: dt.datetime) -> None:
    match = MOMENT.match(written_moment(moment))
    assert match is not None
    hour, minute, day, month, year = (int(part) for part in match.groups())
    assert dt.datetime(year, month, day, hour, minute) == moment.replace(second=0, microsecond=0)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_leading_zero_only_for_days_below_ten_and_months_one_and_two(day: dt.date) -> None:
    _, day_text, _, month_text, _, year_text = written_date(day).split(" ")
    assert day_text.startswith("0") == (day.day < 10)
    assert month_text.startswith("0") == (day.month < 3)
    assert (int(day_text), int(month_text), int(year_text)) == (day.day, day.month, day.year)


@given(
    st.datetimes(timezones=st.just(UTC), min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 1, 1))
)
def test_aware_moment_is_written_seven_hours_ahead_of_utc(moment: dt.datetime) -> None:
    naive_vietnam = (moment + dt.timedelta(hours=7)).replace(tzinfo=None)
    assert written_moment(moment) == written_moment(naive_vietnam)
