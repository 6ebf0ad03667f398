"""Planning an import over what the database holds: duplicates, references, published versions,
processes and their legal time — every problem at once (no database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from egov.procedures.interchange.checks import Existing, plan_import
from egov.procedures.interchange.document import CatalogueDoc, parse_json

FIXTURE = Path(__file__).parent / "fixtures" / "small_catalogue.json"
AGENCIES = frozenset({"000.00.02.H57", "000.00.05.H57", "000.00.06.H57"})


def fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def parsed(raw: dict[str, Any]) -> CatalogueDoc:
    document, problems = parse_json(raw)
    assert problems == []
    return document


def problems(raw: dict[str, Any], existing: Existing | None = None, **options: Any) -> set[tuple[str, str]]:
    plan = plan_import(parsed(raw), existing or Existing(agencies=AGENCIES), **options)
    return {(problem.where, problem.column) for problem in plan.problems}


def test_the_fixture_plans_every_record_as_new() -> None:
    plan = plan_import(parsed(fixture()), Existing(agencies=AGENCIES))
    assert plan.problems == []
    assert [item.code for item in plan.new_fields] == ["HOTICH", "XAYDUNG", "CHUNGTHUC"]
    assert plan.new_procedures == ["1.001193", "2.000815", "1.009972"]
    assert len(plan.new_versions) == 5 and plan.changes == 11


def test_each_duplicate_code_is_reported_on_the_repeated_record() -> None:
    raw = fixture()
    raw["fields"].append(dict(raw["fields"][0], name="Hộ tịch (lặp)"))
    raw["processes"].append(raw["processes"][1])
    raw["processes"][0]["steps"].append(dict(raw["processes"][0]["steps"][4], order=6))
    raw["processes"][0]["actions"].append(raw["processes"][0]["actions"][0])
    raw["procedures"].append(raw["procedures"][1])
    versions = raw["procedures"][0]["versions"]
    versions.append(dict(versions[1]))
    versions[1]["fees"].append(versions[1]["fees"][0])
    versions[1]["papers"].append(versions[1]["papers"][1])
    assert problems(raw) >= {
        ("fields[3]", "code"),
        ("processes[3]", "code"),
        ("processes[0].steps[5]", "code"),
        ("processes[0].actions[5]", "code"),
        ("procedures[3]", "national_code"),
        ("procedures[0].versions[2]", "number"),
        ("procedures[0].versions[1].fees[1]", "code"),
        ("procedures[0].versions[1].papers[2]", "code"),
    }


def test_unknown_field_process_and_agencies_are_each_reported() -> None:
    raw = fixture()
    version = raw["procedures"][2]["versions"][0]
    version["field"] = "DATDAI"
    version["process"] = "KHONG-CO"
    assert problems(raw, Existing(agencies=frozenset({"000.00.02.H57"}))) == {
        ("procedures[2].versions[0]", "field"),
        ("procedures[2].versions[0]", "process"),
        ("procedures[2].versions[0].agencies[1]", "agency"),
        ("procedures[2].versions[0].agencies[2]", "agency"),
        ("processes[2].steps[3]", "other_agency"),
    }


def test_an_agency_row_names_an_identifier_or_a_kind_but_not_both() -> None:
    raw = fixture()
    agencies = raw["procedures"][2]["versions"][0]["agencies"]
    agencies[0]["agency_kind"] = "department"
    agencies[1]["agency"] = None
    assert problems(raw) == {
        ("procedures[2].versions[0].agencies[0]", "agency"),
        ("procedures[2].versions[0].agencies[1]", "agency"),
    }


def test_a_published_version_needs_a_date_a_decision_a_receiving_agency_and_a_process() -> None:
    raw = fixture()
    version = raw["procedures"][1]["versions"][0]
    version.update(effective_from=None, decision=" ", process=None, agencies=[])
    assert problems(raw) == {
        ("procedures[1].versions[0]", "effective_from"),
        ("procedures[1].versions[0]", "decision"),
        ("procedures[1].versions[0]", ""),
        ("procedures[1].versions[0]", "process"),
    }


def test_a_draft_may_lack_what_publishing_needs() -> None:
    raw = fixture()
    raw["procedures"][1]["versions"][0].update(status="draft", effective_from=None, decision="", agencies=[])
    assert problems(raw) == set()


def test_a_process_that_does_not_validate_is_reported_on_the_step_at_fault() -> None:
    raw = fixture()
    raw["processes"][0]["steps"][0]["is_initial"] = False
    raw["processes"][0]["steps"][2]["role"] = "applicant"
    raw["processes"][1]["actions"][0]["to"] = "khong-co"
    found = plan_import(parsed(raw), Existing(agencies=AGENCIES)).problems
    reasons = {(problem.where, problem.column): problem.reason for problem in found}
    assert reasons[("processes[0]", "")].startswith("quy trình “XA-3N”: Quy trình chưa có bước bắt đầu")
    assert ("processes[1].actions[0]", "code") in reasons


def test_counted_step_hours_must_equal_the_legal_time_of_each_published_version() -> None:
    raw = fixture()
    raw["procedures"][0]["versions"][1]["processing_time"] = "5"  # 40 hours on a 24-hour process
    raw["procedures"][2]["versions"][0]["processing_time_unit"] = "working_days"  # 40 days
    [first, second] = plan_import(parsed(raw), Existing(agencies=AGENCIES)).problems
    assert (first.where, first.column) == ("procedures[0].versions[1]", "process")
    assert first.reason == (
        "quy trình “XA-3N”: tổng thời gian các bước tính vào thời hạn là 24 giờ làm việc, "
        "khác thời hạn giải quyết 40 giờ làm việc của phiên bản."
    )
    assert "khác thời hạn giải quyết 320 giờ" in second.reason


def test_existing_fields_and_processes_are_reused_when_identical_and_refused_when_different() -> None:
    document = parsed(fixture())
    same = Existing(
        agencies=AGENCIES,
        fields={item.code: item for item in document.fields},
        processes={process.code: process for process in document.processes},
    )
    plan = plan_import(document, same)
    assert plan.problems == [] and plan.new_fields == [] and plan.new_processes == []
    assert (plan.unchanged_fields, plan.unchanged_processes) == (3, 3)
    renamed = type(document.fields[0])("HOTICH", "Hộ tịch - Chứng thực")
    different = Existing(agencies=AGENCIES, fields={"HOTICH": renamed})
    assert {(problem.where, problem.column) for problem in plan_import(document, different).problems} == {
        ("fields[0]", "name")
    }


def test_existing_process_listed_in_another_order_is_the_same_process() -> None:
    document = parsed(fixture())
    process = document.processes[0]
    shuffled = type(process)(
        **{**process.__dict__, "steps": process.steps[::-1], "actions": process.actions[::-1]}
    )
    plan = plan_import(document, Existing(agencies=AGENCIES, processes={process.code: shuffled}))
    assert plan.problems == [] and plan.unchanged_processes == 1


def test_published_versions_are_immutable_but_drafts_are_replaced() -> None:
    document = parsed(fixture())
    stored = {
        (procedure.national_code, v.number): v
        for procedure in document.procedures
        for v in procedure.versions
    }
    plan = plan_import(document, Existing(agencies=AGENCIES, versions=stored, drafts={"1.009972": 2}))
    assert plan.problems == [] and len(plan.unchanged_versions) == 5 and plan.new_versions == []
    raw = fixture()
    raw["procedures"][0]["versions"][1]["name"] = "Đăng ký khai sinh (sửa)"
    raw["procedures"][2]["versions"][1]["name"] = "Bản nháp sửa"
    plan = plan_import(parsed(raw), Existing(agencies=AGENCIES, versions=stored, drafts={"1.009972": 2}))
    assert [(problem.where, problem.column) for problem in plan.problems] == [
        ("procedures[0].versions[1]", "number")
    ]
    assert [(code, version.number) for code, version in plan.replaced_drafts] == [("1.009972", 2)]


def test_a_procedure_keeps_one_draft() -> None:
    raw = fixture()
    raw["procedures"][2]["versions"][1]["number"] = 3
    assert problems(raw, Existing(agencies=AGENCIES, drafts={"1.009972": 2})) == {
        ("procedures[2].versions[1]", "status")
    }
    raw["procedures"][2]["versions"].append(dict(raw["procedures"][2]["versions"][1], number=4))
    assert ("procedures[2].versions[2]", "status") in problems(raw)


def test_a_procedure_without_versions_is_refused() -> None:
    raw = fixture()
    raw["procedures"][0]["versions"] = []
    assert problems(raw) == {("procedures[0]", "versions")}


def test_eform_schema_problems_are_reported_on_the_schema_column() -> None:
    def refuse_everything(schema: Any) -> list[str]:
        return ["«ho_ten»: kiểu “text” không được hỗ trợ."]

    raw = fixture()
    assert problems(raw, schema_check=refuse_everything) == {("procedures[0].versions[1]", "eform_schema")}
