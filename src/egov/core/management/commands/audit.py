"""`egov audit verify`: walk the audit hash chain and report the first broken link."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.core import audit


class Command(BaseCommand):
    help = "Nhật ký kiểm toán: `verify` kiểm tra toàn bộ chuỗi mã băm."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = actions.add_parser(
            "verify",
            help="Kiểm tra chuỗi nhật ký: mọi bản ghi còn đủ, đúng thứ tự và không bị sửa.",
            description=(
                "Duyệt toàn bộ nhật ký kiểm toán theo số thứ tự (theo từng lô, không nạp hết vào bộ nhớ), "
                "tính lại mã băm của từng bản ghi. Thoát với mã 0 nếu chuỗi toàn vẹn, mã 1 và chỉ ra "
                "bản ghi hỏng đầu tiên nếu không."
            ),
        )
        verify.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Số bản ghi đọc mỗi lần (mặc định 2000).",
        )

    def handle(self, *args: Any, action: str, batch_size: int = 2000, **options: Any) -> None:
        if batch_size <= 0:
            raise CommandError("--batch-size phải lớn hơn 0.")
        started = time.monotonic()
        result = audit.verify(batch_size=batch_size)
        elapsed = time.monotonic() - started
        if result.ok:
            self.stdout.write(f"Chuỗi nhật ký toàn vẹn: {result.checked} bản ghi.")
            if options["verbosity"] > 1:
                self.stdout.write(f"Thời gian kiểm tra: {elapsed:.1f} giây.")
            return
        where = f"bản ghi số {result.broken_sequence}"
        if result.broken_id is not None:
            where += f" (id {result.broken_id})"
        self.stderr.write(
            f"Chuỗi nhật ký bị phá vỡ tại {where}: {result.problem}.\n"
            f"{result.checked} bản ghi trước đó vẫn toàn vẹn."
        )
        raise SystemExit(1)
