"""Loading the demo catalogue: once, through the ordinary import, and only into an empty catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from egov.procedures import demo
from egov.procedures.interchange.report import ImportRefused
from egov.procedures.models import Procedure, ProcedureVersion
from tests.organizations.factories import make_agency

FIXTURE = Path(__file__).parent / "fixtures" / "small_catalogue.json"


@pytest.fixture
def agencies() -> None:
    province = make_agency(identifier="000.00.00.H57", name="UBND thành phố Huế")
    for number in ("02", "05", "06"):
        make_agency(province, identifier=f"000.00.{number}.H57", name=f"Sở {number}")


@pytest.mark.django_db
def test_demo_catalogue_is_loaded_once(agencies) -> None:
    assert demo.load_demo_catalogue(FIXTURE) == 3
    versions = set(ProcedureVersion.objects.values_list("pk", "updated_at"))
    assert demo.load_demo_catalogue(FIXTURE) == 3
    assert set(ProcedureVersion.objects.values_list("pk", "updated_at")) == versions


@pytest.mark.django_db
def test_demo_catalogue_is_not_loaded_over_an_existing_catalogue(agencies) -> None:
    Procedure.objects.create(national_code="1.000001")
    assert demo.load_demo_catalogue(FIXTURE) == 1
    assert not ProcedureVersion.objects.exists()


@pytest.mark.django_db
def test_a_broken_demo_catalogue_is_refused_whole(agencies, tmp_path) -> None:
    raw = json.loads(FIXTURE.read_text(encoding="utf-8"))
    raw["procedures"][0]["versions"][0]["field"] = "KHONGCO"
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportRefused):
        demo.load_demo_catalogue(path)
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_a_missing_demo_file_loads_nothing(tmp_path) -> None:
    assert demo.load_demo_catalogue(tmp_path / "khong-co.json") == 0


@pytest.mark.django_db
def test_the_shipped_demo_catalogue_imports_over_the_demo_agencies_and_exports_unchanged() -> None:
    from egov.organizations.demo import create_demo_agencies
    from egov.procedures.interchange.document import canonical, parse_json
    from egov.procedures.interchange.exporter import export_catalogue

    create_demo_agencies()
    count = demo.load_demo_catalogue()
    assert count >= 40
    document, problems = parse_json(json.loads(demo.DEMO_CATALOGUE.read_text(encoding="utf-8")))
    assert problems == []
    assert count == len(document.procedures)
    assert export_catalogue() == canonical(document)
