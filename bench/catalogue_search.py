"""Benchmark: accent-free search over a province-sized procedure catalogue.

Creates a fresh PostgreSQL database, migrates it, generates a catalogue (6,500 procedures by default,
with realistic Vietnamese names from real field names and procedure name patterns, some with older,
future-dated, withdrawn or draft versions), then runs a few hundred representative searches (with and
without accents, one to four words, an unfinished last word, some with filters, some by national
code) through ``egov.procedures.search.search`` paged exactly as the list page pages it, and prints
p50/p95/p99 latency and queries per search. The database is dropped at the end (``--keep`` keeps it).

    .venv/bin/python bench/catalogue_search.py
    .venv/bin/python bench/catalogue_search.py --database-url postgres://postgres@127.0.0.1:5432/egov_bench_search

``generate`` and ``run_searches`` work on whatever database Django is connected to; the smoke test
(tests/procedures/test_search_bench.py) runs them once on tiny data so this file cannot rot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/egov_bench_search"


# Real field names (lĩnh vực) of provincial and commune catalogues, with objects their procedures act on.
@dataclass(frozen=True)
class Figures:
    searches: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    db_p50_ms: float
    mean_queries: float
    max_queries: int
    mean_results: float


def _setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def _vocabulary() -> tuple:
    """The generated catalogue's vocabulary and workload, shared with ``egov bench seed``."""
    from egov.bench import catalogue

    return catalogue.FIELDS, catalogue.RESULTS, catalogue.procedure_names, catalogue.search_workload


def generate(n: int = 6500, *, seed: int = 20250701) -> None:
    """A catalogue of ``n`` procedures in the connected database: fields, a small agency tree, and for
    each procedure a version in force; about a tenth also have an older version, a future-dated one, a
    draft, or were withdrawn."""
    from egov.organizations.models import Agency
    from egov.organizations.services import create_agency
    from egov.procedures.models import Procedure, ProcedureField, ProcedureVersion, VersionAgency

    FIELDS, RESULTS, procedure_names, _ = _vocabulary()
    rng = random.Random(seed)
    today = dt.date.today()
    fields = {code: ProcedureField.objects.create(code=code, name=name) for code, (name, _) in FIELDS.items()}
    province = create_agency(
        actor=None, name="Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND", identifier="000.00.00.H99",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
    )  # fmt: skip
    departments = [
        create_agency(
            actor=None,
            parent=province,
            name=f"Sở {name}",
            short_name=f"S{i}",
            identifier=f"000.00.{i:02d}.H99",
            kind=Agency.Kind.DEPARTMENT,
        )
        for i, name in enumerate(
            ["Xây dựng", "Tư pháp", "Y tế", "Công Thương", "Nông nghiệp và Môi trường"], 1
        )
    ]
    communes = [
        create_agency(
            actor=None,
            parent=province,
            name=f"Ủy ban nhân dân xã Thử {i}",
            short_name=f"X{i}",
            identifier=f"000.00.{i:02d}.H99",
            kind=Agency.Kind.COMMUNE_COMMITTEE,
        )
        for i in range(20, 40)
    ]
    names = procedure_names(rng, n)
    procedures = Procedure.objects.bulk_create(
        [Procedure(national_code=f"{rng.choice([1, 2, 3])}.{i:06d}") for i in range(1, n + 1)],
        batch_size=2000,
    )
    versions: list[ProcedureVersion] = []
    for procedure, (field_code, name) in zip(procedures, names, strict=True):
        field = fields[field_code]
        history = rng.random()
        dated: list[tuple[str, dt.date | None, str]] = [("published", dt.date(2025, 7, 1), name)]
        if history < 0.05:
            dated.insert(0, ("published", dt.date(2023, 1, 1), name + " (bản cũ)"))
        elif history < 0.07:
            dated.append(("published", today + dt.timedelta(days=30), name + " (sắp áp dụng)"))
        elif history < 0.09:
            dated.append(("draft", None, name + " (dự thảo)"))
        elif history < 0.10:
            dated = [("withdrawn", dt.date(2024, 1, 1), name)]
        for number, (status, effective, version_name) in enumerate(dated, 1):
            level = rng.choice(["province", "commune", "commune"])
            version = ProcedureVersion(
                procedure=procedure, number=number, status=status, effective_from=effective,
                name=version_name, field=field, level=level, processing_time=Decimal(rng.choice("1358")),
                result=rng.choice(RESULTS), legal_basis="Nghị định thử nghiệm",
                online_level=rng.choice(["full", "partial", "partial", "none"]),
                description="Trình tự thực hiện: nộp hồ sơ, tiếp nhận, giải quyết, trả kết quả.",
            )  # fmt: skip
            version.search_folded = version.folded_text()  # bulk_create does not call save()
            versions.append(version)
    versions = ProcedureVersion.objects.bulk_create(versions, batch_size=2000)
    agencies = []
    for version in versions:
        if version.level == "commune":
            agencies.append(VersionAgency(version=version, part="receiving", agency_kind="commune_committee"))
        else:
            agencies.append(VersionAgency(version=version, part="receiving", agency=rng.choice(departments)))
    VersionAgency.objects.bulk_create(agencies, batch_size=2000)
    assert communes


def run_searches(count: int = 300, *, seed: int = 7, page_size: int = 20) -> Figures:
    """Run ``count`` searches as the list page runs them (``search`` then ``page_of``, first page)
    and measure each one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from egov.procedures import search

    search_workload = _vocabulary()[3]
    rng = random.Random(seed)
    workload = search_workload(rng, count)

    def one(criteria: dict[str, object]) -> int:
        criteria = dict(criteria)
        if "agency" in criteria:
            criteria["agency"] = search.parse_agency(str(criteria["agency"]))
        page = search.page_of(search.search(**criteria), 1, per_page=page_size)
        return page.paginator.count

    for criteria in workload[:20]:  # warm the caches and the connection
        one(criteria)
    timings, db_timings, queries, results = [], [], [], []
    for criteria in workload:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            results.append(one(criteria))
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        db_timings.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return Figures(
        searches=len(workload),
        p50_ms=statistics.median(timings),
        p95_ms=cuts[94],
        p99_ms=cuts[98],
        db_p50_ms=statistics.median(db_timings),
        mean_queries=statistics.fmean(queries),
        max_queries=max(queries),
        mean_results=statistics.fmean(results),
    )


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def _recreate(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL database to create and drop")
    parser.add_argument("--procedures", type=int, default=6500)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    _recreate(args.database_url)
    try:
        _setup_django(args.database_url)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        generate(args.procedures)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"catalogue: {args.procedures} procedures generated in {time.perf_counter() - started:.1f} s")
        figures = run_searches(args.searches)
        version = connection.pg_version if connection.vendor == "postgresql" else ""
        print(f"database: {connection.vendor} {version}")
        print(f"searches: {figures.searches} (mean {figures.mean_results:.0f} matches each)")
        print(f"latency ms: p50 {figures.p50_ms:.2f}  p95 {figures.p95_ms:.2f}  p99 {figures.p99_ms:.2f}")
        print(f"of which in the database: p50 {figures.db_p50_ms:.2f} ms")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        print(f"queries per search: mean {figures.mean_queries:.1f}, max {figures.max_queries}")
        connection.close()
    finally:
        if not args.keep:
            _recreate(args.database_url, drop_only=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
