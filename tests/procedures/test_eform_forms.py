"""The Django form built from an e-form schema: inputs, fieldsets, repeated rows, typed document,
errors beside the fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

import egov.procedures
from egov.procedures.eform import EformSchemaInvalid, build_form, parse, summarize

EXAMPLE = json.loads(
    (Path(egov.procedures.__file__).parent / "data" / "eform_examples" / "khai_sinh.json").read_text()
)

SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Tờ khai",
    "properties": {
        "name": {
            "type": "string",
            "title": "Họ tên",
            "description": "Ghi bằng chữ in hoa có dấu.",
            "x-placeholder": "NGUYỄN VĂN A",
            "maxLength": 50,
        },
        "born": {"type": "string", "title": "Ngày sinh", "format": "date"},
        "tel": {"type": "string", "title": "Điện thoại", "x-format": "phone"},
        "count": {"type": "integer", "title": "Số bản", "minimum": 1, "default": 1},
        "area": {"type": "number", "title": "Diện tích (m²)"},
        "agree": {"type": "boolean", "title": "Nhận kết quả qua bưu chính"},
        "sex": {
            "type": "string",
            "title": "Giới tính",
            "enum": ["nam", "nu"],
            "x-enumLabels": ["Nam", "Nữ"],
            "x-widget": "radio",
        },
        "papers": {
            "type": "array",
            "title": "Giấy tờ kèm theo",
            "items": {"type": "string", "enum": ["cccd", "hk"], "x-enumLabels": ["Căn cước", "Hộ khẩu"]},
        },
        "members": {
            "type": "array",
            "title": "Thành viên hộ gia đình",
            "maxItems": 4,
            "items": {
                "type": "object",
                "title": "Thành viên",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "title": "Họ tên"},
                    "age": {"type": "integer", "title": "Tuổi"},
                },
            },
        },
    },
    "required": ["name", "sex"],
}


def _post(**values: Any) -> dict[str, Any]:
    return {"name": "Lan", "sex": "nu", "count": "1", **values}


def test_fields_are_named_by_their_path_in_schema_order() -> None:
    form = build_form(SCHEMA)
    assert list(form.fields)[:8] == ["name", "born", "tel", "count", "area", "agree", "sex", "papers"]
    assert [name for name in form.fields if name.startswith("members")] == [
        f"members__{row}__{field}" for row in range(4) for field in ("name", "age")
    ]


def test_labels_help_placeholder_and_required_mark_come_from_the_schema() -> None:
    html = render_to_string("procedures/eform/form.html", {"form": build_form(SCHEMA)})
    assert "Họ tên" in html and "Ghi bằng chữ in hoa có dấu." in html
    assert 'placeholder="NGUYỄN VĂN A"' in html and 'maxlength="50"' in html
    assert 'type="date"' in html and 'type="tel"' in html
    assert 'type="radio"' in html and 'type="checkbox"' in html
    assert "<legend><strong>Thành viên hộ gia đình</strong>" in html
    assert "<legend><strong>Thành viên 4</strong>" in html
    assert "<script" not in html and "style=" not in html
    assert " required" not in html  # the server checks; the browser does not block
    assert html.count('class="field__required"') >= 2


def test_a_valid_post_gives_a_typed_nested_document() -> None:
    form = build_form(
        SCHEMA,
        _post(
            born="25/12/2024",
            tel="+84 912 345 678",
            area="12,5",
            agree="on",
            papers=["hk", "cccd"],
            members__0__name="An",
            members__0__age="7",
            members__2__name="Bình",
        ),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_document() == {
        "name": "Lan",
        "born": "2024-12-25",
        "tel": "0912345678",
        "count": 1,
        "area": 12.5,
        "agree": True,
        "sex": "nu",
        "papers": ["cccd", "hk"],
        "members": [{"name": "An", "age": 7}, {"name": "Bình"}],
    }


def test_blank_rows_are_left_out_and_an_unticked_box_is_false() -> None:
    form = build_form(SCHEMA, _post(members__1__name="", members__3__age=""))
    assert form.is_valid(), form.errors
    document = form.cleaned_document()
    assert "members" not in document and document["agree"] is False


def test_an_error_in_a_later_row_is_shown_on_that_row() -> None:
    form = build_form(SCHEMA, _post(members__0__name="An", members__2__age="7"))
    assert not form.is_valid()
    assert form.errors == {"members__2__name": ["Vui lòng nhập thông tin này."]}


def test_errors_are_printed_beside_their_field_and_in_the_summary() -> None:
    form = build_form(SCHEMA, _post(name="", tel="123", count="hai"))
    assert not form.is_valid()
    assert set(form.errors) == {"name", "tel", "count"}
    assert form.errors["count"] == ["Giá trị phải là số nguyên, ví dụ 3."]
    html = render_to_string("procedures/eform/form.html", {"form": form})
    assert 'id="id_tel_error"' in html
    assert 'aria-invalid="true"' in html
    assert '<a href="#id_name">Họ tên: Vui lòng nhập thông tin này.</a>' in html


def test_a_list_error_is_shown_at_the_top_of_its_fieldset() -> None:
    schema = json.loads(json.dumps(SCHEMA))
    schema["properties"]["members"]["minItems"] = 2
    form = build_form(schema, _post(members__0__name="An"))
    assert not form.is_valid()
    assert form.group_errors == {"members": ["Cần khai ít nhất 2 dòng."]}
    html = render_to_string("procedures/eform/form.html", {"form": form})
    assert 'id="nhom-members-error"' in html
    assert '<a href="#nhom-members">Thành viên hộ gia đình: Cần khai ít nhất 2 dòng.</a>' in html


def test_more_rows_are_shown_when_a_document_has_more_than_the_default() -> None:
    schema = json.loads(json.dumps(SCHEMA))
    del schema["properties"]["members"]["maxItems"]
    assert (
        len([n for n in build_form(schema).fields if n.endswith("__name") and n.startswith("members")]) == 3
    )
    document = {"name": "Lan", "sex": "nu", "members": [{"name": f"Người {i}"} for i in range(5)]}
    form = build_form(schema, initial=document)
    assert "members__4__name" in form.fields
    assert form["members__4__name"].value() == "Người 4"


def test_defaults_fill_an_empty_form_but_do_not_make_an_optional_group_filled() -> None:
    form = build_form(EXAMPLE)
    assert form["father__nationality"].value() == "Việt Nam"
    assert form["extract_copies"].value() == 1
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "")}
    bound = build_form(EXAMPLE, data)
    assert not bound.is_valid()
    assert not any(name.startswith("father__") for name in bound.errors)
    assert "mother__full_name" in bound.errors


def test_messages_follow_the_active_language() -> None:
    with translation.override("en"):
        form = build_form(SCHEMA, _post(name=""))
        form.is_valid()
    assert form.errors["name"] == ["Please fill this in."]


def test_a_schema_outside_the_subset_cannot_build_a_form() -> None:
    with pytest.raises(EformSchemaInvalid):
        build_form({"type": "object", "title": "X", "properties": {"a": {"type": "string"}}})


def test_cleaned_document_refuses_an_invalid_form() -> None:
    form = build_form(SCHEMA, _post(name=""))
    with pytest.raises(ValueError, match="not valid"):
        form.cleaned_document()


def test_summary_shows_labels_and_human_values() -> None:
    document = {
        "name": "Lan",
        "born": "2024-12-25",
        "sex": "nu",
        "agree": False,
        "area": 12.5,
        "papers": ["cccd", "hk"],
        "members": [{"name": "An"}],
    }
    lines = summarize(parse(SCHEMA), document)
    values = {line.label: line.value for line in lines}
    assert values["Ngày sinh"] == "25/12/2024"
    assert values["Giới tính"] == "Nữ"
    assert values["Nhận kết quả qua bưu chính"] == "Không"
    assert values["Diện tích (m²)"] == "12,5"
    assert values["Giấy tờ kèm theo"] == "Căn cước; Hộ khẩu"
    members = next(line for line in lines if line.label == "Thành viên hộ gia đình")
    assert members.children[0].label == "Thành viên 1"
    assert members.children[0].children[0].value == "An"
