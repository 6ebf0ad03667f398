"""The inbox benchmark (bench/inbox.py) runs end to end on tiny data, so it cannot rot (no timing
asserted): the generator on this database, every measured scenario, the page through the client."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "bench" / "inbox.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("inbox_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_benchmark_generates_an_inbox_and_measures_every_scenario() -> None:
    from egov.dossiers.models import Dossier

    bench = load_bench()
    setup = bench.generate(300, procedures=6, seed=5)
    assert setup.dossiers == Dossier.objects.count() == 300
    assert len(set(Dossier.objects.values_list("code", flat=True))) == 300
    assert 0.12 < setup.large_agency_dossiers / setup.dossiers < 0.30
    assert 0.75 < 1 - setup.open_dossiers / setup.dossiers < 0.95  # mostly finished
    assert setup.officer_assigned > 0
    assert Dossier.objects.filter(national_status__in=[5, 6], paused_at__isnull=False).exists()

    tabs = bench.tab_counts(setup)
    assert tabs["in_progress"] and tabs["finished"]  # the large agency's officer has work and history

    figures = bench.measure(setup, 2, warmup=0)
    names = [item.name for item in figures]
    assert "GET /ho-so/?tab=new (centre receiver)" in names and "selector inbox(), mine, in_progress" in names
    assert all(item.p50_ms > 0 and item.p99_ms >= item.p50_ms for item in figures)
    page = next(item for item in figures if item.name == "GET /ho-so/")
    assert page.rows == min(25, tabs["in_progress"])
    counts = next(item for item in figures if item.name.startswith("counts, open"))
    assert counts.queries <= 3  # memberships, initial steps, the aggregate
    plans = bench.explain(setup)  # EXPLAIN (ANALYZE) is PostgreSQL only
    if connection.vendor == "postgresql":
        assert any("Scan" in line for line in plans)
    else:
        assert plans == []
