"""A sample bank statement for the demo (`egov payments sample-statement`): the transfers the bank
would list for the bills waiting for a VietQR transfer, so that importing it on the reconciliation
page confirms them.

The file is what `statement_files` reads from a bank's CSV export: a few lines of preamble, the
header row (Ngày giao dịch, Số tham chiếu, Số tiền, Nội dung), one credit per waiting bill (the
exact amount, the QR code's purpose as the description, as banking apps copy it), then two lines
that must not match (a transfer of the wrong amount for the first bill, a transfer without a bill
number) and the totals row.

The money is fictitious: the command refuses to write a statement when a real VietQR collection
account is configured (one that is not the demo's), so it cannot be used to pay real bills.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from egov.core.errors import ValidationFailed
from egov.payments import rules
from egov.payments.amount_words import digits
from egov.payments.demo import DEMO_VIETQR
from egov.payments.gateways.base import setting
from egov.payments.gateways.vietqr import payload
from egov.payments.gateways.vietqr.gateway import CODE as VIETQR
from egov.payments.gateways.vietqr.gateway import transfer_for
from egov.payments.models import Attempt, Payment

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER = ("Ngày giao dịch", "Số tham chiếu", "Số tiền", "Nội dung")
WRONG_BY = 5_000
UNRELATED_AMOUNT = 200_000
UNRELATED_TEXT = "NGUYEN VAN BINH chuyen tien"


class NothingWaiting(ValidationFailed):
    code = "payments.no_vietqr_waiting"
    message_vi = (
        "Không có hóa đơn nào đang chờ chuyển khoản VietQR. Hãy đăng nhập bằng tài khoản công dân, "
        "mở Thanh toán trực tuyến của một hồ sơ và chọn Chuyển khoản bằng mã VietQR trước."
    )
    message_en = "No bill is waiting for a VietQR transfer: choose VietQR on a dossier's pay page first."


class RealAccountConfigured(ValidationFailed):
    code = "payments.sample_statement_real_account"
    message_vi = (
        "Đã cấu hình tài khoản thu VietQR thật (EGOV_VIETQR_ACCOUNT): sao kê mẫu chỉ dùng cho bản "
        "trình diễn, không được dùng để xác nhận hóa đơn thật."
    )
    message_en = "A real VietQR collection account is configured: the sample statement is for the demo only."


@dataclass(frozen=True)
class Transfer:
    """One line of the statement."""

    booked_at: dt.datetime  # Vietnam local time, naive (as banks write it)
    bank_reference: str
    amount: int
    description: str
    bill: str = ""  # the bill it pays, "" for the lines that must not match


def waiting_for_vietqr() -> list[Payment]:
    """Bills still open whose last attempt chose VietQR, oldest first."""
    last_gateway = Attempt.objects.filter(payment=OuterRef("pk")).order_by("-started_at", "-pk")
    return list(
        Payment.objects.annotate(last_gateway=Subquery(last_gateway.values("gateway")[:1]))
        .filter(state__in=list(rules.OPEN), last_gateway=VIETQR)
        .order_by("requested_at", "pk")
    )


def _bank_reference(seed: str) -> str:
    """A bank-style reference (FT + 14 digits) derived from ``seed``: the same transfer keeps its
    reference in every sample, so importing a second sample never pays a bill twice."""
    number = int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 10**14
    return f"FT{number:014d}"


def transfers(*, day: dt.date | None = None, now: dt.datetime | None = None) -> list[Transfer]:
    """The statement's lines: one exact credit per waiting bill, then the two that must not match."""
    configured = setting("EGOV_VIETQR_ACCOUNT")
    if configured and configured != DEMO_VIETQR["EGOV_VIETQR_ACCOUNT"]:
        raise RealAccountConfigured()
    bills = waiting_for_vietqr()
    if not bills:
        raise NothingWaiting()
    local_now = (now or timezone.now()).astimezone(VIETNAM).replace(tzinfo=None, microsecond=0)
    day = day or local_now.date()
    # Today: every transfer booked now (never after the bill); another day: from 08:00 on.
    first = local_now if day == local_now.date() else dt.datetime.combine(day, dt.time(8, 0))
    step = dt.timedelta(0) if day == local_now.date() else dt.timedelta(minutes=7)
    payer = {bill.pk: payload.plain_text(bill.payer_name).upper() for bill in bills}
    purpose = {bill.pk: transfer_for(reference=bill.reference, amount=bill.amount).purpose for bill in bills}
    lines = [
        Transfer(
            booked_at=first + step * index,
            bank_reference=_bank_reference(f"{bill.reference}|{bill.amount}"),
            amount=bill.amount,
            description=f"{purpose[bill.pk]} {payer[bill.pk]}",  # what the QR code told the app
            bill=bill.reference,
        )
        for index, bill in enumerate(bills)
    ]
    stamp = f"{local_now:%Y%m%d%H%M%S}"  # the two lines below are new transfers in each sample
    wrong = bills[0]
    wrong_amount = wrong.amount - WRONG_BY if wrong.amount > WRONG_BY else wrong.amount + WRONG_BY
    lines.append(
        Transfer(
            booked_at=first + step * len(lines),
            bank_reference=_bank_reference(f"{stamp}|wrong|{wrong.reference}"),
            amount=wrong_amount,
            description=f"{wrong.reference} phi le phi {payer[wrong.pk]}",
        )
    )
    lines.append(
        Transfer(
            booked_at=first + step * len(lines),
            bank_reference=_bank_reference(f"{stamp}|unrelated"),
            amount=UNRELATED_AMOUNT,
            description=UNRELATED_TEXT,
        )
    )
    return lines


def render_csv(lines: list[Transfer]) -> bytes:
    """The statement as a bank's CSV export (UTF-8 with BOM, so that Excel shows the diacritics)."""
    account = setting("EGOV_VIETQR_ACCOUNT") or DEMO_VIETQR["EGOV_VIETQR_ACCOUNT"]
    name = setting("EGOV_VIETQR_ACCOUNT_NAME") or DEMO_VIETQR["EGOV_VIETQR_ACCOUNT_NAME"]
    days = sorted({line.booked_at.date() for line in lines})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["SAO KÊ TÀI KHOẢN - DỮ LIỆU MẪU CỦA BẢN TRÌNH DIỄN"])
    writer.writerow(["Tài khoản", account, name])
    writer.writerow(["Từ ngày", f"{days[0]:%d/%m/%Y}", "đến ngày", f"{days[-1]:%d/%m/%Y}"])
    writer.writerow([])
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow(
            [
                f"{line.booked_at:%d/%m/%Y %H:%M:%S}",
                line.bank_reference,
                digits(line.amount),
                line.description,
            ]
        )
    writer.writerow(["Tổng cộng", "", digits(sum(line.amount for line in lines)), ""])
    return out.getvalue().encode("utf-8-sig")
