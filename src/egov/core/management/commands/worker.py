"""`egov worker`: run background jobs (outbox deliveries, notifications, ...) from the database queue.

A thin front for django-tasks-db's `db_worker` with egov's defaults: both queues ("default" and
"outbox"), no auto-reload. Start as many workers as needed, on as many machines as needed: they
claim jobs with SELECT ... FOR UPDATE SKIP LOCKED and never run the same job twice at once.
"""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string

DEFAULT_QUEUES = "default,outbox"


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý việc nền: gửi sự kiện (outbox), thông báo, đồng bộ."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> ArgumentParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        parser.epilog = (
            "Ví dụ:\n"
            "  egov worker                      chạy liên tục, xử lý hàng đợi default và outbox\n"
            "  egov worker --queues outbox      chỉ gửi sự kiện\n"
            "  egov worker --batch              xử lý hết việc đang chờ rồi thoát (cron, kiểm thử)\n"
            "\n"
            "Chạy kèm `egov scheduler` để các sự kiện bị bỏ dở (tiến trình chết giữa chừng) được gửi lại.\n"
            "Dừng bằng SIGTERM hoặc Ctrl+C: việc đang chạy được làm xong rồi mới thoát;\n"
            "nhấn Ctrl+C lần nữa để dừng ngay (việc dở dang sẽ được gửi lại sau)."
        )
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queues",
            default=DEFAULT_QUEUES,
            help="Các hàng đợi cần xử lý, cách nhau bằng dấu phẩy; '*' là tất cả (mặc định: %(default)s).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Số giây chờ trước khi xem lại hàng đợi khi không có việc (mặc định: %(default)s).",
        )
        parser.add_argument("--batch", action="store_true", help="Xử lý hết các việc đang chờ rồi thoát.")
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="Thoát sau khi xử lý chừng này việc (để trình quản lý tiến trình khởi động lại).",
        )
        parser.add_argument(
            "--worker-id",
            default=None,
            help="Mã tiến trình, duy nhất trong cụm (mặc định: sinh ngẫu nhiên).",
        )
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Tự khởi động lại khi mã nguồn thay đổi (chỉ dùng khi phát triển).",
        )
        parser.add_argument(
            "--no-startup-delay",
            action="store_false",
            dest="startup_delay",
            help="Không chờ ngẫu nhiên tối đa 1 giây lúc khởi động.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] < 0:
            raise CommandError("--interval không được âm.")
        if options["max_tasks"] is not None and options["max_tasks"] <= 0:
            raise CommandError("--max-tasks phải lớn hơn 0.")
        call_command(
            "db_worker",
            queue_name=options["queues"],
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or get_random_string(32),
            reload=options["reload"],
            startup_delay=options["startup_delay"],
            verbosity=options["verbosity"],
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
