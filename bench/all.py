"""The whole benchmark (`make bench`): a fresh PostgreSQL database, migrated, seeded with N dossiers
(`egov bench seed`), then every scenario against gunicorn with 2 workers, and the table of figures.

    .venv/bin/python bench/all.py --dossiers 1000000 [--database-url URL] [--seconds 30] [--reuse]

``--reuse`` keeps a database that already holds dossiers (re-measure without seeding again). The
figures are also written to var/bench-results/<date>-<N>.json.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _harness import _Out, parser, setup

ROOT = Path(__file__).resolve().parents[1]


def _recreate(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("egov_bench"):
        raise SystemExit(f"refusing to drop {name!r}: benchmark databases are named egov_bench*")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    found = parser("egov benchmarks: seed a province and run every scenario")
    found.add_argument("--dossiers", type=int, default=1_000_000)
    found.add_argument("--reuse", action="store_true", help="keep a database that already holds dossiers")
    args = found.parse_args(argv)
    setup(args.database_url)
    from django.core.management import call_command

    from egov.dossiers.models import Dossier

    reuse = False
    if args.reuse:
        try:
            reuse = Dossier.objects.exists()
        except Exception:  # no such database or not migrated
            reuse = False
    if not reuse:
        from django.db import connections

        connections.close_all()
        _recreate(args.database_url)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        env = {"DATABASE_URL": args.database_url}
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "egov"), "bench", "seed", "--dossiers", str(args.dossiers)],
            check=True,
            env={**__import__("os").environ, **env},
        )
        print(f"seed: {args.dossiers:,} dossiers in {time.perf_counter() - started:.1f} s", flush=True)
    from egov.bench.runner import run_scenarios

    results = ROOT / "var" / "bench-results"
    results.mkdir(parents=True, exist_ok=True)
    json_path = args.json or str(results / f"{dt.date.today():%Y-%m-%d}-{Dossier.objects.count()}.json")
    return run_scenarios(
        None,
        duration=args.seconds,
        connections=args.connections,
        workers=args.workers,
        client=args.client,
        pgbench=not args.no_pgbench,
        json_path=json_path,
        stdout=_Out(),
    )


if __name__ == "__main__":
    sys.exit(main())
