"""The supported subset of JSON Schema (draft 2020-12) for a procedure's e-form (tờ khai điện tử):
`check_schema` lists, in Vietnamese for catalogue editors, every way a schema leaves it, before a
version is published. Pure Python, no Django.

The subset is documented for editors in docs/bieu-mau-dien-tu.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from egov.core.errors import ValidationFailed

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
PROPERTY_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
PROPERTY_NAME_MAX_LENGTH = 50
MAX_OBJECT_DEPTH = 3
"""Root object, a nested object, and one more level (a fieldset inside a fieldset)."""
MAX_PROPERTIES = 200
MAX_ROWS = 20
"""At most this many repeated rows for a list of objects (the form shows them all, without JavaScript)."""
DEFAULT_ROWS = 3
"""Rows shown for a list of objects without `maxItems` (at least `minItems`)."""
PATH_SEPARATOR = "__"

STRING_FORMATS = ("date", "email")
X_FORMATS = ("citizen_id", "phone")

_ANNOTATIONS = frozenset({"title", "description", "$comment"})
_OBJECT_KEYWORDS = _ANNOTATIONS | {"type", "properties", "required", "x-order", "additionalProperties"}
_ROOT_KEYWORDS = _OBJECT_KEYWORDS | {"$schema", "$id"}
_STRING_KEYWORDS = _ANNOTATIONS | {
    "type", "default", "format", "x-format", "minLength", "maxLength", "pattern", "x-patternMessage",
    "enum", "x-enumLabels", "x-widget", "x-placeholder",
}  # fmt: skip
_NUMBER_KEYWORDS = _ANNOTATIONS | {
    "type", "default", "minimum", "maximum", "multipleOf", "enum", "x-enumLabels", "x-widget",
    "x-placeholder",
}  # fmt: skip
_BOOLEAN_KEYWORDS = _ANNOTATIONS | {"type", "default"}
_ARRAY_KEYWORDS = _ANNOTATIONS | {"type", "items", "minItems", "maxItems", "uniqueItems"}
_CHOICE_ITEM_KEYWORDS = frozenset({"type", "enum", "x-enumLabels", "$comment"})


@dataclass(frozen=True)
class Problem:
    """Something in a schema outside the supported subset. `pointer` is the JSON pointer of the
    offending keyword (``/properties/father/properties/phone/format``); `location` the property
    path an editor recognises (``father.phone``, empty for the root)."""

    pointer: str
    location: str
    code: str
    message_vi: str
    message_en: str

    def __str__(self) -> str:
        where = f"«{self.location}»" if self.location else "gốc biểu mẫu"
        return f"{where}: {self.message_vi}"


class EformSchemaInvalid(ValidationFailed):
    """The e-form schema of a version uses something outside the supported subset."""

    code = "procedures.eform_schema_invalid"
    message_vi = "Biểu mẫu điện tử (JSON Schema) chưa hợp lệ."
    message_en = "The e-form schema (JSON Schema) is not valid."


# --- Checking -----------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.property_count = 0

    def add(self, pointer: str, location: str, code: str, message_vi: str, message_en: str) -> None:
        self.problems.append(Problem(pointer, location, f"eform_schema.{code}", message_vi, message_en))

    def unknown_keywords(self, node: Mapping[str, Any], allowed: frozenset[str], ptr: str, loc: str) -> None:
        for keyword in node:
            if keyword not in allowed:
                self.add(
                    f"{ptr}/{keyword}",
                    loc,
                    "unsupported_keyword",
                    f"Từ khoá «{keyword}» không được hỗ trợ ở đây; xem danh sách từ khoá được hỗ trợ "
                    "trong hướng dẫn biểu mẫu điện tử.",
                    f"The keyword '{keyword}' is not supported here.",
                )

    def text(self, node: Mapping[str, Any], keyword: str, ptr: str, loc: str) -> None:
        if keyword in node and not isinstance(node[keyword], str):
            self.add(
                f"{ptr}/{keyword}",
                loc,
                "not_text",
                f"«{keyword}» phải là một chuỗi văn bản.",
                f"'{keyword}' must be a string.",
            )

    def obj(
        self, node: Any, ptr: str, loc: str, *, depth: int, root: bool = False, in_row: bool = False
    ) -> None:
        if not isinstance(node, Mapping):
            self.add(ptr, loc, "not_object", "Phải là một đối tượng JSON.", "Must be a JSON object.")
            return
        if node.get("type") != "object":
            self.add(
                f"{ptr}/type",
                loc,
                "root_not_object" if root else "type_not_object",
                "Gốc biểu mẫu phải có «type»: «object»." if root else "Nhóm phải có «type»: «object».",
                "The root must have type 'object'." if root else "A group must have type 'object'.",
            )
        if depth > MAX_OBJECT_DEPTH:
            self.add(
                ptr,
                loc,
                "too_deep",
                f"Chỉ được lồng nhóm thông tin tối đa {MAX_OBJECT_DEPTH} cấp.",
                f"Groups may be nested at most {MAX_OBJECT_DEPTH} levels deep.",
            )
            return
        self.unknown_keywords(node, frozenset(_ROOT_KEYWORDS if root else _OBJECT_KEYWORDS), ptr, loc)
        for keyword in ("title", "description", "$comment", "$id"):
            self.text(node, keyword, ptr, loc)
        if root and "$schema" in node and node["$schema"] != DRAFT_2020_12:
            self.add(
                f"{ptr}/$schema",
                loc,
                "draft",
                f"Chỉ hỗ trợ JSON Schema bản 2020-12 («$schema»: «{DRAFT_2020_12}»).",
                f"Only JSON Schema draft 2020-12 is supported ('{DRAFT_2020_12}').",
            )
        if "additionalProperties" in node and node["additionalProperties"] is not False:
            self.add(
                f"{ptr}/additionalProperties",
                loc,
                "additional_properties",
                "«additionalProperties» chỉ được đặt là false (không nhận trường ngoài danh sách).",
                "'additionalProperties' may only be false.",
            )
        properties = node.get("properties", {})
        if not isinstance(properties, Mapping) or not properties:
            self.add(
                f"{ptr}/properties",
                loc,
                "no_properties",
                "Nhóm phải có «properties» với ít nhất một trường.",
                "A group needs 'properties' with at least one field.",
            )
            properties = {}
        required = node.get("required", [])
        if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
            self.add(
                f"{ptr}/required",
                loc,
                "required_not_list",
                "«required» phải là danh sách tên trường.",
                "'required' must be a list of field names.",
            )
        else:
            for name in required:
                if name not in properties:
                    self.add(
                        f"{ptr}/required",
                        loc,
                        "required_unknown",
                        f"«required» nêu trường «{name}» không có trong «properties».",
                        f"'required' names '{name}', which is not in 'properties'.",
                    )
            if len(set(required)) != len(required):
                self.add(
                    f"{ptr}/required",
                    loc,
                    "required_repeated",
                    "«required» có tên trùng lặp.",
                    "Repeated names.",
                )
        if "x-order" in node:
            order = node["x-order"]
            if not isinstance(order, list) or sorted(map(str, order)) != sorted(properties):
                self.add(
                    f"{ptr}/x-order",
                    loc,
                    "order",
                    "«x-order» phải liệt kê đúng mỗi trường trong «properties» một lần.",
                    "'x-order' must list each property exactly once.",
                )
        for name, child in properties.items():
            child_ptr = f"{ptr}/properties/{name}"
            child_loc = f"{loc}.{name}" if loc else name
            self.property_count += 1
            if not PROPERTY_NAME.match(name) or len(name) > PROPERTY_NAME_MAX_LENGTH:
                self.add(
                    child_ptr,
                    child_loc,
                    "property_name",
                    "Tên trường chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới đơn, bắt đầu bằng chữ "
                    f"(ví dụ «ho_ten»), tối đa {PROPERTY_NAME_MAX_LENGTH} ký tự.",
                    "A field name is lower-case ASCII letters, digits and single underscores, starting "
                    "with a letter.",
                )
            self.property(child, child_ptr, child_loc, depth=depth, in_row=in_row)
        if root and self.property_count > MAX_PROPERTIES:
            self.add(
                ptr,
                loc,
                "too_many",
                f"Biểu mẫu có quá nhiều trường (tối đa {MAX_PROPERTIES}).",
                f"Too many fields (at most {MAX_PROPERTIES}).",
            )

    def property(self, node: Any, ptr: str, loc: str, *, depth: int, in_row: bool) -> None:
        if not isinstance(node, Mapping):
            self.add(ptr, loc, "not_object", "Phải là một đối tượng JSON.", "Must be a JSON object.")
            return
        if not isinstance(node.get("title"), str) or not node["title"].strip():
            self.add(
                f"{ptr}/title",
                loc,
                "no_title",
                "Trường phải có «title»: nhãn tiếng Việt hiển thị cho người khai.",
                "A field needs a 'title': the label shown to the applicant.",
            )
        kind = node.get("type")
        items = node.get("items")
        if in_row and (
            kind == "object" or (kind == "array" and isinstance(items, Mapping) and "enum" not in items)
        ):
            self.add(
                f"{ptr}/type",
                loc,
                "nested_in_row",
                "Mỗi dòng của danh sách chỉ gồm các trường đơn hoặc ô đánh dấu "
                "(không lồng nhóm hay danh sách nhiều dòng).",
                "A row of a list holds only simple fields or check boxes (no nested group or list of rows).",
            )
            return
        if kind == "object":
            self.obj(node, ptr, loc, depth=depth + 1)
        elif kind == "array":
            self.array(node, ptr, loc, depth=depth)
        elif kind == "string":
            self.scalar(node, _STRING_KEYWORDS, ptr, loc)
            self.string(node, ptr, loc)
        elif kind in ("integer", "number"):
            self.scalar(node, _NUMBER_KEYWORDS, ptr, loc)
            self.number(node, ptr, loc)
        elif kind == "boolean":
            self.scalar(node, _BOOLEAN_KEYWORDS, ptr, loc)
        else:
            self.add(
                f"{ptr}/type",
                loc,
                "type",
                "«type» phải là một trong: string, integer, number, boolean, object, array.",
                "'type' must be one of string, integer, number, boolean, object, array.",
            )

    def scalar(self, node: Mapping[str, Any], allowed: frozenset[str] | set[str], ptr: str, loc: str) -> None:
        self.unknown_keywords(node, frozenset(allowed), ptr, loc)
        for keyword in ("description", "$comment", "x-placeholder", "x-patternMessage"):
            self.text(node, keyword, ptr, loc)
        if "enum" in node:
            self.enum(node, ptr, loc)
        widget = node.get("x-widget")
        if widget is not None:
            allowed_widgets = ("select", "radio") if "enum" in node else ("textarea",)
            if widget not in allowed_widgets or (widget == "textarea" and node.get("type") != "string"):
                self.add(
                    f"{ptr}/x-widget",
                    loc,
                    "widget",
                    "«x-widget» chỉ nhận «select» hoặc «radio» (trường có «enum») hay «textarea» "
                    "(trường văn bản).",
                    "'x-widget' is select or radio (with enum) or textarea (text).",
                )
        if "default" in node and not _matches_type(node["default"], str(node["type"])):
            self.add(
                f"{ptr}/default",
                loc,
                "default",
                "Giá trị mặc định «default» không đúng kiểu của trường.",
                "'default' does not have the field's type.",
            )

    def enum(self, node: Mapping[str, Any], ptr: str, loc: str) -> None:
        values = node["enum"]
        kind = str(node.get("type"))
        if (
            not isinstance(values, list)
            or not values
            or not all(_matches_type(value, kind) for value in values)
            or len({repr(value) for value in values}) != len(values)
            or "" in values
        ):
            self.add(
                f"{ptr}/enum",
                loc,
                "enum",
                "«enum» phải là danh sách không rỗng các giá trị khác nhau, đúng kiểu của trường "
                "(không có chuỗi rỗng).",
                "'enum' must be a non-empty list of distinct values of the field's type (no empty string).",
            )
            return
        labels = node.get("x-enumLabels")
        if labels is not None and (
            not isinstance(labels, list)
            or len(labels) != len(values)
            or not all(isinstance(label, str) and label.strip() for label in labels)
        ):
            self.add(
                f"{ptr}/x-enumLabels",
                loc,
                "enum_labels",
                "«x-enumLabels» phải là danh sách nhãn (chuỗi), đúng bằng số giá trị của «enum».",
                "'x-enumLabels' must be one label (string) per value of 'enum'.",
            )
        for keyword in ("format", "x-format", "pattern", "minLength", "maxLength", "minimum", "maximum"):
            if keyword in node:
                self.add(
                    f"{ptr}/{keyword}",
                    loc,
                    "enum_with_constraint",
                    f"Trường có «enum» không dùng thêm «{keyword}».",
                    f"A field with 'enum' takes no '{keyword}'.",
                )

    def string(self, node: Mapping[str, Any], ptr: str, loc: str) -> None:
        if "format" in node and node["format"] not in STRING_FORMATS:
            self.add(
                f"{ptr}/format",
                loc,
                "format",
                f"«format» chỉ nhận: {', '.join(STRING_FORMATS)}.",
                f"'format' is one of: {', '.join(STRING_FORMATS)}.",
            )
        if "x-format" in node and node["x-format"] not in X_FORMATS:
            self.add(
                f"{ptr}/x-format",
                loc,
                "x_format",
                f"«x-format» chỉ nhận: {', '.join(X_FORMATS)}.",
                f"'x-format' is one of: {', '.join(X_FORMATS)}.",
            )
        if "format" in node and "x-format" in node:
            self.add(
                f"{ptr}/x-format",
                loc,
                "two_formats",
                "Không dùng đồng thời «format» và «x-format».",
                "Use either 'format' or 'x-format'.",
            )
        if node.get("x-widget") == "textarea" and ("format" in node or "x-format" in node):
            self.add(
                f"{ptr}/x-widget",
                loc,
                "textarea_format",
                "Ô nhập nhiều dòng không dùng với «format».",
                "A textarea takes no format.",
            )
        for keyword in ("minLength", "maxLength"):
            if keyword in node and (not _is_int(node[keyword]) or node[keyword] < 0):
                self.add(
                    f"{ptr}/{keyword}",
                    loc,
                    "length",
                    f"«{keyword}» phải là số nguyên không âm.",
                    f"'{keyword}' must be a non-negative integer.",
                )
        if (
            _is_int(node.get("minLength"))
            and _is_int(node.get("maxLength"))
            and node["minLength"] > node["maxLength"]
        ):
            self.add(
                f"{ptr}/minLength",
                loc,
                "length_range",
                "«minLength» lớn hơn «maxLength».",
                "'minLength' is above 'maxLength'.",
            )
        if "pattern" in node:
            try:
                re.compile(node["pattern"])
            except (re.error, TypeError):
                self.add(
                    f"{ptr}/pattern",
                    loc,
                    "pattern",
                    "«pattern» không phải biểu thức chính quy hợp lệ.",
                    "'pattern' is not a valid regular expression.",
                )

    def number(self, node: Mapping[str, Any], ptr: str, loc: str) -> None:
        kind = str(node["type"])
        for keyword in ("minimum", "maximum", "multipleOf"):
            if keyword in node and not _matches_type(
                node[keyword], "integer" if kind == "integer" else "number"
            ):
                self.add(
                    f"{ptr}/{keyword}",
                    loc,
                    "number_bound",
                    f"«{keyword}» phải là một số" + (" nguyên." if kind == "integer" else "."),
                    f"'{keyword}' must be a number.",
                )
        if "multipleOf" in node and _is_number(node["multipleOf"]) and node["multipleOf"] <= 0:
            self.add(
                f"{ptr}/multipleOf", loc, "multiple_of", "«multipleOf» phải lớn hơn 0.", "Must be positive."
            )
        low, high = node.get("minimum"), node.get("maximum")
        if _is_number(low) and _is_number(high) and low > high:
            self.add(
                f"{ptr}/minimum",
                loc,
                "range",
                "«minimum» lớn hơn «maximum».",
                "'minimum' is above 'maximum'.",
            )

    def array(self, node: Mapping[str, Any], ptr: str, loc: str, *, depth: int) -> None:
        self.unknown_keywords(node, frozenset(_ARRAY_KEYWORDS), ptr, loc)
        for keyword in ("description", "$comment"):
            self.text(node, keyword, ptr, loc)
        for keyword in ("minItems", "maxItems"):
            if keyword in node and (not _is_int(node[keyword]) or node[keyword] < 0):
                self.add(
                    f"{ptr}/{keyword}",
                    loc,
                    "items_count",
                    f"«{keyword}» phải là số nguyên không âm.",
                    f"'{keyword}' must be a non-negative integer.",
                )
        low, high = node.get("minItems", 0), node.get("maxItems")
        if _is_int(low) and _is_int(high) and low > high:
            self.add(
                f"{ptr}/minItems",
                loc,
                "items_range",
                "«minItems» lớn hơn «maxItems».",
                "minItems > maxItems.",
            )
        if "uniqueItems" in node and not isinstance(node["uniqueItems"], bool):
            self.add(
                f"{ptr}/uniqueItems", loc, "unique", "«uniqueItems» phải là true/false.", "Must be a boolean."
            )
        items = node.get("items")
        items_ptr = f"{ptr}/items"
        if isinstance(items, Mapping) and items.get("type") == "string" and "enum" in items:
            self.unknown_keywords(items, _CHOICE_ITEM_KEYWORDS, items_ptr, loc)
            self.enum(items, items_ptr, loc)
        elif isinstance(items, Mapping) and items.get("type") == "object":
            if _is_int(high) and high > MAX_ROWS:
                self.add(
                    f"{ptr}/maxItems",
                    loc,
                    "too_many_rows",
                    f"Danh sách nhiều dòng chỉ hiển thị tối đa {MAX_ROWS} dòng («maxItems» ≤ {MAX_ROWS}).",
                    f"A list of rows shows at most {MAX_ROWS} rows.",
                )
            if not _is_int(high) and _is_int(low) and low > MAX_ROWS:
                self.add(
                    f"{ptr}/minItems",
                    loc,
                    "too_many_rows",
                    f"«minItems» tối đa {MAX_ROWS}.",
                    f"At most {MAX_ROWS}.",
                )
            self.obj(items, items_ptr, loc, depth=depth + 1, in_row=True)
        else:
            self.add(
                items_ptr,
                loc,
                "items",
                "Danh sách chỉ hỗ trợ «items» là chuỗi có «enum» (ô đánh dấu) "
                "hoặc «object» (các dòng lặp lại).",
                "'items' must be a string with 'enum' (check boxes) or an object (repeated rows).",
            )


def _matches_type(value: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return _is_int(value) or (isinstance(value, float) and value.is_integer())
    if kind == "number":
        return _is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    return False


def check_schema(schema: Any) -> list[Problem]:
    """Every way `schema` leaves the supported subset, in Vietnamese (and English); empty if the
    schema can be rendered and validated. An empty schema (``{}``) means "no e-form" and is accepted.
    """
    if isinstance(schema, Mapping) and not schema:
        return []
    checker = _Checker()
    checker.obj(schema, "", "", depth=1, root=True)
    return checker.problems


def require_valid_schema(schema: Any) -> None:
    """Raise EformSchemaInvalid (field ``eform_schema``) listing the problems, if there are any.
    Call it before publishing a version."""
    problems = check_schema(schema)
    if problems:
        raise EformSchemaInvalid(
            "Biểu mẫu điện tử chưa hợp lệ: " + "; ".join(str(problem) for problem in problems),
            message_en="The e-form schema is not valid: "
            + "; ".join(f"{p.location or 'root'}: {p.message_en}" for p in problems),
            field="eform_schema",
            problems=problems,
        )
