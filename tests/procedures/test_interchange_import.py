"""Importing and exporting the catalogue against the database: all or nothing, idempotent, exact
round trips through JSON and Excel."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError

from egov.core.models import AuditEntry, OutboxEvent
from egov.organizations.models import Agency
from egov.procedures.interchange import excel, importer
from egov.procedures.interchange.document import CatalogueDoc, canonical, parse_json, to_json
from egov.procedures.interchange.exporter import export_catalogue
from egov.procedures.interchange.importer import import_catalogue
from egov.procedures.interchange.report import CREATED, REPLACED, UNCHANGED, ImportRefused
from egov.procedures.models import Action, Fee, Procedure, ProcedureField, ProcedureVersion, Process, Step
from tests.organizations.factories import make_agency

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str = "small_catalogue.json") -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def parsed(raw: dict[str, Any]) -> CatalogueDoc:
    document, problems = parse_json(raw)
    assert problems == []
    return document


@pytest.fixture
def agencies() -> dict[str, Agency]:
    """The province and the three departments the fixture names by identifier."""
    province = make_agency(identifier="000.00.00.H57", name="UBND thành phố Huế")
    return {
        number: make_agency(province, identifier=f"000.00.{number}.H57", name=f"Sở {number}")
        for number in ("02", "05", "06")
    }


def catalogue_size() -> tuple[int, ...]:
    return (
        ProcedureField.objects.count(),
        Process.objects.count(),
        Step.objects.count(),
        Action.objects.count(),
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        Fee.objects.count(),
    )


@pytest.mark.django_db
def test_importing_the_fixture_writes_every_record_with_folded_search_text(agencies) -> None:
    report = import_catalogue(document=parsed(load()))
    assert report.ok
    assert (report.procedures_created, report.versions_created, report.processes_created) == (3, 5, 3)
    assert catalogue_size() == (3, 3, 16, 17, 3, 5, 5)
    version = ProcedureVersion.objects.get(procedure__national_code="1.009972", number=1)
    assert version.search_folded == "cap giay phep xay dung 1.009972 xay dung giay chung nhan (ban chinh)"
    assert version.agencies.get(part="deciding").agency == agencies["06"]
    assert version.published_at is not None
    assert ProcedureField.objects.get(code="HOTICH").name_folded == "ho tich"
    step = Step.objects.get(process__code="SXD-5N-LT", code="lay-y-kien")
    assert step.other_agency == agencies["05"]
    assert ProcedureVersion.objects.get(procedure__national_code="2.000815").single_day_cutoff.hour == 15


@pytest.mark.django_db
def test_export_after_import_gives_back_the_document(agencies) -> None:
    document = parsed(load())
    import_catalogue(document=document)
    assert export_catalogue() == canonical(document)
    assert to_json(export_catalogue()) == to_json(canonical(document))


@pytest.mark.django_db
def test_json_and_excel_exports_import_into_an_empty_catalogue_and_export_the_same(
    agencies, django_db_blocker
) -> None:
    import_catalogue(document=parsed(load()))
    first = export_catalogue()
    as_json = json.dumps(to_json(first), ensure_ascii=False)
    workbook = io.BytesIO()
    excel.save_workbook(first, workbook)
    for reimport in ("json", "xlsx"):
        _empty_catalogue()
        if reimport == "json":
            document = parsed(json.loads(as_json))
        else:
            workbook.seek(0)
            document, problems = excel.read_workbook(workbook)
            assert problems == []
        import_catalogue(document=document)
        second = export_catalogue()
        assert second == first
        assert to_json(second) == to_json(first)


def _empty_catalogue() -> None:
    for model in (Action, Step, Fee):
        model.objects.all().delete()
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Process.objects.all().delete()
    ProcedureField.objects.all().delete()


@pytest.mark.django_db
def test_identical_reimport_changes_nothing_and_is_reported_unchanged(agencies) -> None:
    import_catalogue(document=parsed(load()))
    audits = AuditEntry.objects.count()
    published = dict(ProcedureVersion.objects.values_list("pk", "published_at"))
    report = import_catalogue(document=parsed(load()))
    assert report.ok and not report.changed
    assert {outcome for _, _, outcome in report.outcomes} == {UNCHANGED}
    assert report.versions_unchanged == 5 and report.fields_unchanged == 3 and report.processes_unchanged == 3
    assert dict(ProcedureVersion.objects.values_list("pk", "published_at")) == published
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_reimporting_a_draft_replaces_its_content(agencies) -> None:
    import_catalogue(document=parsed(load()))
    draft = ProcedureVersion.objects.get(status="draft")
    raw = load()
    raw["procedures"][2]["versions"][1]["name"] = "Cấp giấy phép xây dựng (bản nháp mới)"
    raw["procedures"][2]["versions"][1]["fees"] = [
        {"kind": "charge", "code": "LP", "name": "Lệ phí", "amount": 75000, "note": ""}
    ]
    report = import_catalogue(document=parsed(raw))
    assert (code := ("1.009972", 2, REPLACED)) in report.outcomes, code
    draft.refresh_from_db()
    assert draft.name == "Cấp giấy phép xây dựng (bản nháp mới)"
    assert list(draft.fees.values_list("amount", flat=True)) == [75000]
    assert draft.search_folded.startswith("cap giay phep xay dung (ban nhap moi)")


@pytest.mark.django_db
def test_a_new_version_of_an_existing_procedure_is_added(agencies) -> None:
    import_catalogue(document=parsed(load()))
    raw = load()
    new = dict(raw["procedures"][1]["versions"][0], number=2, effective_from="2026-01-01")
    raw["procedures"] = [
        {"national_code": "2.000815", "versions": [raw["procedures"][1]["versions"][0], new]}
    ]
    report = import_catalogue(document=parsed(raw))
    assert report.outcomes == [("2.000815", 1, UNCHANGED), ("2.000815", 2, CREATED)]
    assert report.procedures_created == 0
    assert Procedure.objects.get(national_code="2.000815").versions.count() == 2


@pytest.mark.django_db
def test_different_content_for_a_published_version_is_refused_and_nothing_is_written(agencies) -> None:
    import_catalogue(document=parsed(load()))
    before = catalogue_size()
    raw = load()
    raw["procedures"][1]["versions"][0]["fees"][0]["amount"] = 3000
    raw["fields"].append({"code": "DATDAI", "name": "Đất đai"})
    with pytest.raises(ImportRefused) as refused:
        import_catalogue(document=parsed(raw))
    [problem] = refused.value.report.problems
    assert problem.where == "procedures[1].versions[0]" and problem.column == "number"
    assert "đã công bố với nội dung khác" in problem.reason
    assert catalogue_size() == before
    assert not ProcedureField.objects.filter(code="DATDAI").exists()


@pytest.mark.django_db
def test_every_problem_is_reported_at_once_unknown_agency_and_unknown_field_and_negative_fee() -> None:
    raw = load()
    raw["procedures"][1]["versions"][0]["fees"][0]["amount"] = -1
    raw["procedures"][1]["versions"][0]["field"] = "KHONGCO"
    document, problems = parse_json(raw)
    with pytest.raises(ImportRefused) as refused:
        import_catalogue(document=document, problems=problems)
    found = {(problem.where, problem.column) for problem in refused.value.report.problems}
    assert ("procedures[1].versions[0].fees[0]", "amount") in found
    assert ("procedures[1].versions[0]", "field") in found
    # the fixture's agencies are missing from this database: each reference is reported
    assert ("processes[2].steps[3]", "other_agency") in found
    assert ("procedures[2].versions[0].agencies[1]", "agency") in found
    assert catalogue_size() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_dry_run_validates_without_writing(agencies) -> None:
    report = import_catalogue(document=parsed(load()), dry_run=True)
    assert report.ok and report.dry_run and report.versions_created == 5
    assert catalogue_size() == (0, 0, 0, 0, 0, 0, 0)
    assert not AuditEntry.objects.filter(action="procedures.imported").exists()


@pytest.mark.django_db
def test_import_writes_one_audit_entry_and_one_outbox_event_with_the_counts(agencies) -> None:
    import_catalogue(document=parsed(load()))
    [entry] = AuditEntry.objects.filter(action="procedures.imported")
    assert entry.after["versions_created"] == 5 and entry.after["procedures_created"] == 3
    [event] = OutboxEvent.objects.filter(topic="procedures.imported")
    assert event.payload["versions_created"] == 5
    assert ["1.001193", 2] in event.payload["versions"]


@pytest.mark.django_db
def test_a_database_failure_while_writing_rolls_everything_back(agencies, monkeypatch) -> None:
    original = importer._write_children

    def failing(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        raise IntegrityError("simulated failure after the children were written")

    monkeypatch.setattr(importer, "_write_children", failing)
    with pytest.raises(Exception, match="đồng thời"):
        import_catalogue(document=parsed(load()))
    assert catalogue_size() == (0, 0, 0, 0, 0, 0, 0)
    assert not AuditEntry.objects.filter(action="procedures.imported").exists()


@pytest.mark.django_db
def test_existing_process_with_different_steps_is_refused(agencies) -> None:
    import_catalogue(document=parsed(load()))
    raw = load()
    raw["processes"][0]["steps"][0]["name"] = "Tiếp nhận (đổi tên)"
    raw["procedures"] = []
    with pytest.raises(ImportRefused) as refused:
        import_catalogue(document=parsed(raw))
    [problem] = refused.value.report.problems
    assert (problem.where, problem.column) == ("processes[0]", "code")


@pytest.mark.django_db
def test_export_of_chosen_codes_carries_the_fields_and_processes_they_use(agencies) -> None:
    import_catalogue(document=parsed(load()))
    document = export_catalogue(codes=["2.000815"])
    assert [procedure.national_code for procedure in document.procedures] == ["2.000815"]
    assert [item.code for item in document.fields] == ["CHUNGTHUC"]
    assert [process.code for process in document.processes] == ["TRONG-NGAY"]


@pytest.mark.django_db
def test_a_version_whose_process_hours_differ_from_its_legal_time_is_refused(agencies) -> None:
    document = parsed(load())
    procedure = document.procedures[1]
    slower = replace(
        procedure.versions[0], processing_time=procedure.versions[0].processing_time, single_day_cutoff=None
    )
    slower = replace(slower, processing_time=slower.processing_time + 2)
    document = replace(document, procedures=(replace(procedure, versions=(slower,)),))
    with pytest.raises(ImportRefused) as refused:
        import_catalogue(document=document)
    [problem] = refused.value.report.problems
    assert problem.column == "process"
    assert (
        "tổng thời gian các bước tính vào thời hạn là 8 giờ làm việc, khác thời hạn giải quyết 16"
        in problem.reason
    )


@pytest.mark.django_db
def test_an_officer_without_catalogue_rights_cannot_import(agencies) -> None:
    from egov.core.errors import PermissionDenied
    from tests.organizations.factories import make_user

    with pytest.raises(PermissionDenied):
        import_catalogue(document=parsed(load()), actor=make_user())
    assert catalogue_size() == (0, 0, 0, 0, 0, 0, 0)


@pytest.mark.django_db
def test_a_superuser_import_is_audited_under_their_name(agencies) -> None:
    from tests.organizations.factories import make_user

    admin = make_user(is_superuser=True, is_staff=True)
    import_catalogue(document=parsed(load()), actor=admin)
    entry = AuditEntry.objects.get(action="procedures.imported")
    assert entry.actor_id == admin.pk
    assert ProcedureVersion.objects.filter(published_by=admin).count() == 4


def _without_x_order(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: _without_x_order(value) for key, value in node.items() if key != "x-order"}
    if isinstance(node, list):
        return [_without_x_order(item) for item in node]
    return node


@pytest.mark.django_db
def test_an_eform_without_recorded_order_is_stored_with_it_and_reimports_unchanged(agencies) -> None:
    raw = _without_x_order(load())
    import_catalogue(document=parsed(raw))
    typed_orders = {
        (procedure["national_code"], version["number"]): list(version["eform_schema"]["properties"])
        for procedure in raw["procedures"]
        for version in procedure["versions"]
        if version["eform_schema"]
    }
    assert typed_orders
    for (code, number), typed_order in typed_orders.items():
        stored = ProcedureVersion.objects.get(procedure__national_code=code, number=number).eform_schema
        assert (
            stored["x-order"] == typed_order
        )  # jsonb may reorder the keys; x-order keeps the editor's order
    again = import_catalogue(document=parsed(raw))
    assert not again.changed
