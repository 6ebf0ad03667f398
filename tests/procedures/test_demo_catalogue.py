"""Pure checks of the demo catalogue document (``src/egov/procedures/data/demo_catalogue.json``).

They read the committed JSON only (no database, no importer) and hold the data to the rules the
importer enforces: the legal time of each version equals the hours of its process (Nghị định
118/2025), every process is a valid workflow, fees are non-negative integers, every entry says where it
comes from.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from egov.procedures import rules, workflow

DATA = Path(__file__).resolve().parents[2] / "src" / "egov" / "procedures" / "data"
CATALOGUE = DATA / "demo_catalogue.json"
OFFICER_ROLES = frozenset({"receiver", "specialist", "division_head", "leader", "clerk", "administrator"})
DEMO_AGENCY = re.compile(r"^000\.00\.(0[0-9]|1[0-3]|2[1-9]|[3-5][0-9]|60)\.H57$")


@cache
def catalogue() -> dict[str, Any]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def versions() -> list[tuple[str, dict[str, Any]]]:
    return [(p["national_code"], v) for p in catalogue()["procedures"] for v in p["versions"]]


def processes() -> dict[str, dict[str, Any]]:
    return {process["code"]: process for process in catalogue()["processes"]}


def spec(process: dict[str, Any]) -> workflow.ProcessSpec:
    return workflow.ProcessSpec(
        code=process["code"],
        steps=tuple(
            workflow.StepSpec(
                code=s["code"],
                name=s["name"],
                order=s["order"],
                responsible=s["responsible"],
                role=s["role"],
                allotted_hours=Decimal(s["allotted_hours"]),
                national_status=s["national_status"],
                is_initial=s["is_initial"],
                is_terminal=s["is_terminal"],
                counts_toward_time=s["counts_toward_time"],
                other_agency=s["other_agency"],
                other_agency_kind=s["other_agency_kind"],
            )
            for s in process["steps"]
        ),
        actions=tuple(
            workflow.ActionSpec(
                code=a["code"],
                name=a["name"],
                from_step=a["from"],
                to_step=a["to"],
                roles=tuple(a["roles"]),
                clock_effect=a["clock_effect"],
            )
            for a in process["actions"]
        ),
    )


def test_document_declares_the_interchange_format() -> None:
    assert catalogue()["format"] == "egov.procedures/1"


def test_catalogue_holds_at_least_forty_procedures_with_unique_codes() -> None:
    codes = [p["national_code"] for p in catalogue()["procedures"]]
    assert len(codes) >= 40
    assert [code for code, n in Counter(codes).items() if n > 1] == []
    assert all(re.fullmatch(r"\d\.\d{6}", code) for code in codes)


def test_field_and_process_codes_are_unique() -> None:
    fields = [f["code"] for f in catalogue()["fields"]]
    assert len(fields) == len(set(fields))
    assert len(processes()) == len(catalogue()["processes"])


def test_every_version_references_an_existing_field_and_process() -> None:
    fields = {f["code"] for f in catalogue()["fields"]}
    for code, version in versions():
        assert version["field"] in fields, code
        assert version["process"] in processes(), code


def test_process_hours_add_up_to_each_version_legal_time() -> None:
    for code, version in versions():
        legal = rules.legal_hours(
            Decimal(version["processing_time"]), version["processing_time_unit"], version["single_day_cutoff"]
        )
        counted = spec(processes()[version["process"]]).counted_hours()
        assert counted == legal, f"{code} v{version['number']}: {counted} h ≠ {legal} h"


def test_single_day_procedures_cut_off_at_fifteen_hours() -> None:
    same_day = [v for _, v in versions() if v["single_day_cutoff"]]
    assert same_day
    assert {v["single_day_cutoff"] for v in same_day} == {"15:00"}
    assert all(v["process"].endswith("TRONG-NGAY") for v in same_day)


def test_every_process_is_a_valid_workflow() -> None:
    for process in processes().values():
        assert workflow.validate_process(spec(process), known_roles=OFFICER_ROLES) == [], process["code"]


def test_supplement_pauses_and_resumes_the_clock_outside_the_legal_time() -> None:
    for process in processes().values():
        waiting = [s for s in process["steps"] if s["national_status"] == 5]
        assert len(waiting) == 1, process["code"]
        assert waiting[0]["role"] == "applicant" and not waiting[0]["counts_toward_time"]
        effects = {
            a["clock_effect"] for a in process["actions"] if waiting[0]["code"] in (a["from"], a["to"])
        }
        assert effects == {"pause", "resume"}, process["code"]
        starts = [a for a in process["actions"] if a["clock_effect"] == "start"]
        assert [a["from"] for a in starts] == [s["code"] for s in process["steps"] if s["is_initial"]]


def test_processes_report_national_statuses_received_processing_done_returned() -> None:
    for process in processes().values():
        statuses = {s["national_status"] for s in process["steps"]}
        assert {2, 4, 9, 10} <= statuses, process["code"]
        initial = next(s for s in process["steps"] if s["is_initial"])
        terminal = [s for s in process["steps"] if s["is_terminal"]]
        assert initial["national_status"] == 2
        assert [s["national_status"] for s in terminal] == [10]


def test_fees_are_non_negative_integers_with_unique_codes() -> None:
    for code, version in versions():
        assert version["fees"], code
        for fee in version["fees"]:
            assert isinstance(fee["amount"], int) and not isinstance(fee["amount"], bool), code
            assert fee["amount"] >= 0, code
            assert fee["kind"] in {"fee", "charge"}, code
        assert len({f["code"] for f in version["fees"]}) == len(version["fees"]), code


def test_per_unit_fees_explain_the_unit_in_a_note() -> None:
    copy_fee = next(
        f for c, v in versions() if c == "2.000815" and v["status"] == "published" for f in v["fees"]
    )
    assert copy_fee["amount"] == 2000
    assert "trang" in copy_fee["note"]
    record_fee = next(f for c, v in versions() if c == "2.000505" for f in v["fees"])
    assert record_fee["amount"] == 200000


def test_every_version_has_papers_and_a_receiving_agency() -> None:
    for code, version in versions():
        assert version["papers"], code
        assert len({p["code"] for p in version["papers"]}) == len(version["papers"]), code
        receiving = [a for a in version["agencies"] if a["part"] == "receiving"]
        assert receiving, code
        for agency in version["agencies"]:
            assert bool(agency["agency"]) != bool(agency["agency_kind"]), code
            if agency["agency"]:
                assert DEMO_AGENCY.match(agency["agency"]), (code, agency["agency"])


def test_at_least_three_linked_processes_hand_a_step_to_another_agency() -> None:
    linked = {
        code
        for code, process in processes().items()
        if any(s["responsible"] == "other_agency" for s in process["steps"])
    }
    assert len(linked) >= 3
    used = {v["process"] for _, v in versions() if v["status"] == "published"}
    assert len(linked & used) >= 3
    named = [
        s["other_agency"]
        for code in linked
        for s in processes()[code]["steps"]
        if s["responsible"] == "other_agency" and s["other_agency"]
    ]
    assert named and all(DEMO_AGENCY.match(identifier) for identifier in named)


def test_both_levels_are_represented_about_evenly() -> None:
    levels = Counter(p["versions"][-1]["level"] for p in catalogue()["procedures"])
    assert levels["commune"] >= 15
    assert levels["province"] >= 15


def test_every_entry_says_where_it_comes_from() -> None:
    for code, version in versions():
        assert len(version["source_note"]) > 20, code
        assert version["legal_basis"], code
        if version["status"] == "published":
            assert version["effective_from"] and version["decision"], code


def test_versioning_is_visible_older_current_and_one_draft() -> None:
    history = {p["national_code"]: p["versions"] for p in catalogue()["procedures"]}
    several = [code for code, vs in history.items() if sum(v["status"] == "published" for v in vs) >= 2]
    assert len(several) >= 2
    drafts = [code for code, vs in history.items() if any(v["status"] == "draft" for v in vs)]
    assert drafts == ["1.001193"]
    for vs in history.values():
        assert [v["number"] for v in vs] == list(range(1, len(vs) + 1))
        dates = [v["effective_from"] for v in vs if v["status"] == "published"]
        assert dates == sorted(dates)


def test_common_procedures_have_an_eform() -> None:
    with_form = {c for c, v in versions() if v["eform_schema"]}
    for code in (
        "1.001193",
        "1.000894",
        "1.000656",
        "2.000815",
        "1.001612",
        "2.000505",
        "1.013225",
        "1.001776",
    ):
        assert code in with_form, code


def test_eforms_are_titled_objects_in_vietnamese() -> None:
    def walk(node: dict[str, Any], path: str) -> None:
        assert node.get("title"), path
        if node["type"] == "object":
            assert set(node.get("required", [])) <= set(node["properties"]), path
            for key, child in node["properties"].items():
                walk(child, f"{path}.{key}")
        if "enum" in node:
            assert len(node["x-enumLabels"]) == len(node["enum"]), path

    for code, version in versions():
        if version["eform_schema"]:
            assert version["eform_schema"]["type"] == "object"
            walk(version["eform_schema"], code)


def test_committed_json_matches_its_python_source() -> None:
    from egov.procedures.demo_catalogue import build

    assert json.loads(json.dumps(build.build())) == catalogue()


@pytest.mark.parametrize("code", ["1.001193", "2.000815", "1.001612", "1.013225"])
def test_well_known_procedures_carry_their_published_time(code: str) -> None:
    expected = {
        "1.001193": ("0", "15:00"),
        "2.000815": ("0", "15:00"),
        "1.001612": ("3", None),
        "1.013225": ("15", None),
    }
    version = [v for c, v in versions() if c == code and v["status"] == "published"][-1]
    assert (version["processing_time"], version["single_day_cutoff"]) == expected[code]
