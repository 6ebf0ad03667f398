"""`egov bench …`: the benchmark harness (bench/README.md).

egov bench seed --dossiers 100000            fill the connected database (a fresh one)
egov bench run lookup [--duration 20]        one scenario against a gunicorn server on a free port
egov bench run all                           every scenario, then the table of figures
egov bench list                              the scenarios and their goals
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="subcommand", required=True)
    seed = commands.add_parser("seed", help="Sinh dữ liệu thử nghiệm: tỉnh, danh mục, công dân và N hồ sơ.")
    seed.add_argument("--dossiers", type=int, required=True, help="số hồ sơ (ví dụ 1000000)")
    seed.add_argument("--years", type=float, default=3.0, help="hồ sơ tiếp nhận trong bao nhiêu năm qua")
    seed.add_argument("--citizens", type=int, default=None, help="số tài khoản công dân (mặc định N/10)")
    seed.add_argument("--procedures", type=int, default=6500, help="số thủ tục của danh mục")
    seed.add_argument("--seed", type=int, default=20261122, help="hạt giống ngẫu nhiên")
    seed.add_argument("--no-progress", action="store_true", help="không in thanh tiến độ")

    run = commands.add_parser(
        "run", help="Chạy một kịch bản đo (hoặc all) trên máy chủ gunicorn 2 tiến trình."
    )
    run.add_argument("scenario", help="tên kịch bản hoặc all")
    run.add_argument("--duration", type=float, default=20.0, help="giây đo cho mỗi kịch bản")
    run.add_argument("--connections", type=int, default=2, help="số kết nối đồng thời của bộ tạo tải")
    run.add_argument("--workers", type=int, default=2, help="số tiến trình gunicorn")
    run.add_argument("--client", choices=["auto", "wrk", "python"], default="auto", help="bộ tạo tải")
    run.add_argument("--no-pgbench", action="store_true", help="bỏ phép đo trần của cơ sở dữ liệu")
    run.add_argument("--json", default="", help="ghi kết quả ra tệp JSON này")

    commands.add_parser("list", help="Liệt kê các kịch bản và mục tiêu.")


def handle(options: dict[str, Any], stdout: Any) -> int:
    subcommand = options["subcommand"]
    if subcommand == "seed":
        return _seed(options, stdout)
    if subcommand == "list":
        from egov.bench.scenarios import SCENARIOS

        for scenario in SCENARIOS.values():
            stdout.write(f"{scenario.name:<12} {scenario.goal_text:<40} {scenario.title}")
        return 0
    from egov.bench.runner import run_scenarios

    names = None if options["scenario"] == "all" else [options["scenario"]]
    return run_scenarios(
        names,
        duration=options["duration"],
        connections=options["connections"],
        workers=options["workers"],
        client=options["client"],
        pgbench=not options["no_pgbench"],
        json_path=options["json"],
        stdout=stdout,
    )


def _seed(options: dict[str, Any], stdout: Any) -> int:
    from django.db import connection

    from egov.bench.seed import seed

    started = time.perf_counter()
    if connection.vendor != "postgresql":
        stdout.write("Lưu ý: không phải PostgreSQL, ghi bằng INSERT (chậm); COPY chỉ có trên PostgreSQL.")
    figures = seed(
        dossiers=options["dossiers"],
        years=options["years"],
        citizens=options["citizens"],
        procedures=options["procedures"],
        seed_value=options["seed"],
        stdout=stdout,
        progress=not options["no_progress"],
    )
    total = time.perf_counter() - started
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(figures.by_status.items()))
    agency, held = figures.largest_agency
    stdout.write(
        f"Đã sinh {figures.dossiers:,} hồ sơ, {figures.events:,} dòng diễn biến, {figures.papers:,} giấy tờ, "
        f"{figures.audit_entries:,} bản ghi nhật ký, {figures.rollup_rows:,} dòng thống kê, "
        f"{figures.citizens:,} công dân, {figures.counters:,} bộ đếm."
    )
    stdout.write(f"Trạng thái: {statuses}. Cơ quan giữ nhiều hồ sơ nhất: #{agency} ({held:,}).")
    stdout.write(
        f"Thời gian: chuẩn bị {figures.setup_seconds:.1f} s, sinh và COPY {figures.generate_seconds:.1f} s, "
        f"chỉ mục {figures.index_seconds:.1f} s, tổng {total:.1f} s."
    )
    sys.stdout.flush()
    return 0
