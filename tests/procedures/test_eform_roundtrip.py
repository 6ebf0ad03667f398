"""Properties of e-forms over generated schemas of the supported subset and generated valid documents:
a valid document passes; document → form → rendered HTML → what a browser posts → the same document;
breaking one constraint of one field gives an error on exactly that field."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from django.http import QueryDict
from django.template.loader import render_to_string
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from egov.accounts.rules import CITIZEN_ID_PROVINCE_CODES
from egov.procedures.eform import build_form, check_schema, parse, validate_document
from egov.procedures.eform.schema import Group, Leaf, Repeat, field_name

# --- What a browser posts -----------------------------------------------------------------------


class _Submission(HTMLParser):
    """The name/value pairs a browser sends for the first form in a page (HTML 'constructing the
    entry list'): text inputs and textareas always, check boxes and radios when checked, the selected
    option of a select (the first one when none is)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        has = {key for key, _value in attrs}
        if tag == "input" and "name" in a and a["name"] != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in has:
                    self.pairs.append((a["name"], a.get("value", "on") if "value" in has else "on"))
            elif kind not in ("submit", "button"):
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option":
            self._option_value = a["value"] if "value" in has else None
            self._option_selected = "selected" in has
            self._option_text = ""
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data
        elif self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            self._options.append((value, self._option_selected))
            self._option_value = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or [self._options[0][0]]
            self.pairs.append((self._select, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.pairs.append((self._textarea, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None


def posted(html: str) -> QueryDict:
    parser = _Submission()
    parser.feed(html)
    data = QueryDict(mutable=True)
    for name, value in parser.pairs:
        data.appendlist(name, value)
    return data


def render(form: Any) -> str:
    return render_to_string("procedures/eform/form.html", {"form": form})


# --- Generated schemas --------------------------------------------------------------------------

TITLES = st.sampled_from(["Họ và tên", "Ngày sinh", "Số lượng", "Ghi chú", "Địa chỉ", "Quê quán", "Số tiền"])
PATTERNS = {"^[0-9]{5}$": st.text("0123456789", min_size=5, max_size=5), "^[A-Z]{2}-[0-9]{3}$": None}
TEXT_ALPHABET = "abcxyzĐđăâêôơưáàảãạệỹ ABC012<>&\"'-,."


def _leaf_schemas(draw: st.DrawFn) -> dict[str, Any]:
    title = draw(TITLES)
    kind = draw(
        st.sampled_from(
            [
                "text",
                "text",
                "textarea",
                "pattern",
                "date",
                "email",
                "citizen_id",
                "phone",
                "enum",
                "integer",
                "number",
                "boolean",
                "choices",
            ]
        )
    )
    if kind in ("text", "textarea"):
        schema: dict[str, Any] = {"type": "string", "title": title}
        low = draw(st.integers(0, 3))
        if low:
            schema["minLength"] = low
        if draw(st.booleans()):
            schema["maxLength"] = draw(st.integers(max(low, 1) + 2, 30))
        if kind == "textarea":
            schema["x-widget"] = "textarea"
        return schema
    if kind == "pattern":
        return {"type": "string", "title": title, "pattern": draw(st.sampled_from(sorted(PATTERNS)))}
    if kind in ("date", "email"):
        return {"type": "string", "title": title, "format": kind}
    if kind in ("citizen_id", "phone"):
        return {"type": "string", "title": title, "x-format": kind}
    if kind in ("enum", "choices"):
        values = draw(
            st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=2, max_size=5, unique=True)
        )
        labels = [f"Lựa chọn {value.upper()}" for value in values]
        if kind == "enum":
            schema = {"type": "string", "title": title, "enum": values, "x-enumLabels": labels}
            if draw(st.booleans()):
                schema["x-widget"] = draw(st.sampled_from(["select", "radio"]))
            return schema
        schema = {
            "type": "array",
            "title": title,
            "uniqueItems": True,
            "items": {"type": "string", "enum": values, "x-enumLabels": labels},
        }
        low = draw(st.integers(0, 2))
        if low:
            schema["minItems"] = low
        if draw(st.booleans()):
            schema["maxItems"] = draw(st.integers(max(low, 1), len(values)))
        return schema
    if kind in ("integer", "number"):
        schema = {"type": kind, "title": title}
        if draw(st.booleans()):
            schema["minimum"] = draw(st.integers(-50, 10))
        if draw(st.booleans()):
            schema["maximum"] = draw(st.integers(20, 500))
        if draw(st.booleans()):
            schema["multipleOf"] = draw(
                st.sampled_from([2, 5]) if kind == "integer" else st.sampled_from([0.5, 0.1])
            )
        return schema
    return {"type": "boolean", "title": title}


@st.composite
def leaf_schemas(draw: st.DrawFn) -> dict[str, Any]:
    return _leaf_schemas(draw)


NAMES = st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True)


@st.composite
def object_schemas(draw: st.DrawFn, *, depth: int, in_row: bool = False) -> dict[str, Any]:
    children = leaf_schemas()
    if not in_row and depth < 2:
        children = st.one_of(
            leaf_schemas(),
            leaf_schemas(),
            object_schemas(depth=depth + 1),
            object_schemas(depth=depth + 1, in_row=True).map(
                lambda item: {"type": "array", "title": "Danh sách", "items": item}
            ),
        )
    properties = draw(st.dictionaries(NAMES, children, min_size=1, max_size=5))
    required = [name for name in properties if draw(st.booleans())]
    schema: dict[str, Any] = {"type": "object", "title": draw(TITLES), "properties": properties}
    if required:
        schema["required"] = required
    for spec in properties.values():
        if spec["type"] == "array" and spec["items"]["type"] == "object":
            low = draw(st.integers(0, 2))
            if low:
                spec["minItems"] = low
            if draw(st.booleans()):
                spec["maxItems"] = draw(st.integers(max(low, 1), 4))
    return schema


# --- Generated valid documents ------------------------------------------------------------------


def _text(draw: st.DrawFn, schema: dict[str, Any]) -> str:
    low = max(schema.get("minLength", 0), 1)
    high = schema.get("maxLength", 20)
    alphabet = TEXT_ALPHABET + ("\n" if schema.get("x-widget") == "textarea" else "")
    return draw(
        st.text(alphabet, min_size=low, max_size=high).filter(lambda s: s == s.strip() and len(s) >= low)
    )


def _citizen_id(draw: st.DrawFn) -> str:
    year = draw(st.integers(1930, 2020))
    female = draw(st.booleans())
    century = (0 if year < 2000 else 2) + int(female)
    province = draw(st.sampled_from(sorted(CITIZEN_ID_PROVINCE_CODES)))
    return f"{province}{century}{year % 100:02d}{draw(st.integers(0, 999_999)):06d}"


def _number(draw: st.DrawFn, schema: dict[str, Any]) -> int | float:
    low, high = schema.get("minimum", -1000), schema.get("maximum", 1000)
    step = Decimal(str(schema.get("multipleOf", 1 if schema["type"] == "integer" else "0.01")))
    first, last = math.ceil(Decimal(low) / step), math.floor(Decimal(high) / step)
    value = Decimal(draw(st.integers(first, last))) * step
    return int(value) if schema["type"] == "integer" or value == value.to_integral_value() else float(value)


def leaf_value(draw: st.DrawFn, leaf: Leaf) -> Any:
    schema = dict(leaf.schema)
    if leaf.kind == "boolean":
        return draw(st.booleans())
    if leaf.kind == "choice":
        return draw(st.sampled_from([choice.value for choice in leaf.choices]))
    if leaf.kind == "choices":
        values = [choice.value for choice in leaf.choices]
        low = max(schema.get("minItems", 0), 1)
        high = schema.get("maxItems", len(values))
        picked = set(draw(st.lists(st.sampled_from(values), min_size=low, max_size=high, unique=True)))
        return [value for value in values if value in picked]
    if leaf.kind in ("integer", "number"):
        return _number(draw, schema)
    if schema.get("format") == "date":
        return draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))).isoformat()
    if schema.get("format") == "email":
        return draw(st.from_regex(r"[a-z][a-z0-9]{0,4}(\.[a-z0-9]{1,4})?@[a-z]{1,10}\.vn", fullmatch=True))
    if schema.get("x-format") == "citizen_id":
        return _citizen_id(draw)
    if schema.get("x-format") == "phone":
        return "09" + draw(st.text("0123456789", min_size=8, max_size=8))
    if schema.get("pattern") == "^[0-9]{5}$":
        return draw(st.text("0123456789", min_size=5, max_size=5))
    if schema.get("pattern") == "^[A-Z]{2}-[0-9]{3}$":
        return draw(st.from_regex(r"[A-Z]{2}-[0-9]{3}", fullmatch=True))
    return _text(draw, schema)


