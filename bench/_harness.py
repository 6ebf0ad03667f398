"""Shared entry point of the scenario commands in bench/ (bench/README.md).

    .venv/bin/python bench/lookup.py [--database-url URL] [--seconds 30] [--connections 8]

measures one scenario against the database named by --database-url (default: the one `make bench`
seeds), which must already hold seeded dossiers (`egov bench seed`); bench/all.py creates the
database, seeds it and runs every scenario.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/egov_bench"


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    name = database_url.rstrip("/").rsplit("/", 1)[-1]
    os.environ.setdefault("EGOV_VAR_DIR", str(Path(__file__).resolve().parents[1] / "var" / f"bench-{name}"))
    Path(os.environ["EGOV_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def parser(description: str) -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(description=description)
    found.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    found.add_argument("--seconds", type=float, default=30.0, help="load duration of each scenario")
    found.add_argument("--connections", type=int, default=2, help="concurrent connections of the load")
    found.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    found.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    found.add_argument("--no-pgbench", action="store_true")
    found.add_argument("--json", default="", help="also write the figures to this JSON file")
    return found


def main(scenario: str, argv: list[str] | None = None) -> int:
    args = parser(f"egov benchmark scenario: {scenario}").parse_args(argv)
    setup(args.database_url)
    from egov.bench.runner import run_scenarios
    from egov.dossiers.models import Dossier

    if not Dossier.objects.exists():
        print("The database holds no dossiers: seed it first (bench/all.py or egov bench seed).")
        return 2
    return run_scenarios(
        [scenario],
        duration=args.seconds,
        connections=args.connections,
        workers=args.workers,
        client=args.client,
        pgbench=not args.no_pgbench,
        json_path=args.json,
        stdout=_Out(),
    )


class _Out:
    def write(self, text: str) -> None:
        print(text, flush=True)
