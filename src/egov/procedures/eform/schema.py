"""The tree of fields an e-form schema describes (`Group` of `Leaf`, `Group` and `Repeat`), which the
form builder, the validator and the summary walk in the order the editor wrote the properties.

Pure Python, no Django. What a schema may contain is checked by `egov.procedures.eform.subset`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from egov.procedures.eform.subset import DEFAULT_ROWS, PATH_SEPARATOR, require_valid_schema
from egov.procedures.eform.subset import check_schema as check_schema  # imported from here by the importer

LeafKind = Literal["string", "integer", "number", "boolean", "choice", "choices"]


@dataclass(frozen=True)
class Choice:
    value: str | int | float
    label: str


@dataclass(frozen=True)
class Leaf:
    """One input: text, number, date, yes/no box, a choice or a set of check boxes."""

    name: str
    kind: LeafKind
    schema: Mapping[str, Any]
    required: bool
    choices: tuple[Choice, ...] = ()

    @property
    def title(self) -> str:
        return str(self.schema.get("title", self.name))

    @property
    def description(self) -> str:
        return str(self.schema.get("description", ""))

    @property
    def value_type(self) -> str:
        """The JSON type of the value (of each item, for check boxes)."""
        if self.kind == "choices":
            return "string"
        return str(self.schema["type"])


@dataclass(frozen=True)
class Group:
    """An object: the root form, a fieldset of a nested object, or one row of a list."""

    name: str
    schema: Mapping[str, Any]
    required: bool
    children: tuple[Node, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return str(self.schema.get("title", self.name))

    @property
    def description(self) -> str:
        return str(self.schema.get("description", ""))

    def child(self, name: str) -> Node | None:
        return next((node for node in self.children if node.name == name), None)


@dataclass(frozen=True)
class Repeat:
    """A list of objects (e.g. family members), shown as a fixed number of repeated fieldsets."""

    name: str
    schema: Mapping[str, Any]
    required: bool
    item: Group
    min_items: int
    max_items: int | None

    @property
    def title(self) -> str:
        return str(self.schema.get("title", self.name))

    @property
    def description(self) -> str:
        return str(self.schema.get("description", ""))

    @property
    def rows(self) -> int:
        """How many rows the form shows when nothing has been filled in yet."""
        if self.max_items is not None:
            return self.max_items
        return max(self.min_items, DEFAULT_ROWS)


Node = Leaf | Group | Repeat


# --- Property order -----------------------------------------------------------------------------


def ordered_properties(node: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """An object's properties in the editor's order: `x-order` when present (PostgreSQL's jsonb does
    not keep the order of keys), else the order of `properties`."""
    properties = node.get("properties", {})
    order = node.get("x-order")
    names = [name for name in order if name in properties] if isinstance(order, list) else list(properties)
    return [(name, properties[name]) for name in names]


def with_property_order(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `schema` where every object records its property order in `x-order`, so the order
    survives storage in a PostgreSQL jsonb column. Call it before saving a schema."""
    result: dict[str, Any] = dict(schema)
    if isinstance(schema.get("properties"), Mapping):
        result["properties"] = {
            name: with_property_order(child) if isinstance(child, Mapping) else child
            for name, child in ordered_properties(schema)
        }
        result["x-order"] = list(result["properties"])
    if isinstance(schema.get("items"), Mapping):
        result["items"] = with_property_order(schema["items"])
    return result


# --- Tree ---------------------------------------------------------------------------------------


def _choices(node: Mapping[str, Any]) -> tuple[Choice, ...]:
    labels: Sequence[str] = node.get("x-enumLabels") or [str(value) for value in node["enum"]]
    return tuple(Choice(value, label) for value, label in zip(node["enum"], labels, strict=True))


def _node(name: str, node: Mapping[str, Any], required: bool) -> Node:
    kind = node["type"]
    if kind == "object":
        return _group(name, node, required)
    if kind == "array":
        items = node["items"]
        if items.get("type") == "object":
            return Repeat(
                name,
                node,
                required,
                item=_group(name, items, True),
                min_items=int(node.get("minItems", 0)),
                max_items=node.get("maxItems"),
            )
        return Leaf(name, "choices", node, required, _choices(items))
    if "enum" in node:
        return Leaf(name, "choice", node, required, _choices(node))
    return Leaf(name, kind, node, required)


def _group(name: str, node: Mapping[str, Any], required: bool) -> Group:
    required_names = set(node.get("required", []))
    children = tuple(_node(child, spec, child in required_names) for child, spec in ordered_properties(node))
    return Group(name, node, required, children)


def parse(schema: Mapping[str, Any]) -> Group:
    """The tree of a schema; raises EformSchemaInvalid if it leaves the supported subset."""
    require_valid_schema(schema)
    return _group("", schema, True)


def field_name(path: Sequence[str | int]) -> str:
    """The form field name of a document path: ``("members", 0, "name")`` → ``members__0__name``."""
    return PATH_SEPARATOR.join(str(part) for part in path)