def _filled(node: Group, value: dict[str, Any]) -> bool:
    for child in node.children:
        if child.name not in value:
            continue
        item = value[child.name]
        if isinstance(child, Leaf) and (child.kind != "boolean" or item):
            return True
        if isinstance(child, Group) and _filled(child, item):
            return True
        if isinstance(child, Repeat):
            return True
    return False


def group_value(draw: st.DrawFn, group: Group) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for node in group.children:
        if isinstance(node, Leaf):
            if node.kind == "boolean" or node.required or draw(st.booleans()):
                value[node.name] = leaf_value(draw, node)
        elif isinstance(node, Group):
            if node.required:
                value[node.name] = group_value(draw, node)
            elif draw(st.booleans()):
                child = group_value(draw, node)
                if _filled(node, child):
                    value[node.name] = child
        else:
            low = max(node.min_items, 1 if node.required else 0)
            count = draw(st.integers(low, max(low, node.rows)))
            rows = [group_value(draw, node.item) for _ in range(count)]
            rows = [row for row in rows if _filled(node.item, row)]
            if len(rows) >= max(node.min_items, 1):
                value[node.name] = rows
            elif node.required or node.min_items:
                return draw(st.nothing())
    return value


@st.composite
def schemas_and_documents(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = draw(object_schemas(depth=0))
    return schema, group_value(draw, parse(schema))


PROPERTIES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


@PROPERTIES
@given(schemas_and_documents())
def test_generated_schemas_are_within_the_subset_and_valid_documents_pass(case: tuple[dict, dict]) -> None:
    schema, document = case
    assert check_schema(schema) == []
    assert validate_document(schema, document) == []


@PROPERTIES
@given(schemas_and_documents())
def test_document_survives_form_render_and_post(case: tuple[dict, dict]) -> None:
    schema, document = case
    event(f"lists of rows: {sum(1 for node in parse(schema).children if isinstance(node, Repeat))}")
    data = posted(render(build_form(schema, initial=document)))
    form = build_form(schema, data)
    assert form.is_valid(), (form.errors, form.group_errors)
    assert form.cleaned_document() == document


# --- Breaking one field -------------------------------------------------------------------------


def _breakages(leaf: Leaf, *, blank_allowed: bool) -> list[str | list[str]]:
    schema = leaf.schema
    options: list[str | list[str]] = []
    if leaf.required and blank_allowed and leaf.kind != "boolean":
        options.append([] if leaf.kind == "choices" else "")
    if leaf.kind == "choice":
        options.append("khong-co")
    elif leaf.kind == "choices":
        values = [str(choice.value) for choice in leaf.choices]
        if schema.get("maxItems", len(values)) < len(values):
            options.append(values)
        if schema.get("minItems", 0) >= 2:
            options.append(values[:1])
    elif leaf.kind in ("integer", "number"):
        options.append("mười")
        if "minimum" in schema:
            options.append(str(schema["minimum"] - 1))
        if "maximum" in schema:
            options.append(str(schema["maximum"] + 1))
        if schema.get("multipleOf") in (2, 5):
            options.append(str(schema.get("maximum", 100) - 1))
        if schema.get("multipleOf") in (0.5, 0.1):
            options.append("0,05")
    elif leaf.kind == "string":
        if schema.get("format") == "date":
            options.append("31/02/2024")
        elif schema.get("format") == "email":
            options.append("khong-phai-thu")
        elif "x-format" in schema:
            options.append("12345")
        elif "pattern" in schema:
            options.append("??")
        if schema.get("maxLength"):
            options.append("x" * (schema["maxLength"] + 1))
        if schema.get("minLength", 0) >= 2:
            options.append("x")
    return options


def _candidates(group: Group, value: dict[str, Any], path: list[str | int], blank_allowed: bool) -> list:
    found: list[tuple[str, Leaf, bool]] = []
    for node in group.children:
        child_path = [*path, node.name]
        if isinstance(node, Leaf):
            found.append((field_name(child_path), node, blank_allowed))
        elif isinstance(node, Group) and node.name in value:
            found += _candidates(node, value[node.name], child_path, blank_allowed and node.required)
        elif isinstance(node, Repeat) and node.name in value:
            for row, item in enumerate(value[node.name]):
                found += _candidates(node.item, item, [*child_path, row], False)
    return found


@PROPERTIES
@given(case=schemas_and_documents(), data=st.data())
def test_breaking_one_constraint_errs_on_exactly_that_field(
    case: tuple[dict, dict], data: st.DataObject
) -> None:
    schema, document = case
    choices = [
        (name, broken)
        for name, leaf, blank_allowed in _candidates(parse(schema), document, [], True)
        for broken in _breakages(leaf, blank_allowed=blank_allowed)
    ]
    event(f"breakable fields: {min(len(choices), 3)}{'+' if len(choices) >= 3 else ''}")
    if not choices:
        return
    name, broken = data.draw(st.sampled_from(choices))
    event(f"broken: {'blank' if broken in ('', []) else 'row field' if '__0__' in name else 'value'}")
    post = posted(render(build_form(schema, initial=document)))
    if isinstance(broken, list):
        post.setlist(name, broken)
    else:
        post[name] = broken
    form = build_form(schema, post)
    assert not form.is_valid()
    assert set(form.errors) == {name}, (name, broken, form.errors)
    assert form.group_errors == {}
