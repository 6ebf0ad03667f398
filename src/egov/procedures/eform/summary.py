"""What an applicant declared, as labelled lines for a confirmation page (pure Python, no Django)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from egov.procedures.eform.schema import Group, Leaf, Repeat


@dataclass(frozen=True)
class Line:
    """A label and the value shown for it, or the lines of a group (a nested object or a row)."""

    label: str
    value: str = ""
    children: tuple[Line, ...] = field(default_factory=tuple)


def _label_of(leaf: Leaf, value: Any) -> str:
    for choice in leaf.choices:
        if choice.value == value:
            return choice.label
    return str(value)


def _display(leaf: Leaf, value: Any) -> str:
    if leaf.kind == "boolean":
        return gettext("Có") if value else gettext("Không")
    if leaf.kind == "choice":
        return _label_of(leaf, value)
    if leaf.kind == "choices":
        return "; ".join(_label_of(leaf, item) for item in value)
    if leaf.schema.get("format") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f").replace(".", ",")
    return str(value)


def summarize(tree: Group, document: Mapping[str, Any]) -> tuple[Line, ...]:
    """The declared values in the order of the form; what was left blank is not listed."""
    lines: list[Line] = []
    for node in tree.children:
        if node.name not in document:
            continue
        value = document[node.name]
        if isinstance(node, Leaf):
            lines.append(Line(node.title, _display(node, value)))
        elif isinstance(node, Group):
            lines.append(Line(node.title, children=summarize(node, value)))
        elif isinstance(node, Repeat):
            row_title = node.item.schema.get("title") or node.title
            rows = tuple(
                Line(f"{row_title} {index}", children=summarize(node.item, item))
                for index, item in enumerate(value, start=1)
            )
            lines.append(Line(node.title, children=rows))
    return tuple(lines)
