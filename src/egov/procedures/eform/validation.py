"""Validate a declaration (the JSON document an applicant filled in) against its e-form schema with
`jsonschema` (Draft 2020-12, formats checked), and say what is wrong in Vietnamese beside the field
it belongs to.

Pure Python, no Django. Our own keyword `x-format` checks citizen id numbers (Thông tư 59/2021/TT-BCA)
and Vietnamese phone numbers with the rules of `egov.accounts.rules`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from egov.accounts import rules as identity
from egov.core.errors import ValidationFailed
from egov.procedures.eform.schema import Group, Leaf, Node, Repeat, field_name, parse

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FORMAT_CHECKER = FormatChecker(formats=())


@_FORMAT_CHECKER.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _ISO_DATE.match(value):
        return False
    dt.date.fromisoformat(value)
    return True


@_FORMAT_CHECKER.checks("email", raises=ValidationFailed)
def _is_email(value: object) -> bool:
    if isinstance(value, str):
        identity.normalize_email(value)
    return True


_X_FORMATS = {"citizen_id": identity.normalize_citizen_id, "phone": identity.normalize_phone}


def _x_format(
    validator: Any, kind: str, instance: object, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    check = _X_FORMATS.get(kind)
    if check is None or not isinstance(instance, str):
        return
    try:
        check(instance)
    except ValidationFailed as error:
        yield ValidationError(error.message_en, cause=error)


def _multiple_of(
    validator: Any, step: object, instance: object, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """Decimal arithmetic, so 0.3 is a multiple of 0.1 (binary floats say it is not)."""
    if not validator.is_type(instance, "number"):
        return
    try:
        remainder = Decimal(str(instance)) % Decimal(str(step))
    except (InvalidOperation, ArithmeticError):
        remainder = Decimal(1)
    if remainder != 0:
        yield ValidationError(f"{instance!r} is not a multiple of {step}")


EformValidator = validators.extend(
    Draft202012Validator, {"x-format": _x_format, "multipleOf": _multiple_of}, type_checker=None
)


def _order(error: ValidationError) -> int:
    priority = ("required", "type", "format", "x-format", "enum", "minLength", "maxLength", "pattern")
    return priority.index(str(error.validator)) if error.validator in priority else len(priority)


# --- Messages -----------------------------------------------------------------------------------

_TYPE_NAMES = {
    "string": ("chuỗi văn bản", "text"),
    "integer": ("số nguyên", "a whole number"),
    "number": ("số", "a number"),
    "boolean": ("có hoặc không", "yes or no"),
    "object": ("nhóm thông tin", "a group"),
    "array": ("danh sách", "a list"),
}


def _number(value: object) -> str:
    """A number as Vietnamese writes it: decimal comma, no trailing zeros."""
    text = format(Decimal(str(value)).normalize(), "f") if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def _required_message(node: Node | None) -> tuple[str, str]:
    if isinstance(node, Leaf) and node.kind in ("choice", "choices"):
        return "Vui lòng chọn thông tin này.", "Please choose a value."
    if isinstance(node, Repeat):
        return "Vui lòng khai ít nhất một dòng.", "Please fill in at least one row."
    if isinstance(node, Group):
        return "Vui lòng khai nhóm thông tin này.", "Please fill in this group."
    return "Vui lòng nhập thông tin này.", "Please fill this in."


def _message(error: ValidationError, node: Node | None) -> tuple[str, str, str]:
    """(code, Vietnamese, English) for one jsonschema error about `node`."""
    kind, value, schema = str(error.validator), error.validator_value, error.schema
    schema = schema if isinstance(schema, Mapping) else {}
    if kind == "minLength":
        return kind, f"Cần nhập ít nhất {value} ký tự.", f"Enter at least {value} characters."
    if kind == "maxLength":
        length = len(error.instance) if isinstance(error.instance, str) else 0
        return (
            kind,
            f"Không được quá {value} ký tự (đang có {length}).",
            f"At most {value} characters ({length} entered).",
        )
    if kind == "pattern":
        custom = schema.get("x-patternMessage")
        if custom:
            return kind, str(custom), "The value does not have the required form."
        return kind, "Giá trị không đúng định dạng yêu cầu.", "The value does not have the required form."
    if kind == "minimum":
        return kind, f"Giá trị phải lớn hơn hoặc bằng {_number(value)}.", f"Must be at least {value}."
    if kind == "maximum":
        return kind, f"Giá trị phải nhỏ hơn hoặc bằng {_number(value)}.", f"Must be at most {value}."
    if kind == "multipleOf":
        return kind, f"Giá trị phải là bội số của {_number(value)}.", f"Must be a multiple of {value}."
    if kind == "enum":
        return kind, "Giá trị đã chọn không có trong danh sách.", "The chosen value is not in the list."
    if kind == "format" and value == "date":
        return (
            "format_date",
            "Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2024.",
            "Not a valid date (day/month/year).",
        )
    if kind == "format" and value == "email":
        return (
            "format_email",
            "Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.vn).",
            "Not an e-mail.",
        )
    if kind == "x-format" and isinstance(error.cause, ValidationFailed):
        return f"x_format_{value}", error.cause.message_vi, error.cause.message_en
    if kind == "type":
        name_vi, name_en = _TYPE_NAMES.get(str(value), (str(value), str(value)))
        return kind, f"Giá trị phải là {name_vi}.", f"Must be {name_en}."
    if kind == "minItems":
        if isinstance(node, Repeat):
            return kind, f"Cần khai ít nhất {value} dòng.", f"Fill in at least {value} rows."
        return kind, f"Cần chọn ít nhất {value} mục.", f"Choose at least {value} items."
    if kind == "maxItems":
        if isinstance(node, Repeat):
            return kind, f"Chỉ được khai tối đa {value} dòng.", f"At most {value} rows."
        return kind, f"Chỉ được chọn tối đa {value} mục.", f"Choose at most {value} items."
    if kind == "uniqueItems":
        return kind, "Các mục không được trùng nhau.", "Items must not repeat."
    if kind == "additionalProperties":
        return kind, "Có thông tin không thuộc tờ khai.", "Holds data that is not part of the form."
    return "invalid", "Giá trị không hợp lệ.", "The value is not valid."


# --- Mapping errors back to fields --------------------------------------------------------------


def _locate(tree: Group, path: Sequence[str | int]) -> tuple[Node | None, list[str | int]]:
    """The deepest node of the tree along `path`, and the path of that node (a form field for a
    Leaf, a fieldset for a Group or Repeat)."""
    node: Node = tree
    located: list[str | int] = []
    parts = list(path)
    while parts:
        part = parts.pop(0)
        if isinstance(node, Group) and isinstance(part, str) and node.child(part) is not None:
            child = node.child(part)
            assert child is not None
            node = child
            located.append(part)
        elif isinstance(node, Repeat) and isinstance(part, int):
            located.append(part)
            node = node.item
        else:
            break
    return node, located


def _is_group(node: Node | None) -> bool:
    return not isinstance(node, Leaf)


def _failure(
    code: str, message_vi: str, message_en: str, path: list[str | int], node: Node | None
) -> ValidationFailed:
    return ValidationFailed(
        message_vi,
        code=f"eform.{code}",
        message_en=message_en,
        field=field_name(path),
        path=tuple(path),
        group=_is_group(node),
    )


def validate_document(schema: Mapping[str, Any], document: Any) -> list[ValidationFailed]:
    """What is wrong with `document`: at most one error per field (or per fieldset), each a
    ValidationFailed whose `field` is the form field name (``father__phone``, ``members__0__name``,
    empty for the whole form) and whose details say the document `path` and whether it is a
    `group` (fieldset) rather than one input."""
    tree = parse(schema)
    validator = EformValidator(schema, format_checker=_FORMAT_CHECKER)
    failures: dict[str, ValidationFailed] = {}
    for error in sorted(validator.iter_errors(document), key=_order):
        path = list(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, Mapping):
            for name in error.validator_value:
                if name in error.instance or error.message != f"{name!r} is a required property":
                    continue
                node, located = _locate(tree, [*path, name])
                code_vi_en = _required_message(node)
                failures.setdefault(field_name(located), _failure("required", *code_vi_en, located, node))
            continue
        node, located = _locate(tree, path)
        code, message_vi, message_en = _message(error, node)
        failures.setdefault(field_name(located), _failure(code, message_vi, message_en, located, node))
    return list(failures.values())
