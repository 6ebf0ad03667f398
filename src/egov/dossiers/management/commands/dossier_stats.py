"""`egov dossier-stats rebuild [--from YYYY-MM-DD]`: recompute the statistics rollups from the dossiers.

The rollups are kept up to date by every use case in its own transaction; this command is for
repairs (a rollup row edited by hand, data imported around the services) and after changing the
timeliness setting ``EGOV_TIMELINESS_COMPARE``. With ``--from`` only the days from that date on are
rewritten. (`egov dossier_stats` works too: Django's name for the same command.)
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from egov.dossiers.statistics import rollups


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: {text!r}. Hãy viết theo dạng YYYY-MM-DD, ví dụ 2025-07-01.", returncode=2
        ) from None


class Command(BaseCommand):
    help = "Thống kê hồ sơ một cửa: `rebuild` tính lại số liệu tổng hợp theo ngày từ các hồ sơ."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="rebuild")
        rebuild = actions.add_parser(
            "rebuild",
            help="Tính lại số liệu thống kê theo ngày từ dữ liệu hồ sơ.",
            description=(
                "Xóa và tính lại số liệu tổng hợp (tiếp nhận, giải quyết trước hạn, đúng hạn, quá hạn, "
                "từ chối, rút, dừng) theo cơ quan, thủ tục và ngày, trong một giao dịch. Hồ sơ thay đổi "
                "trong lúc tính lại chờ đến khi xong rồi mới cộng vào, nên không mất, không trùng."
            ),
        )
        rebuild.add_argument(
            "--from",
            dest="since",
            type=parse_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="Chỉ tính lại các ngày từ ngày này trở đi (mặc định: toàn bộ).",
        )

    def handle(self, *args: Any, action: str, since: date | None = None, **options: Any) -> None:
        started = time.monotonic()
        written = rollups.rebuild(since=since)
        scope = f"từ ngày {since:%d/%m/%Y}" if since is not None else "toàn bộ"
        self.stdout.write(f"Đã tính lại số liệu thống kê ({scope}): {written} dòng.")
        if options["verbosity"] > 1:
            self.stdout.write(f"Thời gian: {time.monotonic() - started:.1f} giây.")
