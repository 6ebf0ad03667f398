"""`egov payments vietqr`: print a VietQR (NAPAS) transfer payload, e.g. to test a bank's app.

egov payments vietqr --bin 970403 --account 0011012345678 [--card] [--amount 180000]
                     [--bill NPS6869] [--purpose "thanh toan don hang"] [--svg FILE]

Without --amount the code is static (the payer types the amount). Vietnamese text in --bill and
--purpose is written without diacritics, as banks show it.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import segno
from django.core.management.base import BaseCommand, CommandError

from egov.payments.gateways.vietqr import payload
from egov.payments.gateways.vietqr.payload import PayloadError, VietQR


class Command(BaseCommand):
    help = "Công cụ thanh toán: vietqr (in dữ liệu mã VietQR chuyển khoản)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="vietqr")
        vietqr = actions.add_parser("vietqr", help="in dữ liệu mã VietQR (NAPAS, EMVCo)")
        vietqr.add_argument("--bin", required=True, help="mã BIN NAPAS của ngân hàng (6 chữ số)")
        vietqr.add_argument("--account", required=True, help="số tài khoản (hoặc số thẻ với --card)")
        vietqr.add_argument("--card", action="store_true", help="chuyển đến số thẻ (QRIBFTTC)")
        vietqr.add_argument("--amount", type=int, help="số tiền (đồng); bỏ trống: mã tĩnh")
        vietqr.add_argument("--bill", default="", help="số hóa đơn (tối đa 25 ký tự)")
        vietqr.add_argument("--purpose", default="", help="nội dung chuyển khoản (tối đa 25 ký tự)")
        vietqr.add_argument("--svg", help="ghi thêm mã QR ra tệp SVG này")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
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
