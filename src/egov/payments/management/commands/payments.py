"""`egov payments vietqr`: print a VietQR (NAPAS) transfer payload, e.g. to test a bank's app.
`egov payments sample-statement`: write the demo's bank statement (CSV) for the bills waiting for a
VietQR transfer, to import on /thanh-toan/doi-soat/sao-ke/ (`egov.payments.sample_statement`).

egov payments vietqr --bin 970403 --account 0011012345678 [--card] [--amount 180000]
                     [--bill NPS6869] [--purpose "thanh toan don hang"] [--svg FILE]
egov payments sample-statement [--out FILE] [--date YYYY-MM-DD]

Without --amount the code is static (the payer types the amount). Vietnamese text in --bill and
--purpose is written without diacritics, as banks show it.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from egov.core.errors import ValidationFailed
from egov.payments import sample_statement
from egov.payments.gateways.vietqr import payload
from egov.payments.gateways.vietqr.payload import PayloadError, VietQR


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"ngày không hợp lệ: {text!r} (dạng YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Công cụ thanh toán: vietqr (in dữ liệu mã VietQR chuyển khoản), sample-statement "
        "(ghi sao kê ngân hàng mẫu của bản trình diễn)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="vietqr|sample-statement")
        vietqr = actions.add_parser("vietqr", help="in dữ liệu mã VietQR (NAPAS, EMVCo)")
        vietqr.add_argument("--bin", required=True, help="mã BIN NAPAS của ngân hàng (6 chữ số)")
        vietqr.add_argument("--account", required=True, help="số tài khoản (hoặc số thẻ với --card)")
        vietqr.add_argument("--card", action="store_true", help="chuyển đến số thẻ (QRIBFTTC)")
        vietqr.add_argument("--amount", type=int, help="số tiền (đồng); bỏ trống: mã tĩnh")
        vietqr.add_argument("--bill", default="", help="số hóa đơn (tối đa 25 ký tự)")
        vietqr.add_argument("--purpose", default="", help="nội dung chuyển khoản (tối đa 25 ký tự)")
        vietqr.add_argument("--svg", help="ghi thêm mã QR ra tệp SVG này")
        sample = actions.add_parser(
            "sample-statement",
            help="ghi sao kê mẫu (CSV) cho các hóa đơn đang chờ chuyển khoản VietQR (bản trình diễn)",
        )
        sample.add_argument("--out", help="tệp CSV ghi ra (mặc định: trong thư mục dữ liệu VAR_DIR)")
        sample.add_argument("--date", type=_day, help="ngày giao dịch, YYYY-MM-DD (mặc định: hôm nay)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "sample-statement":
            self.sample_statement(out=options["out"], day=options["date"])
            return
        qr = VietQR(
            bank_bin=options["bin"].strip(),
            account=options["account"].strip(),
            card=options["card"],
            amount=options["amount"],
            bill_number=payload.plain_text(options["bill"]),
            purpose=payload.plain_text(options["purpose"]),
        )
        try:
            text = payload.build(qr)
        except PayloadError as error:
            raise CommandError(f"Không tạo được mã VietQR: {error}") from None
        if options["svg"]:
            segno.make(text, error="m", micro=False).save(Path(options["svg"]), kind="svg", scale=5)
        self.stdout.write(text)

    def sample_statement(self, *, out: str | None, day: dt.date | None) -> None:
        try:
            lines = sample_statement.transfers(day=day)
        except ValidationFailed as error:
            raise CommandError(error.message_vi) from None
        now = timezone.localtime()
        path = Path(out) if out else Path(settings.VAR_DIR) / f"sao-ke-mau-{now:%Y%m%d-%H%M%S}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(sample_statement.render_csv(lines))
        bills = [line.bill for line in lines if line.bill]
        self.stdout.write(
            f"Đã ghi sao kê mẫu: {path.resolve()}\n"
            f"{len(lines)} giao dịch: {len(bills)} chuyển khoản đúng cho hóa đơn {', '.join(bills)}; "
            "1 sai số tiền, 1 không có số hóa đơn (không khớp).\n"
            "Nhập tệp này tại Đối soát thanh toán → Nhập sao kê ngân hàng (/thanh-toan/doi-soat/sao-ke/) "
            "bằng tài khoản cán bộ tiếp nhận của cơ quan."
        )
