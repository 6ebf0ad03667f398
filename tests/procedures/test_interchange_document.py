"""Reading a JSON catalogue document: every problem is listed with its JSON path, column and a
Vietnamese reason (no database)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from egov.organizations.models import Agency, Role
from egov.procedures.interchange import columns as c
from egov.procedures.interchange.document import FORMAT, Problem, parse_json, to_json
from egov.procedures.models import Action, Fee, ProcedureVersion, Process, Step, VersionAgency

FIXTURE = Path(__file__).parent / "fixtures" / "small_catalogue.json"


def fixture() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def problems_of(raw: Any) -> set[tuple[str, str]]:
    return {(problem.where, problem.column) for problem in parse_json(raw)[1]}


def test_the_fixture_reads_without_problems_and_writes_back_the_same_json() -> None:
    raw = fixture()
    document, problems = parse_json(raw)
    assert problems == []
    assert to_json(document) == raw
    assert document.procedures[1].versions[0].single_day_cutoff == dt.time(15, 0)
    assert document.processes[2].steps[3].allotted_hours == Decimal("4.5")


def test_keys_with_a_default_may_be_left_out_of_json() -> None:
    raw = fixture()
    version = raw["procedures"][0]["versions"][0]
    for key in ("description", "conditions", "source_note", "eform_schema", "papers", "legacy_level"):
        del version[key]
    document, problems = parse_json(raw)
    assert problems == []
    parsed = document.procedures[0].versions[0]
    assert (parsed.description, parsed.eform_schema, parsed.papers, parsed.legacy_level) == ("", {}, (), None)


def test_unknown_and_missing_keys_are_reported_with_their_path() -> None:
    raw = fixture()
    raw["procedures"][0]["versions"][0]["ten"] = "sai tên trường"
    del raw["procedures"][0]["versions"][0]["result"]
    raw["processes"][0]["steps"][1]["hours"] = 3
    assert problems_of(raw) == {
        ("procedures[0].versions[0]", "ten"),
        ("procedures[0].versions[0]", "result"),
        ("processes[0].steps[1]", "hours"),
    }


def test_every_bad_value_in_a_document_is_reported_not_just_the_first() -> None:
    raw = fixture()
    version = raw["procedures"][1]["versions"][0]
    version["effective_from"] = "01/07/2025"
    version["single_day_cutoff"] = "25:00"
    version["processing_time"] = "1.005"
    version["level"] = "district"
    version["accepts_online"] = "true"
    version["fees"][0]["amount"] = -2000
    version["fees"][1]["amount"] = "500.5"
    raw["processes"][1]["actions"][0]["roles"] = ["receiver", "chairman"]
    raw["processes"][1]["steps"][0]["national_status"] = 11
    raw["processes"][1]["steps"][1]["code"] = "xử lý"
    assert problems_of(raw) == {
        ("procedures[1].versions[0]", "effective_from"),
        ("procedures[1].versions[0]", "single_day_cutoff"),
        ("procedures[1].versions[0]", "processing_time"),
        ("procedures[1].versions[0]", "level"),
        ("procedures[1].versions[0]", "accepts_online"),
        ("procedures[1].versions[0].fees[0]", "amount"),
        ("procedures[1].versions[0].fees[1]", "amount"),
        ("processes[1].actions[0]", "roles"),
        ("processes[1].steps[0]", "national_status"),
        ("processes[1].steps[1]", "code"),
    }


def test_a_negative_fee_is_explained_in_vietnamese() -> None:
    raw = fixture()
    raw["procedures"][1]["versions"][0]["fees"][0]["amount"] = -2000
    [problem] = parse_json(raw)[1]
    assert str(problem) == (
        "procedures[1].versions[0].fees[0], cột “amount”: mức thu không được âm (đang là -2000)."
    )


def test_a_document_of_another_format_or_shape_is_refused() -> None:
    assert problems_of({"format": "other/1", "fields": {}, "extra": 1}) == {
        ("", "format"),
        ("", "fields"),
        ("", "extra"),
    }
    assert parse_json([1, 2])[1] == [Problem("", "", "tài liệu phải là một đối tượng JSON ({…}).")]
    assert problems_of({"format": FORMAT, "procedures": ["1.001193"]}) == {("procedures[0]", "")}


def test_text_with_control_characters_is_refused_and_carriage_returns_become_line_feeds() -> None:
    raw = fixture()
    raw["fields"][0]["name"] = "Hộ\x00tịch"
    raw["procedures"][0]["versions"][0]["description"] = "Bước 1\r\nBước 2\rBước 3"
    document, problems = parse_json(raw)
    assert [(problem.where, problem.column) for problem in problems] == [("fields[0]", "name")]
    assert document.procedures[0].versions[0].description == "Bước 1\nBước 2\nBước 3"


def test_decimals_are_written_without_trailing_zeros() -> None:
    raw = fixture()
    raw["procedures"][0]["versions"][0]["processing_time"] = "3.00"
    document, _ = parse_json(raw)
    assert to_json(document)["procedures"][0]["versions"][0]["processing_time"] == "3"
    assert c.format_decimal(Decimal("12.50")) == "12.5"
    assert c.format_decimal(Decimal("1E+1")) == "10"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1.005", "chỉ được có tối đa 2 chữ số sau dấu chấm."),
        ("-1", "không được âm (đang là -1)."),
        ("100000", "quá lớn (tối đa 5 chữ số phần nguyên)."),
        ("NaN", "“NaN” không phải số thập phân."),
        ("3,5", "“3,5” không phải số thập phân (dùng dấu chấm, ví dụ 0.5)."),
    ],
)
def test_decimal_values_outside_the_database_column_are_refused(value: str, reason: str) -> None:
    column = next(column for column in c.VERSION_COLUMNS if column.key == "processing_time")
    with pytest.raises(c.CellError) as error:
        c.read_value(column, value)
    assert error.value.reason == reason


def test_the_format_choices_are_those_of_the_models() -> None:
    assert set(c.AGENCY_KINDS) == set(Agency.Kind.values)
    assert set(c.OFFICER_ROLES) == set(Role.values)
    assert set(c.RESPONSIBLE) == set(Step.Responsible.values)
    assert set(c.CLOCK_EFFECTS) == set(Action.ClockEffect.values)
    assert set(c.SUPPLEMENT_CLOCKS) == set(Process.SupplementClock.values)
    assert set(c.STATUSES) == set(ProcedureVersion.Status.values)
    assert set(c.LEVELS) == set(ProcedureVersion.Level.values)
    assert set(c.TIME_UNITS) == set(ProcedureVersion.TimeUnit.values)
    assert set(c.ONLINE_LEVELS) == set(ProcedureVersion.OnlineLevel.values)
    assert set(c.AGENCY_PARTS) == set(VersionAgency.Part.values)
    assert set(c.FEE_KINDS) == set(Fee.Kind.values)


def test_text_lengths_are_those_of_the_models() -> None:
    models = {
        "FIELD": ("ProcedureField", c.FIELD_COLUMNS),
        "PROCESS": ("Process", c.PROCESS_COLUMNS),
        "STEP": ("Step", c.STEP_COLUMNS),
        "ACTION": ("Action", c.ACTION_COLUMNS),
        "VERSION": ("ProcedureVersion", c.VERSION_COLUMNS),
        "AGENCY": ("VersionAgency", c.AGENCY_COLUMNS),
        "FEE": ("Fee", c.FEE_COLUMNS),
        "PAPER": ("RequiredPaper", c.PAPER_COLUMNS),
    }
    from django.apps import apps

    for model_name, columns in models.values():
        model = apps.get_model("procedures", model_name)
        for column in columns:
            if column.max_length and column.kind != "slug" and column.key not in ("from", "to"):
                name = {"field": "field", "process": "process"}.get(column.key, column.key)
                db_field = model._meta.get_field(name)
                if db_field.is_relation:
                    continue
                assert db_field.max_length == column.max_length, (model_name, column.key)


def test_parsing_does_not_change_the_raw_document() -> None:
    raw = fixture()
    kept = copy.deepcopy(raw)
    parse_json(raw)
    assert raw == kept
