"""How the catalogue writes numbers, money and times for people, the Vietnamese way (no database):
"05 ngày làm việc", "50.000 đồng", "15 giờ 00". Used by the pages and the API alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from egov.procedures.models import ProcedureVersion


def number_vi(value: Decimal | int, *, pad: bool = False) -> str:
    """A number the Vietnamese way: "1,5"; whole numbers under ten padded when ``pad`` ("05")."""
    value = Decimal(value)
    if value == value.to_integral_value():
        whole = int(value)
        return f"{whole:02d}" if pad else str(whole)
    return format(value.normalize(), "f").replace(".", ",")


def vnd(amount: Decimal | int) -> str:
    """An amount in đồng: "50.000 đồng"; zero is "Miễn phí"."""
    amount = int(amount)
    if amount == 0:
        return _("Miễn phí")
    return _("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}


def clock_time_vi(value: dt.time) -> str:
    """A time of day as official texts write it: "15 giờ 00"."""
    return _("%(hour)02d giờ %(minute)02d") % {"hour": value.hour, "minute": value.minute}


def processing_time_text(version: ProcedureVersion) -> str:
    """The legal time as the catalogue states it: "05 ngày làm việc", "04 giờ làm việc", or for a
    single-day procedure "Trong ngày; nhận sau 15 giờ 00 trả ngày làm việc tiếp theo"."""
    if version.single_day_cutoff is not None:
        return _("Trong ngày; nhận sau %(cutoff)s trả ngày làm việc tiếp theo") % {
            "cutoff": clock_time_vi(version.single_day_cutoff)
        }
    if version.processing_time == 0:
        return _("Trong ngày")
    amount = number_vi(version.processing_time, pad=True)
    if version.processing_time_unit == ProcedureVersion.TimeUnit.WORKING_HOURS:
        return _("%(amount)s giờ làm việc") % {"amount": amount}
    return _("%(amount)s ngày làm việc") % {"amount": amount}


def hours_text(hours: Decimal) -> str:
    """Working hours of a process step: "4 giờ làm việc", "0,5 giờ làm việc"."""
    return _("%(amount)s giờ làm việc") % {"amount": number_vi(hours)}


def copies_text(originals: int, copies: int) -> str:
    """ "01 bản chính, 01 bản sao"; "Không yêu cầu bản giấy" when both are zero."""
    parts = []
    if originals:
        parts.append(_("%(n)02d bản chính") % {"n": originals})
    if copies:
        parts.append(_("%(n)02d bản sao") % {"n": copies})
    return ", ".join(parts) if parts else _("Không yêu cầu bản giấy")
