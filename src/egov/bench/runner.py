"""`egov bench run`: start the server, measure the scenarios, measure the two ceilings in the same run
(the bare Django JSON view on the same server, pgbench on the same database), print the table."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from egov.bench import load
from egov.bench.scenarios import SCENARIOS, Context, lifecycle, prepare, requests_of
from egov.bench.server import Server

WARMUP_SECONDS = 3.0


@dataclass
class Row:
    name: str
    title: str
    client: str
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    bare_ratio: float | None = None
    pgbench_ratio: float | None = None
    goal: str = ""
    met: bool | None = None


def _measure(
    name: str, url: str, context: Context, *, seconds: float, connections: int, client: str, workdir: Path
) -> load.Result:
    if name == "lifecycle":
        return load.run_python(
            url, lifecycle(context), seconds=seconds, connections=min(connections, 2), minimum=1
        )
    requests = requests_of(name, context)
    if client == "wrk" or (client == "auto" and load.has_wrk()):
        return load.run_wrk(url, requests, seconds=seconds, connections=connections, workdir=workdir)
    return load.run_python(url, load.single_requests(requests), seconds=seconds, connections=connections)


def pgbench_ceilings(seconds: float, connections: int) -> dict[str, float]:
    """TPS of pgbench select-only (-S) and of its default TPC-B-like transaction on the connected
    database (its own pgbench_* tables, scale 10, dropped afterwards). Empty without pgbench."""
    from django.db import connection

    if connection.vendor != "postgresql" or shutil.which("pgbench") is None:
        return {}
    settings = connection.settings_dict
    args = [
        "-h",
        str(settings.get("HOST") or "127.0.0.1"),
        "-p",
        str(settings.get("PORT") or 5432),
        "-U",
        str(settings.get("USER") or "postgres"),
    ]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    name = str(settings["NAME"])
    found = {}

    def run(*extra: str) -> str:
        done = subprocess.run(
            ["pgbench", *args, *extra, name], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout + done.stderr

    try:
        run("-i", "-s", "10", "-q")
        for label, extra in (("read", ["-S"]), ("write", [])):
            output = run(*extra, "-c", str(connections), "-j", "1", "-T", str(max(1, round(seconds))), "-n")
            match = re.search(r"tps = ([0-9.]+)", output)
            if match:
                found[label] = float(match.group(1))
    finally:
        run("-i", "-I", "d")
    return found


def _goal_met(row: Row) -> bool | None:
    scenario = SCENARIOS[row.name]
    goal = scenario.goal
    if goal is None:
        return None
    if row.errors or not row.throughput:
        return False
    if goal.metric == "bare_ratio":
        ok = row.bare_ratio is not None and row.bare_ratio >= goal.value
        return ok and (goal.also_p99_ms is None or row.p99_ms <= goal.also_p99_ms)
    if goal.metric == "throughput":
        return row.throughput >= goal.value
    return (row.p50_ms if goal.metric == "p50" else row.p99_ms) <= goal.value


def format_table(rows: list[Row], ceilings: dict[str, float]) -> str:
    head = (
        "| scenario | client | /s | p50 ms | p95 ms | p99 ms | errors | × bare JSON | × pgbench | goal "
        "| met |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|"
    )
    lines = [head]
    for row in rows:
        bare = f"{row.bare_ratio:.0%}" if row.bare_ratio is not None else "—"
        pg = f"{row.pgbench_ratio:.1%}" if row.pgbench_ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        lines.append(
            f"| {row.name} | {row.client} | {row.throughput:.1f} | {row.p50_ms:.1f} | {row.p95_ms:.1f} | "
            f"{row.p99_ms:.1f} | {row.errors} | {bare} | {pg} | {row.goal} | {met} |"
        )
    if ceilings:
        lines.append("")
        lines.append(
            "pgbench on the same database: "
            + ", ".join(
                f"{'select-only (-S)' if key == 'read' else 'TPC-B-like'} {value:,.0f} tps"
                for key, value in ceilings.items()
            )
        )
    return "\n".join(lines)


def run_scenarios(
    names: list[str] | None,
    *,
    duration: float,
    connections: int,
    workers: int,
    client: str,
    pgbench: bool,
    json_path: str,
    stdout: Any,
) -> int:
    from django.db import connection

    from egov.dossiers.models import Dossier

    chosen = names if names else [name for name in SCENARIOS if name != "bare"]
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown:
        stdout.write(f"Không có kịch bản: {', '.join(unknown)}. Có: {', '.join(SCENARIOS)}.")
        return 2
    dossiers = Dossier.objects.count()
    stdout.write(
        f"Cơ sở dữ liệu: {connection.vendor}, {dossiers:,} hồ sơ; tải {duration:g} s mỗi kịch bản, "
        f"{connections} kết nối, gunicorn {workers} tiến trình."
    )
    context = prepare()
    connection.close()  # the server's workers get the CPU, not an idle transaction
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="egov-bench-") as tmp, Server(workers=workers) as server:
        workdir = Path(tmp)
        measured: dict[str, load.Result] = {}
        for name in ["bare", *[item for item in chosen if item != "bare"]]:
            _measure(
                name,
                server.url,
                context,
                seconds=min(WARMUP_SECONDS, duration),
                connections=connections,
                client=client,
                workdir=workdir,
            )  # warm-up: connections, caches, imports
            measured[name] = _measure(
                name,
                server.url,
                context,
                seconds=duration,
                connections=connections,
                client=client,
                workdir=workdir,
            )
            result = measured[name]
            stdout.write(
                f"  {name}: {result.throughput:.1f}/s p50 {result.p50_ms:.1f} ms "
                f"p99 {result.p99_ms:.1f} ms ({result.client}, {result.errors} lỗi)"
            )
    ceilings = pgbench_ceilings(duration, connections) if pgbench else {}
    bare = measured["bare"].throughput
    for name, result in measured.items():
        scenario = SCENARIOS[name]
        ceiling = ceilings.get(scenario.kind)
        row = Row(
            name=name,
            title=scenario.title,
            client=result.client,
            throughput=result.throughput,
            p50_ms=result.p50_ms,
            p95_ms=result.p95_ms,
            p99_ms=result.p99_ms,
            errors=result.errors,
            bare_ratio=result.throughput / bare if bare else None,
            pgbench_ratio=result.throughput / ceiling if ceiling else None,
            goal=scenario.goal_text,
        )
        row.met = _goal_met(row)
        rows.append(row)
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    stdout.write("")
    stdout.write(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {dossiers:,} dossiers, "
        f"{os.cpu_count()} CPUs, load average {load_average}"
    )
    stdout.write(format_table(rows, ceilings))
    if json_path:
        Path(json_path).write_text(
            json.dumps(
                {
                    "at": dt.datetime.now(dt.UTC).isoformat(),
                    "dossiers": dossiers,
                    "load_average": load_average,
                    "database": urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/"),
                    "pgbench": ceilings,
                    "rows": [asdict(row) for row in rows],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    failed = [row for row in rows if row.errors and row.throughput == 0]
    return 1 if failed else 0
