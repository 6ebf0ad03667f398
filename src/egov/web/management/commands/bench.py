"""`egov bench`: the benchmark harness (seed data, run measured scenarios); see egov.bench.command."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Đo hiệu năng: sinh dữ liệu (seed) và chạy các kịch bản đo (run). Xem bench/README.md."
    requires_system_checks = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        from egov.bench.command import add_arguments

        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from egov.bench.command import handle

        code = handle(options, self.stdout)
        if code:
            raise CommandError(f"egov bench {options['subcommand']} thất bại ({code}).")
