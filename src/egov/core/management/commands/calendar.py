"""`egov calendar`: working-time arithmetic from the command line.

    egov calendar due "2025-01-24 16:00" 8        → 2025-02-03 16:00
    egov calendar hours "2025-03-04 08:30" "2025-03-05 14:30"   → 12.5
    egov calendar days 2025                        → non-working weekdays and make-up days of 2025

Times are Vietnam time. Works without a database (built-in sessions + `holidays`); when the calendar
tables exist, the administrator's sessions and adjustments are used.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.core.calendar import VIETNAM, WEEKDAY_NAMES_VI
from egov.core.calendar_store import get_calendar
from egov.core.errors import DomainError


def parse_moment(text: str) -> datetime:
    """`YYYY-MM-DD HH:MM` (or ISO 8601) in Vietnam time; an explicit offset is honoured."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"Thời điểm không hợp lệ: {text!r}. "
            'Hãy viết theo dạng "YYYY-MM-DD HH:MM", ví dụ "2025-01-24 16:00".',
            returncode=2,
        ) from None
    return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value


def parse_hours(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise CommandError(
            f"Số giờ làm việc không hợp lệ: {text!r}. Hãy nhập một số không âm, ví dụ 8 hoặc 1.5.",
            returncode=2,
        )
    return value


def format_moment(moment: datetime) -> str:
    """`YYYY-MM-DD HH:MM`, with `:SS` only when the due moment has seconds (fractional hours)."""
    local = moment.astimezone(VIETNAM)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second or local.microsecond else "%Y-%m-%d %H:%M")


def format_hours(hours: Decimal) -> str:
    """Hours rounded to 0.01, without trailing zeros: 12.5, 8, -3.25."""
    rounded = hours.quantize(Decimal("0.01")).normalize()
    return f"{rounded:f}" if rounded != 0 else "0"


class Command(BaseCommand):
    help = "Tính thời gian làm việc: hạn xử lý (due), số giờ làm việc (hours), ngày nghỉ và làm bù (days)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        due = sub.add_parser("due", help="Thời điểm hết hạn sau một số giờ làm việc.")
        due.add_argument("start", help='Thời điểm tiếp nhận, "YYYY-MM-DD HH:MM" (giờ Việt Nam).')
        due.add_argument("hours", help="Số giờ làm việc (có thể lẻ, ví dụ 1.5).")
        hours = sub.add_parser("hours", help="Số giờ làm việc giữa hai thời điểm.")
        hours.add_argument("start")
        hours.add_argument("end")
        days = sub.add_parser("days", help="Các ngày nghỉ lễ, nghỉ bù và ngày làm bù của một năm.")
        days.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "due":
                start = parse_moment(options["start"])
                hours = parse_hours(options["hours"])
                self.stdout.write(format_moment(get_calendar().add_working_time(start, hours)))
            elif action == "hours":
                start = parse_moment(options["start"])
                end = parse_moment(options["end"])
                self.stdout.write(format_hours(get_calendar().working_time_between(start, end)))
            else:
                self._days(options["year"])
        except DomainError as error:
            raise CommandError(error.message_vi, returncode=1) from None

    def _days(self, year: int) -> None:
        if not date.min.year < year < date.max.year:
            raise CommandError(f"Năm không hợp lệ: {year}.", returncode=2)
        for day, working, reason in get_calendar().exceptions_of_year(year):
            status = "làm bù" if working else "nghỉ"
            line = f"{day:%Y-%m-%d}  {WEEKDAY_NAMES_VI[day.weekday()]:<9} {status:<7} {reason}"
            self.stdout.write(line.rstrip())
