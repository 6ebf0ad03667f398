"""The supported JSON Schema subset: what catalogue editors may write, and the Vietnamese problems
`check_schema` reports for everything else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import egov.procedures
from egov.procedures.eform import (
    EformSchemaInvalid,
    check_schema,
    parse,
    require_valid_schema,
    with_property_order,
)
from egov.procedures.eform.schema import Group, Leaf, Repeat

EXAMPLE = Path(egov.procedures.__file__).parent / "data" / "eform_examples" / "khai_sinh.json"


def _form(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "title": "Tờ khai", "properties": properties}


def _codes(schema: Any) -> list[str]:
    return [problem.code for problem in check_schema(schema)]


def test_birth_registration_example_is_within_the_subset() -> None:
    schema = json.loads(EXAMPLE.read_text())
    assert check_schema(schema) == []
    tree = parse(schema)
    assert [node.name for node in tree.children] == [
        "declarant",
        "child",
        "mother",
        "father",
        "extract_copies",
    ]
    mother = tree.child("mother")
    assert isinstance(mother, Group) and mother.required
    father = tree.child("father")
    assert isinstance(father, Group) and not father.required


def test_empty_schema_means_no_eform_and_is_accepted() -> None:
    assert check_schema({}) == []


def test_every_supported_keyword_together_passes() -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": "Tờ khai",
        "description": "Mô tả",
        "additionalProperties": False,
        "properties": {
            "name": {
                "type": "string",
                "title": "Họ tên",
                "minLength": 2,
                "maxLength": 50,
                "x-placeholder": "A",
            },
            "code": {
                "type": "string",
                "title": "Mã",
                "pattern": "^[0-9]{5}$",
                "x-patternMessage": "5 chữ số.",
            },
            "born": {"type": "string", "title": "Ngày sinh", "format": "date"},
            "mail": {"type": "string", "title": "Thư", "format": "email"},
            "cid": {"type": "string", "title": "Số định danh", "x-format": "citizen_id"},
            "tel": {"type": "string", "title": "Điện thoại", "x-format": "phone"},
            "note": {"type": "string", "title": "Ghi chú", "x-widget": "textarea"},
            "sex": {
                "type": "string",
                "title": "Giới tính",
                "enum": ["nam", "nu"],
                "x-enumLabels": ["Nam", "Nữ"],
                "x-widget": "radio",
            },
            "count": {"type": "integer", "title": "Số bản", "minimum": 0, "maximum": 10, "default": 1},
            "area": {"type": "number", "title": "Diện tích", "minimum": 0, "multipleOf": 0.1},
            "agree": {"type": "boolean", "title": "Đồng ý"},
            "papers": {
                "type": "array",
                "title": "Giấy tờ",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "enum": ["a", "b"], "x-enumLabels": ["A", "B"]},
            },
            "owner": {
                "type": "object",
                "title": "Chủ sở hữu",
                "required": ["name"],
                "properties": {"name": {"type": "string", "title": "Tên"}},
            },
            "members": {
                "type": "array",
                "title": "Thành viên",
                "minItems": 1,
                "maxItems": 5,
                "items": {
                    "type": "object",
                    "title": "Người",
                    "required": ["name"],
                    "properties": {"name": {"type": "string", "title": "Tên"}},
                },
            },
        },
        "required": ["name", "sex"],
    }
    assert check_schema(schema) == []
    tree = parse(schema)
    kinds = {node.name: (type(node).__name__, getattr(node, "kind", "")) for node in tree.children}
    assert kinds["sex"] == ("Leaf", "choice")
    assert kinds["papers"] == ("Leaf", "choices")
    assert kinds["owner"][0] == "Group"
    members = tree.child("members")
    assert isinstance(members, Repeat) and members.rows == 5


@pytest.mark.parametrize(
    ("schema", "code"),
    [
        ({"type": "array", "title": "x"}, "eform_schema.root_not_object"),
        (_form(a={"type": "string", "title": "A", "oneOf": []}), "eform_schema.unsupported_keyword"),
        (_form(a={"type": "string", "title": "A", "$ref": "#/x"}), "eform_schema.unsupported_keyword"),
        (_form(a={"type": "null", "title": "A"}), "eform_schema.type"),
        (_form(a={"type": ["string", "null"], "title": "A"}), "eform_schema.type"),
        (_form(a={"type": "string"}), "eform_schema.no_title"),
        (_form(a={"type": "string", "title": "A", "format": "uri"}), "eform_schema.format"),
        (_form(a={"type": "string", "title": "A", "x-format": "tax_code"}), "eform_schema.x_format"),
        (_form(a={"type": "string", "title": "A", "minLength": -1}), "eform_schema.length"),
        (
            _form(a={"type": "string", "title": "A", "minLength": 5, "maxLength": 2}),
            "eform_schema.length_range",
        ),
        (_form(a={"type": "string", "title": "A", "pattern": "(["}), "eform_schema.pattern"),
        (_form(a={"type": "string", "title": "A", "enum": []}), "eform_schema.enum"),
        (_form(a={"type": "string", "title": "A", "enum": ["", "b"]}), "eform_schema.enum"),
        (
            _form(a={"type": "string", "title": "A", "enum": ["a"], "x-enumLabels": ["A", "B"]}),
            "eform_schema.enum_labels",
        ),
        (_form(a={"type": "string", "title": "A", "x-widget": "slider"}), "eform_schema.widget"),
        (_form(a={"type": "integer", "title": "A", "minimum": 5, "maximum": 1}), "eform_schema.range"),
        (_form(a={"type": "number", "title": "A", "multipleOf": 0}), "eform_schema.multiple_of"),
        (_form(a={"type": "integer", "title": "A", "default": "một"}), "eform_schema.default"),
        (_form(a={"type": "array", "title": "A", "items": {"type": "string"}}), "eform_schema.items"),
        (
            _form(
                a={
                    "type": "array",
                    "title": "A",
                    "maxItems": 50,
                    "items": {"type": "object", "properties": {"b": {"type": "string", "title": "B"}}},
                }
            ),
            "eform_schema.too_many_rows",
        ),
        (
            _form(
                a={
                    "type": "array",
                    "title": "A",
                    "items": {
                        "type": "object",
                        "properties": {
                            "b": {
                                "type": "object",
                                "title": "B",
                                "properties": {"c": {"type": "string", "title": "C"}},
                            }
                        },
                    },
                }
            ),
            "eform_schema.nested_in_row",
        ),
        (_form(**{"Ho-ten": {"type": "string", "title": "A"}}), "eform_schema.property_name"),
        (_form(ho__ten={"type": "string", "title": "A"}), "eform_schema.property_name"),
        ({**_form(a={"type": "string", "title": "A"}), "required": ["b"]}, "eform_schema.required_unknown"),
        ({**_form(a={"type": "string", "title": "A"}), "x-order": ["a", "b"]}, "eform_schema.order"),
        (
            {**_form(a={"type": "string", "title": "A"}), "additionalProperties": True},
            "eform_schema.additional_properties",
        ),
        (
            {
                **_form(a={"type": "string", "title": "A"}),
                "$schema": "http://json-schema.org/draft-07/schema#",
            },
            "eform_schema.draft",
        ),
        ({"type": "object", "title": "Tờ khai", "properties": {}}, "eform_schema.no_properties"),
    ],
)
def test_unsupported_schema_is_refused_with_a_stable_code(schema: dict[str, Any], code: str) -> None:
    assert code in _codes(schema)


def test_problem_names_the_property_and_speaks_vietnamese() -> None:
    schema = _form(
        father={
            "type": "object",
            "title": "Cha",
            "properties": {"phone": {"type": "string", "title": "Điện thoại", "format": "phone"}},
        }
    )
    [problem] = check_schema(schema)
    assert problem.pointer == "/properties/father/properties/phone/format"
    assert problem.location == "father.phone"
    assert "«format» chỉ nhận: date, email" in problem.message_vi
    assert str(problem).startswith("«father.phone»: ")


def test_groups_nested_too_deep_are_refused() -> None:
    leaf = {"type": "string", "title": "X"}
    deep = {"type": "object", "title": "D", "properties": {"x": leaf}}
    for _ in range(3):
        deep = {"type": "object", "title": "D", "properties": {"d": deep}}
    assert "eform_schema.too_deep" in _codes(_form(d=deep))


def test_require_valid_schema_raises_a_validation_error_on_the_schema_field() -> None:
    with pytest.raises(EformSchemaInvalid) as caught:
        require_valid_schema(_form(a={"type": "string", "title": "A", "const": "x"}))
    assert caught.value.field == "eform_schema"
    assert caught.value.code == "procedures.eform_schema_invalid"
    assert "«const»" in caught.value.message_vi
    assert len(caught.value.details["problems"]) == 1


def test_property_order_follows_x_order_when_keys_were_reordered() -> None:
    schema = with_property_order(
        _form(zeta={"type": "string", "title": "Z"}, alpha={"type": "string", "title": "A"})
    )
    assert schema["x-order"] == ["zeta", "alpha"]
    reordered = {**schema, "properties": dict(sorted(schema["properties"].items()))}
    assert [node.name for node in parse(reordered).children] == ["zeta", "alpha"]


def test_property_order_is_recorded_inside_groups_and_rows() -> None:
    schema = with_property_order(
        _form(
            group={
                "type": "object",
                "title": "G",
                "properties": {"b": {"type": "string", "title": "B"}, "a": {"type": "string", "title": "A"}},
            },
            rows={
                "type": "array",
                "title": "R",
                "items": {
                    "type": "object",
                    "properties": {
                        "y": {"type": "string", "title": "Y"},
                        "x": {"type": "string", "title": "X"},
                    },
                },
            },
        )
    )
    assert schema["properties"]["group"]["x-order"] == ["b", "a"]
    assert schema["properties"]["rows"]["items"]["x-order"] == ["y", "x"]
    assert check_schema(schema) == []


def test_a_list_without_max_items_shows_three_rows_or_min_items() -> None:
    row = {"type": "object", "properties": {"n": {"type": "string", "title": "N"}}}
    tree = parse(
        _form(
            a={"type": "array", "title": "A", "items": row},
            b={"type": "array", "title": "B", "minItems": 4, "items": row},
        )
    )
    a, b = tree.children
    assert isinstance(a, Repeat) and a.rows == 3
    assert isinstance(b, Repeat) and b.rows == 4
    assert isinstance(a.item.children[0], Leaf)
