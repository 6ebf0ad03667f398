"""A Django form built from a procedure's e-form schema: one input per leaf of the schema, named by
its path (``father__phone``, ``members__0__name``), grouped into fieldsets for nested objects and
repeated rows for lists, working without JavaScript.

Every constraint is checked by `jsonschema` on the document the form produces (`cleaned_document`),
so the messages are the same whether a declaration comes from this form or, later, from the API;
the form fields themselves only turn text into typed values. Errors land beside the input they
belong to, or at the top of the fieldset for a group or a list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import get_language

from egov.accounts import rules as identity
from egov.core.errors import ValidationFailed
from egov.procedures.eform.schema import (
    Group,
    Leaf,
    Node,
    Repeat,
    field_name,
    parse,
)
from egov.procedures.eform.subset import MAX_ROWS, PATH_SEPARATOR
from egov.procedures.eform.validation import validate_document


def _language_is_english() -> bool:
    return (get_language() or "vi").startswith("en")


def _pick(message_vi: str, message_en: str) -> str:
    return message_en if _language_is_english() else message_vi


# --- Fields -------------------------------------------------------------------------------------


class _SchemaField:
    """Fields of an e-form never refuse an empty or out-of-list value themselves: `required`
    (which draws the asterisk) and `enum` are checked by jsonschema, with our messages."""

    def validate(self, value: Any) -> None:
        return None


class TextField(_SchemaField, forms.CharField):
    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return text.replace("\r\n", "\n").replace("\r", "\n") if self.multiline else text


class NormalizedTextField(TextField):
    """Text kept in its canonical form when it is valid (a citizen id without spaces, a phone number
    in national form); an invalid value is kept as typed so jsonschema explains what is wrong."""

    def __init__(self, *, normalize: Any, **kwargs: Any) -> None:
        self.normalize = normalize
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return text
        try:
            return str(self.normalize(text))
        except ValidationFailed:
            return text


class NumberField(_SchemaField, forms.Field):
    """An integer or a decimal number; a decimal comma is accepted (Vietnamese writes 2,5)."""

    def __init__(self, *, integer: bool, **kwargs: Any) -> None:
        self.integer = integer
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | float | None:
        text = str(value if value is not None else "").strip().replace(" ", "")
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > Decimal("1e15"):
            raise forms.ValidationError(self._invalid_message(), code="type")
        if number == number.to_integral_value():
            return int(number)
        if self.integer:
            raise forms.ValidationError(self._invalid_message(), code="type")
        return float(number)

    def _invalid_message(self) -> str:
        if self.integer:
            return _pick("Giá trị phải là số nguyên, ví dụ 3.", "Must be a whole number.")
        return _pick("Giá trị phải là số, ví dụ 2,5.", "Must be a number.")


class DateField(_SchemaField, forms.Field):
    """A date typed as dd/mm/yyyy or sent by a date picker as yyyy-mm-dd; kept as an ISO string."""

    widget = forms.DateInput

    def to_python(self, value: Any) -> str | None:
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date().isoformat()
            except ValueError:
                continue
        raise forms.ValidationError(
            _pick(
                "Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 25/12/2024.",
                "Not a valid date (day/month/year).",
            ),
            code="format_date",
        )


class ChoiceField(_SchemaField, forms.ChoiceField):
    def __init__(self, *, integer: bool = False, **kwargs: Any) -> None:
        self.integer = integer
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str | int:
        text = super().to_python(value)
        if self.integer and re.fullmatch(r"-?\d+", text):
            return int(text)
        return text


class ChoicesField(_SchemaField, forms.MultipleChoiceField):
    pass


class YesNoField(_SchemaField, forms.BooleanField):
    pass


def _attrs(leaf: Leaf) -> dict[str, Any]:
    schema = leaf.schema
    attrs: dict[str, Any] = {}
    if "x-placeholder" in schema:
        attrs["placeholder"] = schema["x-placeholder"]
    if "maxLength" in schema:
        attrs["maxlength"] = schema["maxLength"]
    return attrs


def _form_field(leaf: Leaf) -> forms.Field:
    """The Django field of one leaf of the schema."""
    schema = leaf.schema
    common: dict[str, Any] = {
        "label": leaf.title,
        "help_text": leaf.description,
        "required": leaf.required,
    }
    if "default" in schema:
        common["initial"] = schema["default"]
    if leaf.kind == "boolean":
        return YesNoField(**common)
    if leaf.kind == "choices":
        choices = [(str(choice.value), choice.label) for choice in leaf.choices]
        return ChoicesField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if leaf.kind == "choice":
        choices = [(str(choice.value), choice.label) for choice in leaf.choices]
        if schema.get("x-widget") == "radio":
            widget: forms.Widget = forms.RadioSelect
        else:
            choices = [("", _pick("— Chọn —", "— Choose —")), *choices]
            widget = forms.Select
        return ChoiceField(choices=choices, widget=widget, integer=schema["type"] == "integer", **common)
    if leaf.kind in ("integer", "number"):
        attrs = _attrs(leaf)
        for keyword, attribute in (("minimum", "min"), ("maximum", "max"), ("multipleOf", "step")):
            if keyword in schema:
                attrs[attribute] = schema[keyword]
        if leaf.kind == "number":
            attrs.setdefault("step", "any")
            attrs["inputmode"] = "decimal"
        else:
            attrs["inputmode"] = "numeric"
        # A text input: number inputs refuse "2,5" in some browsers before the server sees it.
        return NumberField(integer=leaf.kind == "integer", widget=forms.TextInput(attrs=attrs), **common)
    attrs = _attrs(leaf)
    if schema.get("format") == "date":
        return DateField(widget=forms.DateInput(attrs={**attrs, "type": "date"}, format="%Y-%m-%d"), **common)
    if schema.get("format") == "email":
        return NormalizedTextField(
            normalize=identity.normalize_email,
            widget=forms.EmailInput(attrs={**attrs, "autocomplete": "email"}),
            **common,
        )
    if schema.get("x-format") == "phone":
        return NormalizedTextField(
            normalize=identity.normalize_phone,
            widget=forms.TextInput(attrs={**attrs, "type": "tel"}),
            **common,
        )
    if schema.get("x-format") == "citizen_id":
        return NormalizedTextField(
            normalize=identity.normalize_citizen_id,
            widget=forms.TextInput(attrs={**attrs, "inputmode": "numeric"}),
            **common,
        )
    if schema.get("x-widget") == "textarea":
        return TextField(multiline=True, widget=forms.Textarea(attrs={**attrs, "rows": 4}), **common)
    return TextField(widget=forms.TextInput(attrs=attrs), **common)


# --- Layout -------------------------------------------------------------------------------------


@dataclass
class Section:
    """A fieldset in the rendered form: a nested object, a list, or one row of a list."""

    kind: str  # "group" | "list" | "row"
    path: str
    title: str
    description: str
    required: bool
    items: list[Section | str]
    form: EformForm | None = None

    @property
    def dom_id(self) -> str:
        return f"nhom-{self.path.replace(PATH_SEPARATOR, '-')}"

    @property
    def errors(self) -> list[str]:
        return self.form.group_errors.get(self.path, []) if self.form is not None else []

    def entries(self) -> Iterator[tuple[str, Any]]:
        """("field", bound field) or ("section", section) in order, for the template."""
        assert self.form is not None
        for item in self.items:
            if isinstance(item, Section):
                yield "section", item
            else:
                yield "field", self.form[item]


def _rows_in(data: Mapping[str, Any] | None, prefix: str) -> int:
    """How many rows a posted form had for the list at `prefix` (the highest row number plus one)."""
    if not data:
        return 0
    pattern = re.compile(rf"^{re.escape(prefix)}{PATH_SEPARATOR}(\d+){PATH_SEPARATOR}")
    rows = [int(match.group(1)) for key in data if (match := pattern.match(key))]
    return min(max(rows) + 1, MAX_ROWS) if rows else 0


# --- Form ---------------------------------------------------------------------------------------


class EformForm(forms.Form):
    """The form of one e-form schema. Use `build_form`."""

    use_required_attribute = False

    def __init__(self, *args: Any, tree: Group, schema: Mapping[str, Any], **kwargs: Any) -> None:
        self.tree = tree
        self.schema = schema
        self.group_errors: dict[str, list[str]] = {}
        self._document: dict[str, Any] | None = None
        self._row_of: dict[tuple[str | int, ...], int] = {}
        super().__init__(*args, **kwargs)
        self.layout = self._add(tree, [], self.data if self.is_bound else None, self.initial)

    def _add(
        self, group: Group, path: list[str | int], data: Mapping[str, Any] | None, initial: Mapping[str, Any]
    ) -> Section:
        section = Section(
            "group", field_name(path), group.title, group.description, group.required, [], form=self
        )
        for node in group.children:
            child_path = [*path, node.name]
            name = field_name(child_path)
            if isinstance(node, Leaf):
                self.fields[name] = _form_field(node)
                section.items.append(name)
            elif isinstance(node, Group):
                section.items.append(self._add(node, child_path, data, initial))
            else:
                rows = max(node.rows, _rows_in(data, self.add_prefix(name)), _rows_in(initial, name))
                listing = Section("list", name, node.title, node.description, node.required, [], form=self)
                for row in range(rows):
                    row_section = self._add(node.item, [*child_path, row], data, initial)
                    row_section.kind = "row"
                    row_section.title = f"{node.item.schema.get('title') or node.title} {row + 1}"
                    listing.items.append(row_section)
                section.items.append(listing)
        return section

    # Cleaning ---------------------------------------------------------------------------------

    def _collect(self, group: Group, path: list[str | int]) -> tuple[dict[str, Any], bool]:
        """The object of `group` from cleaned data, and whether anything in it was filled in. A value
        left at its default (an unticked box, a pre-filled "Việt Nam") does not count, so an optional
        group or a row that nobody touched is left out of the document."""
        result: dict[str, Any] = {}
        filled = False
        for node in group.children:
            child_path = [*path, node.name]
            name = field_name(child_path)
            if isinstance(node, Leaf):
                if name not in self.cleaned_data:
                    filled = filled or name in self.errors
                    continue
                value = self.cleaned_data[name]
                default = node.schema.get("default")
                if node.kind == "boolean":
                    result[node.name] = bool(value)
                    filled = filled or bool(value) != bool(default)
                elif node.kind == "choices":
                    order = {str(choice.value): index for index, choice in enumerate(node.choices)}
                    values = sorted(value or [], key=lambda item: order.get(item, len(order)))
                    if values:
                        result[node.name] = values
                        filled = True
                elif value not in (None, ""):
                    result[node.name] = value
                    filled = filled or value != default
            elif isinstance(node, Group):
                child, child_filled = self._collect(node, child_path)
                if child_filled or node.required:
                    result[node.name] = child
                    filled = filled or child_filled
            else:
                rows = []
                for row in range(_rows_in(self.fields, name)):
                    item, item_filled = self._collect(node.item, [*child_path, row])
                    if item_filled:
                        self._row_of[(*child_path, len(rows))] = row
                        rows.append(item)
                if rows:
                    result[node.name] = rows
                    filled = True
        return result, filled

    def _clean_form(self) -> None:
        super()._clean_form()
        document, _filled = self._collect(self.tree, [])
        self._document = document
        for failure in validate_document(self.schema, document):
            path = list(failure.details.get("path", ()))
            # A list's rows are numbered in the document without the blank rows of the form.
            for index in range(len(path)):
                if isinstance(path[index], int):
                    path[index] = self._row_of.get(tuple(path[: index + 1]), path[index])
            name = field_name(path)
            message = failure.message(get_language())
            if failure.details.get("group") or name not in self.fields:
                self.group_errors.setdefault(name, []).append(message)
            elif name not in self.errors:
                self.add_error(name, message)

    def is_valid(self) -> bool:
        return super().is_valid() and not self.group_errors

    @property
    def has_any_error(self) -> bool:
        return bool(self.errors or self.group_errors)

    def group_error_entries(self) -> list[tuple[str, str, str]]:
        """(fieldset id, title, message) of each error about a group or a list, for the summary."""
        entries = []
        for section in _sections(self.layout):
            for message in section.errors:
                entries.append((section.dom_id, section.title or str(self.tree.title), message))
        return entries

    def cleaned_document(self) -> dict[str, Any]:
        """The declaration as a JSON document (nested objects, lists, integers, dates as ISO
        strings, booleans), valid against the schema. Call after `is_valid()` returned True."""
        if self._document is None or not self.is_valid():
            raise ValueError("The e-form is not valid; check is_valid() first.")
        return self._document


def _sections(section: Section) -> Iterator[Section]:
    yield section
    for item in section.items:
        if isinstance(item, Section):
            yield from _sections(item)


def flatten(tree: Group, document: Mapping[str, Any], path: list[str | int] | None = None) -> dict[str, Any]:
    """The form's initial values for `document`: one entry per field name."""
    values: dict[str, Any] = {}
    for node in tree.children:
        child_path = [*(path or []), node.name]
        if node.name not in document:
            continue
        value = document[node.name]
        if isinstance(node, Leaf):
            values[field_name(child_path)] = (
                [str(item) for item in value] if node.kind == "choices" else value
            )
        elif isinstance(node, Group) and isinstance(value, Mapping):
            values.update(flatten(node, value, child_path))
        elif isinstance(node, Repeat) and isinstance(value, list):
            for row, item in enumerate(value[:MAX_ROWS]):
                if isinstance(item, Mapping):
                    values.update(flatten(node.item, item, [*child_path, row]))
    return values


def build_form(
    schema: Mapping[str, Any],
    data: Mapping[str, Any] | None = None,
    *,
    initial: Mapping[str, Any] | None = None,
    prefix: str | None = None,
) -> EformForm:
    """The Django form of an e-form schema, bound to posted `data` or showing the document `initial`.

    Raises EformSchemaInvalid if the schema leaves the supported subset (see `check_schema`)."""
    tree = parse(schema)
    flat = flatten(tree, initial) if initial else {}
    return EformForm(data, initial=flat, prefix=prefix, tree=tree, schema=schema)


def node_at(tree: Group, name: str) -> Node | None:
    """The node of the tree a field name refers to (row numbers skipped)."""
    node: Node | None = tree
    for part in name.split(PATH_SEPARATOR):
        if part.isdigit() and isinstance(node, Repeat):
            node = node.item
        elif isinstance(node, Group):
            node = node.child(part)
        else:
            return None
    return node
