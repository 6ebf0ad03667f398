"""Dates and times written the Vietnamese administrative way (pure Python, no Django).

Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.4 (địa danh và thời gian ban hành văn bản): the day, month
and year are Arabic numerals, and "đối với những số thể hiện ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm
số 0 phía trước" — a day below 10 and the months 1 and 2 take a leading zero; months 3 to 12 do not
(so "ngày 05 tháng 01 năm 2025", "ngày 15 tháng 3 năm 2025", "ngày 03 tháng 02 năm 2025"). The zero
keeps "1" from being turned into "10", "11" or "12" by hand; a "3" cannot become a valid month that way
except "3" itself, which is why only January and February are padded.

Thông tư 03/2025/TT-VPCP's forms write a moment as "... giờ ... phút, ngày ... tháng ... năm ...";
we always write the hour and the minute with two digits ("08 giờ 05 phút"), as the one-stop systems in
use do, and apply the rule above to the date part.

Every moment is shown in Vietnam time (UTC+7, no daylight saving): aware datetimes are converted,
naive ones are taken to be Vietnam time already.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VIETNAM_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def day_number(day: int) -> str:
    """The day of the month as written in an official document: a leading zero below 10."""
    if not 1 <= day <= 31:
        raise ValueError(f"day out of range: {day}")
    return f"{day:02d}" if day < 10 else str(day)


def month_number(month: int) -> str:
    """The month as written in an official document: only January and February take a leading zero."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return f"{month:02d}" if month < 3 else str(month)


def in_vietnam_time(moment: dt.datetime) -> dt.datetime:
    """The moment on the wall clocks of Vietnam; a naive datetime is taken to be Vietnam time already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(VIETNAM_TIME)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return in_vietnam_time(value).date()
    return value


def written_date(value: dt.date | dt.datetime) -> str:
    """'ngày 15 tháng 3 năm 2025' (ND 30/2020 leading-zero rule for the day and the month)."""
    day = _as_date(value)
    return f"ngày {day_number(day.day)} tháng {month_number(day.month)} năm {day.year}"


def written_moment(moment: dt.datetime) -> str:
    """'15 giờ 30 phút, ngày 03 tháng 02 năm 2025' — the moment form used by TT 03/2025 forms 01, 04, 06."""
    local = in_vietnam_time(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {written_date(local.date())}"


def short_moment(moment: dt.datetime) -> str:
    """'15 giờ 30 phút, ngày 03/02/2025' — a moment in running text (the lookup page, error messages)."""
    local = in_vietnam_time(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {table_date(local.date())}"


def place_and_date(place: str, value: dt.date | dt.datetime) -> str:
    """'Huế, ngày 15 tháng 3 năm 2025' — the place-and-date line under the national motto (ND 30/2020)."""
    return f"{place}, {written_date(value)}"


def table_date(value: dt.date | dt.datetime) -> str:
    """'15/03/2025' — the compact day/month/year used in register columns (form 07), always two digits."""
    day = _as_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def table_moment(moment: dt.datetime) -> str:
    """'15:30 03/02/2025' — a compact moment for narrow register columns."""
    local = in_vietnam_time(moment)
    return f"{local.hour:02d}:{local.minute:02d} {table_date(local.date())}"
