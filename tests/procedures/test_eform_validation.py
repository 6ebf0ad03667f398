"""Validating a declaration with jsonschema: each common keyword gives a Vietnamese message on the
field it belongs to."""

from __future__ import annotations

from typing import Any

import pytest

from egov.procedures.eform import validate_document

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Tờ khai",
    "properties": {
        "name": {"type": "string", "title": "Họ tên", "minLength": 2, "maxLength": 5},
        "code": {"type": "string", "title": "Mã", "pattern": "^[0-9]{3}$"},
        "plot": {
            "type": "string",
            "title": "Thửa",
            "pattern": "^[0-9]+$",
            "x-patternMessage": "Chỉ gồm chữ số.",
        },
        "born": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "mail": {"type": "string", "title": "Thư", "format": "email"},
        "cid": {"type": "string", "title": "Số định danh", "x-format": "citizen_id"},
        "tel": {"type": "string", "title": "Điện thoại", "x-format": "phone"},
        "sex": {"type": "string", "title": "Giới tính", "enum": ["nam", "nu"]},
        "count": {"type": "integer", "title": "Số bản", "minimum": 1, "maximum": 10},
        "area": {"type": "number", "title": "Diện tích", "multipleOf": 0.1},
        "papers": {
            "type": "array",
            "title": "Giấy tờ",
            "minItems": 2,
            "maxItems": 3,
            "uniqueItems": True,
            "items": {"type": "string", "enum": ["a", "b", "c", "d"]},
        },
        "father": {
            "type": "object",
            "title": "Cha",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "title": "Họ tên"},
                "tel": {"type": "string", "title": "Điện thoại", "x-format": "phone"},
            },
        },
        "members": {
            "type": "array",
            "title": "Thành viên",
            "minItems": 1,
            "maxItems": 2,
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "title": "Tên"},
                    "age": {"type": "integer", "title": "Tuổi", "minimum": 0},
                },
            },
        },
    },
    "required": ["name", "sex", "father"],
}
VALID: dict[str, Any] = {"name": "Lan", "sex": "nu", "father": {"name": "Hùng"}}


def _errors(**changes: Any) -> dict[str, tuple[str, str]]:
    document = {**VALID, **changes}
    return {
        error.field or "": (error.code, error.message_vi) for error in validate_document(SCHEMA, document)
    }


def test_a_valid_declaration_has_no_error() -> None:
    assert validate_document(SCHEMA, VALID) == []


def test_missing_required_field_is_reported_on_that_field() -> None:
    document = {key: value for key, value in VALID.items() if key != "name"}
    [error] = validate_document(SCHEMA, document)
    assert error.field == "name"
    assert error.code == "eform.required"
    assert error.message_vi == "Vui lòng nhập thông tin này."


def test_missing_choice_asks_to_choose() -> None:
    document = {key: value for key, value in VALID.items() if key != "sex"}
    assert {e.field: e.message_vi for e in validate_document(SCHEMA, document)} == {
        "sex": "Vui lòng chọn thông tin này."
    }


def test_missing_field_inside_a_group_is_named_by_its_path() -> None:
    errors = _errors(father={"tel": "0912345678"})
    assert errors == {"father__name": ("eform.required", "Vui lòng nhập thông tin này.")}


