"""`egov scheduler`: run the periodic sweeps registered with `egov.core.tasks.scheduled`.

One process is enough (sweeps are cheap queries); two do no harm. Stops cleanly on SIGTERM or
SIGINT: the sweep in progress finishes, then the process exits.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from egov.core.tasks import ScheduledJob, scheduled_jobs

logger = logging.getLogger("egov.scheduler")


class Command(BaseCommand):
    help = "Chạy các việc định kỳ (gửi lại sự kiện outbox bị bỏ dở, ...). Dừng bằng SIGTERM hoặc Ctrl+C."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Chạy mỗi việc một lần rồi thoát.")
        parser.add_argument(
            "--list", action="store_true", help="Liệt kê các việc định kỳ và chu kỳ của chúng."
        )
        parser.add_argument(
            "--only", action="append", default=[], metavar="TÊN", help="Chỉ chạy việc có tên này."
        )

    def handle(self, *args: Any, once: bool, list: bool, only: list[str], **options: Any) -> None:
        jobs = scheduled_jobs()
        if only:
            unknown = set(only) - {job.name for job in jobs}
            if unknown:
                raise CommandError(f"Không có việc định kỳ tên: {', '.join(sorted(unknown))}.")
            jobs = [job for job in jobs if job.name in only]
        if list:
            for job in jobs:
                self.stdout.write(f"{job.name}\tmỗi {job.every.total_seconds():g} giây")
            return
        if once:
            for job in jobs:
                self._run(job)
            return
        self._loop(jobs)

    def _run(self, job: ScheduledJob) -> None:
        close_old_connections()
        started = time.monotonic()
        try:
            outcome = job.function()
        except Exception:
            logger.exception("scheduled job failed", extra={"job": job.name})
        else:
            logger.info(
                "scheduled job done",
                extra={"job": job.name, "result": outcome, "seconds": round(time.monotonic() - started, 3)},
            )
        finally:
            close_old_connections()

    def _loop(self, jobs: list[ScheduledJob]) -> None:
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            logger.info("scheduler stopping", extra={"signal": signal.strsignal(signum)})
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.stdout.write(f"Bộ lập lịch đang chạy {len(jobs)} việc định kỳ; dừng bằng Ctrl+C.")
        next_run = {job.name: time.monotonic() for job in jobs}
        while not stop.is_set():
            now = time.monotonic()
            for job in jobs:
                if stop.is_set():
                    break
                if next_run[job.name] <= now:
                    self._run(job)
                    next_run[job.name] = time.monotonic() + job.every.total_seconds()
            if next_run:
                stop.wait(max(0.0, min(next_run.values()) - time.monotonic()))
            else:
                stop.wait(60)
        self.stdout.write("Bộ lập lịch đã dừng.")
