"""The catalogue search benchmark runs end to end on tiny data, so it cannot rot (no timing asserted)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "catalogue_search.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue_search_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_generated_names_are_distinct_vietnamese_procedure_names() -> None:
    import random

    from egov.bench.catalogue import procedure_names  # the benchmark's vocabulary lives with the seeder

    names = procedure_names(random.Random(1), 500)
    assert len({name for _, name in names}) == 500
    assert any("giấy phép xây dựng" in name for _, name in names)


@pytest.mark.django_db
def test_benchmark_scenario_runs_on_a_tiny_catalogue() -> None:
    from egov.procedures import search
    from egov.procedures.models import Procedure

    bench = load_bench()
    bench.generate(60, seed=3)
    assert Procedure.objects.count() == 60
    assert search.search().count() > 40  # most are in force; a few are future, draft or withdrawn
    figures = bench.run_searches(25, seed=3)
    assert figures.searches == 25
    assert figures.mean_results > 0
    assert 1 <= figures.max_queries <= 4