@pytest.mark.parametrize(
    ("changes", "field", "code", "message"),
    [
        ({"name": "L"}, "name", "eform.minLength", "Cần nhập ít nhất 2 ký tự."),
        ({"name": "Nguyễn"}, "name", "eform.maxLength", "Không được quá 5 ký tự (đang có 6)."),
        ({"code": "12a"}, "code", "eform.pattern", "Giá trị không đúng định dạng yêu cầu."),
        ({"plot": "12a"}, "plot", "eform.pattern", "Chỉ gồm chữ số."),
        (
            {"born": "2024-02-30"},
            "born",
            "eform.format_date",
            "Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2024.",
        ),
        ({"born": "20240201"}, "born", "eform.format_date", None),
        (
            {"mail": "lan@"},
            "mail",
            "eform.format_email",
            "Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.vn).",
        ),
        (
            {"cid": "12345"},
            "cid",
            "eform.x_format_citizen_id",
            "Số định danh cá nhân phải gồm đúng 12 chữ số.",
        ),
        (
            {"cid": "999090012345"},
            "cid",
            "eform.x_format_citizen_id",
            "Ba chữ số đầu (999) không phải mã tỉnh, thành phố hợp lệ.",
        ),
        ({"tel": "12345"}, "tel", "eform.x_format_phone", None),
        ({"sex": "khac"}, "sex", "eform.enum", "Giá trị đã chọn không có trong danh sách."),
        ({"count": 0}, "count", "eform.minimum", "Giá trị phải lớn hơn hoặc bằng 1."),
        ({"count": 11}, "count", "eform.maximum", "Giá trị phải nhỏ hơn hoặc bằng 10."),
        ({"count": "3"}, "count", "eform.type", "Giá trị phải là số nguyên."),
        ({"count": 2.5}, "count", "eform.type", "Giá trị phải là số nguyên."),
        ({"area": 0.25}, "area", "eform.multipleOf", "Giá trị phải là bội số của 0,1."),
        ({"papers": ["a"]}, "papers", "eform.minItems", "Cần chọn ít nhất 2 mục."),
        ({"papers": ["a", "b", "c", "d"]}, "papers", "eform.maxItems", "Chỉ được chọn tối đa 3 mục."),
        ({"papers": ["a", "a"]}, "papers", "eform.uniqueItems", "Các mục không được trùng nhau."),
        ({"papers": ["a", "z"]}, "papers", "eform.enum", "Giá trị đã chọn không có trong danh sách."),
        ({"members": []}, "members", "eform.minItems", "Cần khai ít nhất 1 dòng."),
        ({"members": [{"name": "A"}] * 3}, "members", "eform.maxItems", "Chỉ được khai tối đa 2 dòng."),
        ({"members": [{"name": "A"}, {"age": -1}]}, "members__1__age", "eform.minimum", None),
        ({"father": "Hùng"}, "father", "eform.type", "Giá trị phải là nhóm thông tin."),
    ],
)
def test_each_keyword_gives_a_vietnamese_message_on_its_field(
    changes: dict[str, Any], field: str, code: str, message: str | None
) -> None:
    errors = _errors(**changes)
    assert field in errors, errors
    assert errors[field][0] == code
    if message is not None:
        assert errors[field][1] == message


def test_multiple_of_a_decimal_step_uses_decimal_arithmetic() -> None:
    assert _errors(area=0.3) == {}
    assert _errors(area=12.7) == {}


def test_a_row_missing_a_required_field_is_reported_on_that_row_and_field() -> None:
    errors = _errors(members=[{"name": "A"}, {"age": 3}])
    assert set(errors) == {"members__1__name"}


def test_only_one_message_per_field_the_most_basic_first() -> None:
    errors = validate_document(SCHEMA, {**VALID, "code": 12})
    assert [(e.field, e.code) for e in errors] == [("code", "eform.type")]


def test_each_error_has_an_english_message_too() -> None:
    [error] = validate_document(SCHEMA, {**VALID, "count": 0})
    assert error.message("en") == "Must be at least 1."
    assert error.details == {"path": ("count",), "group": False}


def test_a_missing_required_group_is_a_group_error() -> None:
    document = {key: value for key, value in VALID.items() if key != "father"}
    [error] = validate_document(SCHEMA, document)
    assert (error.field, error.details["group"]) == ("father", True)
    assert error.message_vi == "Vui lòng khai nhóm thông tin này."


def test_unknown_properties_are_refused_when_additional_properties_is_false() -> None:
    schema = {**SCHEMA, "additionalProperties": False}
    [error] = validate_document(schema, {**VALID, "extra": 1})
    assert (error.field, error.code) == ("", "eform.additionalProperties")
