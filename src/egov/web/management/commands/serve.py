"""`egov serve`: the production-style WSGI server (gunicorn) with JSON logs.

Put it behind nginx (TLS, request size limits, slow clients). Scale by adding workers or machines;
every process is stateless.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from egov.web.serving import gunicorn_command, server_environment


def default_workers() -> int:
    """WEB_CONCURRENCY when set, else 2 × CPUs + 1 (gunicorn's advice for sync workers), at most 16."""
    if os.environ.get("WEB_CONCURRENCY"):
        return max(1, int(os.environ["WEB_CONCURRENCY"]))
    return min(16, 2 * (os.cpu_count() or 1) + 1)


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn, WSGI) cho môi trường vận hành; nhật ký dạng JSON."
    requires_system_checks = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Số tiến trình xử lý (mặc định WEB_CONCURRENCY hoặc 2 × số CPU + 1).",
        )

    def handle(self, *args: Any, host: str, port: int, workers: int | None, **options: Any) -> None:
        workers = workers or default_workers()
        command = gunicorn_command(host=host, port=port, workers=workers)
        env = server_environment(workers=workers)
        self.stdout.write(f"egov: phục vụ tại http://{host}:{port} với {workers} tiến trình.")
        self.stdout.flush()
        # gunicorn takes over this process: signals from the supervisor reach it directly.
        os.execve(command[0], command, env)
