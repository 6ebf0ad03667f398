"""The reconciliation report (đối soát): per day and gateway, what was paid and what the gateways
told us, and an Excel copy (openpyxl).

- paid: bills that became paid that day through the gateway, and their total;
- matched: successful verified notifications (or cash) that day that matched a bill and its amount;
- unmatched: successful verified notifications that matched no payable bill (unknown reference,
  wrong amount, a cancelled bill): money to look into;
- rejected: notifications that failed verification (bad signature, unreadable);
- refunds: refunds recorded that day on bills paid through the gateway, and their total.

Days are Vietnam calendar days. Officers see the bills of their agencies' dossiers; notifications
that match no bill belong to no agency and are shown to every officer who may reconcile.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Font

from egov.organizations.models import Agency
from egov.payments.models import Notification, Payment, Refund
from egov.payments.rules import Outcome
from egov.payments.selectors import within

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MATCHED = (Outcome.CONFIRMED, Outcome.ALREADY_CONFIRMED)
UNMATCHED = (Outcome.UNKNOWN_ORDER, Outcome.WRONG_AMOUNT, Outcome.NOT_PAYABLE)

COLUMNS = (
    ("day", "Ngày"),
    ("gateway", "Hình thức thanh toán"),
    ("paid", "Số khoản đã thu"),
    ("amount", "Số tiền đã thu (đồng)"),
    ("matched", "Thông báo khớp"),
    ("unmatched", "Thông báo không khớp"),
    ("rejected", "Thông báo bị từ chối"),
    ("refunds", "Số lần hoàn tiền"),
    ("refunded", "Số tiền hoàn (đồng)"),
)


@dataclass
class Row:
    day: dt.date
    gateway: str
    paid: int = 0
    amount: int = 0
    matched: int = 0
    unmatched: int = 0
    rejected: int = 0
    refunds: int = 0
    refunded: int = 0

    def values(self) -> list[object]:
        return [getattr(self, key) for key, _ in COLUMNS]


@dataclass
class Report:
    start: dt.date
    end: dt.date
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> Row:
        total = Row(day=self.end, gateway="")
        for row in self.rows:
            for key in ("paid", "amount", "matched", "unmatched", "rejected", "refunds", "refunded"):
                setattr(total, key, getattr(total, key) + getattr(row, key))
        return total


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    low = dt.datetime.combine(start, dt.time.min, tzinfo=VIETNAM)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    return low, high


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VIETNAM).date()


def build(*, agencies: list[Agency], start: dt.date, end: dt.date) -> Report:
    """The report of ``start``..``end`` (inclusive) for the dossiers of ``agencies``."""
    low, high = _bounds(start, end)
    scope = within(agencies)
    rows: dict[tuple[dt.date, str], Row] = {}

    def row(moment: dt.datetime, gateway: str) -> Row:
        key = (_day(moment), gateway)
        if key not in rows:
            rows[key] = Row(day=key[0], gateway=gateway)
        return rows[key]

    paid = Payment.objects.filter(scope, paid_at__gte=low, paid_at__lt=high)
    for paid_at, gateway, amount in paid.values_list("paid_at", "gateway", "amount"):
        target = row(paid_at, gateway)
        target.paid += 1
        target.amount += amount
    notifications = Notification.objects.filter(received_at__gte=low, received_at__lt=high).filter(
        Q(payment__isnull=True) | within(agencies, "payment__dossier__agency")
    )
    for received_at, gateway, verified, succeeded, outcome in notifications.values_list(
        "received_at", "gateway", "verified", "succeeded", "outcome"
    ):
        target = row(received_at, gateway)
        if not verified:
            target.rejected += 1
        elif succeeded and outcome in MATCHED:
            target.matched += 1
        elif (succeeded and outcome in UNMATCHED) or outcome == Outcome.UNKNOWN_ORDER:
            target.unmatched += 1
    refunds = Refund.objects.filter(within(agencies, "payment__dossier__agency")).filter(
        refunded_at__gte=low, refunded_at__lt=high
    )
    for refunded_at, gateway, amount in refunds.values_list("refunded_at", "payment__gateway", "amount"):
        target = row(refunded_at, gateway)
        target.refunds += 1
        target.refunded += amount
    ordered = sorted(rows.values(), key=lambda item: (item.day, item.gateway))
    return Report(start=start, end=end, rows=ordered)


def gateway_labels() -> dict[str, str]:
    from egov.payments import gateways

    return {gateway.code: str(gateway.label) for gateway in gateways.all()}


def workbook(report: Report) -> bytes:
    """The report as an .xlsx file: one header row, one row per day and gateway, a total row."""
    labels = gateway_labels()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Doi soat"
    sheet.append([f"Đối soát thanh toán từ {report.start:%d/%m/%Y} đến {report.end:%d/%m/%Y}"])
    sheet.append([label for _, label in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for item in report.rows:
        values = item.values()
        values[1] = labels.get(item.gateway, item.gateway)
        sheet.append(values)
    total = report.total.values()
    total[0], total[1] = "Tổng cộng", ""
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (12, 40, 14, 20, 14, 18, 18, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def by_gateway(report: Report) -> dict[str, int]:
    """Total paid per gateway (for the page's summary)."""
    totals: dict[str, int] = defaultdict(int)
    for item in report.rows:
        totals[item.gateway] += item.amount
    return dict(totals)
