"""The catalogue interchange document ("egov.procedures/1") as frozen dataclasses, read from and
written to JSON — plain Python, no Django.

``parse_json`` reads a decoded JSON document and returns the catalogue and *every* problem found in
it (a wrong type, an unknown or missing key, a bad date, decimal or choice…), each pointing at its
JSON path. ``to_json`` writes a catalogue back; ``parse_json(to_json(doc))`` gives ``doc`` again.

Each record keeps where it came from (``origin``: a JSON path, or an Excel sheet and row) so that
later checks can point at it; ``origin`` takes no part in equality.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any

from egov.procedures.interchange import columns as c

FORMAT = "egov.procedures/1"


@dataclass(frozen=True)
class Origin:
    """Where a record was read: ``place`` ("procedures[0].versions[1]" or "Thủ tục, dòng 5") and,
    for Excel, the header of each column key. ``broken`` marks a record with an unreadable value."""

    place: str = ""
    headers: Mapping[str, str] | None = None
    broken: bool = False

    def column(self, key: str) -> str:
        """How the problem report names a column: the Excel header, or the JSON key."""
        return self.headers.get(key, key) if self.headers else key


NOWHERE = Origin()


@dataclass(frozen=True)
class Problem:
    """One reason to refuse an import: where (JSON path or sheet and row), which column, why."""

    where: str
    column: str
    reason: str

    def __str__(self) -> str:
        column = f", cột “{self.column}”" if self.column else ""
        return (
            f"{self.where}{column}: {self.reason}"
            if self.where
            else f"{self.column or 'Tài liệu'}: {self.reason}"
        )


@dataclass(frozen=True)
class FieldDoc:
    code: str
    name: str
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class StepDoc:
    code: str
    order: int
    name: str
    responsible: str
    role: str
    allotted_hours: Decimal
    national_status: int
    is_initial: bool = False
    is_terminal: bool = False
    counts_toward_time: bool = True
    other_agency: str | None = None
    other_agency_kind: str = ""
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class ActionDoc:
    code: str
    name: str
    from_step: str
    to_step: str
    roles: tuple[str, ...]
    clock_effect: str = "none"
    requires_papers: bool = False
    requires_signature: bool = False
    requires_payment: bool = False
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class ProcessDoc:
    code: str
    name: str
    is_template: bool = False
    supplement_clock: str = "pause_resume"
    description: str = ""
    steps: tuple[StepDoc, ...] = ()
    actions: tuple[ActionDoc, ...] = ()
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class AgencyDoc:
    part: str
    agency: str | None = None
    agency_kind: str = ""
    note: str = ""
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class FeeDoc:
    kind: str
    code: str
    name: str
    amount: int
    note: str = ""
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class PaperDoc:
    code: str
    name: str
    originals: int = 0
    copies: int = 0
    is_required: bool = True
    reusable: bool = False
    form_template_name: str = ""
    note: str = ""
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class VersionDoc:
    number: int
    status: str
    effective_from: dt.date | None
    decision: str
    name: str
    field: str
    level: str
    description: str
    processing_time: Decimal
    processing_time_unit: str
    single_day_cutoff: dt.time | None
    conditions: str
    result: str
    legal_basis: str
    online_level: str
    legacy_level: int | None
    accepts_online: bool
    source_note: str
    process: str | None
    eform_schema: dict[str, Any]
    agencies: tuple[AgencyDoc, ...] = ()
    fees: tuple[FeeDoc, ...] = ()
    papers: tuple[PaperDoc, ...] = ()
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class ProcedureDoc:
    national_code: str
    versions: tuple[VersionDoc, ...]
    origin: Origin = dataclass_field(default=NOWHERE, compare=False, repr=False)


@dataclass(frozen=True)
class CatalogueDoc:
    fields: tuple[FieldDoc, ...] = ()
    processes: tuple[ProcessDoc, ...] = ()
    procedures: tuple[ProcedureDoc, ...] = ()

    def version_count(self) -> int:
        return sum(len(procedure.versions) for procedure in self.procedures)


def canonical_process(process: ProcessDoc) -> ProcessDoc:
    """The process with its steps in order and its actions as the database lists them (by the
    order of their starting step, then code)."""
    order = {step.code: step.order for step in process.steps}
    return replace(
        process,
        steps=tuple(sorted(process.steps, key=lambda step: (step.order, step.code))),
        actions=tuple(
            sorted(process.actions, key=lambda action: (order.get(action.from_step, 0), action.code))
        ),
    )


def canonical(document: CatalogueDoc) -> CatalogueDoc:
    """The catalogue in the order an export writes it: fields, processes and procedures by code,
    versions by number, steps by order, actions as ``canonical_process`` lists them."""
    return CatalogueDoc(
        fields=tuple(sorted(document.fields, key=lambda item: item.code)),
        processes=tuple(
            canonical_process(item) for item in sorted(document.processes, key=lambda item: item.code)
        ),
        procedures=tuple(
            replace(item, versions=tuple(sorted(item.versions, key=lambda version: version.number)))
            for item in sorted(document.procedures, key=lambda item: item.national_code)
        ),
    )


# Python attribute ← column key, where they differ.
ATTRIBUTE = {"from": "from_step", "to": "to_step"}


def record_values(record: Any, columns: tuple[c.Column, ...]) -> dict[str, Any]:
    """The column values of a record, by column key."""
    return {column.key: getattr(record, ATTRIBUTE.get(column.key, column.key)) for column in columns}


def make_record(cls: type, values: Mapping[str, Any], origin: Origin, **children: Any) -> Any:
    """A record of ``cls`` from column values (keys as in the format) and its children."""
    attributes = {ATTRIBUTE.get(key, key): value for key, value in values.items()}
    return cls(**attributes, **children, origin=origin)


def placeholder(column: c.Column) -> Any:
    """A value of the right type standing in for an unreadable one, so checks can go on."""
    return {
        "bool": column.default if isinstance(column.default, bool) else False,
        "int": column.minimum or 0 if not column.nullable else None,
        "decimal": Decimal(0),
        "amount": 0,
        "roles": (),
        "json": {},
        "date": None,
        "time": None,
    }.get(column.kind, None if column.nullable else "")


# --- JSON → document ---------------------------------------------------------------------------
class _JsonReader:
    """Reads a decoded JSON document, collecting every problem with its JSON path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: str, column: str, reason: str) -> None:
        self.problems.append(Problem(where, column, reason))

    def values(
        self, raw: Any, columns: tuple[c.Column, ...], path: str, nested: tuple[str, ...] = ()
    ) -> tuple[dict[str, Any], Origin] | None:
        if not isinstance(raw, dict):
            self.problem(path, "", "phải là một đối tượng JSON ({…}).")
            return None
        known = {column.key for column in columns} | set(nested)
        for key in raw:
            if key not in known:
                self.problem(path, str(key), "trường không có trong định dạng (sai tên hoặc thừa).")
        values: dict[str, Any] = {}
        broken = False
        for column in columns:
            if column.key not in raw:
                if column.required:
                    self.problem(path, column.key, "thiếu trường bắt buộc.")
                    broken = True
                    values[column.key] = placeholder(column)
                else:
                    values[column.key] = read_default(column)
                continue
            try:
                values[column.key] = c.read_value(column, raw[column.key])
            except c.CellError as error:
                self.problem(path, column.key, error.reason)
                broken = True
                values[column.key] = placeholder(column)
        return values, Origin(path, None, broken)

    def items(self, raw: Mapping[str, Any], key: str, path: str) -> list[Any]:
        if key not in raw:
            return []
        value = raw[key]
        if not isinstance(value, list):
            self.problem(path, key, "phải là một danh sách ([…]).")
            return []
        return value

    def process(self, raw: Any, path: str) -> ProcessDoc | None:
        read = self.values(raw, c.PROCESS_COLUMNS, path, ("steps", "actions"))
        if read is None:
            return None
        values, origin = read
        steps = []
        for index, item in enumerate(self.items(raw, "steps", path)):
            step = self.values(item, c.STEP_COLUMNS, f"{path}.steps[{index}]")
            if step is not None:
                steps.append(make_record(StepDoc, *step))
        actions = []
        for index, item in enumerate(self.items(raw, "actions", path)):
            action = self.values(item, c.ACTION_COLUMNS, f"{path}.actions[{index}]")
            if action is not None:
                actions.append(make_record(ActionDoc, *action))
        process: ProcessDoc = make_record(
            ProcessDoc, values, origin, steps=tuple(steps), actions=tuple(actions)
        )
        return process

    def version(self, raw: Any, path: str) -> VersionDoc | None:
        read = self.values(raw, c.VERSION_COLUMNS, path, ("agencies", "fees", "papers"))
        if read is None:
            return None
        values, origin = read
        children: dict[str, tuple[Any, ...]] = {}
        for key, cls, columns in (
            ("agencies", AgencyDoc, c.AGENCY_COLUMNS),
            ("fees", FeeDoc, c.FEE_COLUMNS),
            ("papers", PaperDoc, c.PAPER_COLUMNS),
        ):
            records = []
            for index, item in enumerate(self.items(raw, key, path)):
                child = self.values(item, columns, f"{path}.{key}[{index}]")
                if child is not None:
                    records.append(make_record(cls, *child))
            children[key] = tuple(records)
        version: VersionDoc = make_record(VersionDoc, values, origin, **children)
        return version

    def procedure(self, raw: Any, path: str) -> ProcedureDoc | None:
        code_column = PROCEDURE_CODE
        read = self.values(raw, (code_column,), path, ("versions",))
        if read is None:
            return None
        values, origin = read
        versions = []
        for index, item in enumerate(self.items(raw, "versions", path)):
            version = self.version(item, f"{path}.versions[{index}]")
            if version is not None:
                versions.append(version)
        return ProcedureDoc(values["national_code"], tuple(versions), origin)

    def document(self, raw: Any) -> CatalogueDoc:
        if not isinstance(raw, dict):
            self.problem("", "", "tài liệu phải là một đối tượng JSON ({…}).")
            return CatalogueDoc()
        if raw.get("format") != FORMAT:
            self.problem("", "format", f"phải là “{FORMAT}” (đang là {raw.get('format')!r}).")
        for key in raw:
            if key not in ("format", "fields", "processes", "procedures"):
                self.problem("", str(key), "trường không có trong định dạng (sai tên hoặc thừa).")
        fields = []
        for index, item in enumerate(self.items(raw, "fields", "")):
            read = self.values(item, c.FIELD_COLUMNS, f"fields[{index}]")
            if read is not None:
                fields.append(make_record(FieldDoc, *read))
        processes = [
            process
            for index, item in enumerate(self.items(raw, "processes", ""))
            if (process := self.process(item, f"processes[{index}]")) is not None
        ]
        procedures = [
            procedure
            for index, item in enumerate(self.items(raw, "procedures", ""))
            if (procedure := self.procedure(item, f"procedures[{index}]")) is not None
        ]
        return CatalogueDoc(tuple(fields), tuple(processes), tuple(procedures))


PROCEDURE_CODE = c.Column(
    "national_code",
    "Mã thủ tục",
    "code",
    "Mã thủ tục trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.001193.",
    required=True,
    max_length=32,
)


def read_default(column: c.Column) -> Any:
    """The value of a column left out of a JSON object."""
    return {} if column.kind == "json" else column.default


def parse_json(raw: Any) -> tuple[CatalogueDoc, list[Problem]]:
    """The catalogue in a decoded JSON document, and every problem found reading it."""
    reader = _JsonReader()
    document = reader.document(raw)
    return document, reader.problems


# --- document → JSON ---------------------------------------------------------------------------
def _json_record(record: Any, columns: tuple[c.Column, ...]) -> dict[str, Any]:
    return {
        column.key: c.write_value(column, value)
        for column, value in zip(columns, record_values(record, columns).values(), strict=True)
    }


def to_json(document: CatalogueDoc) -> dict[str, Any]:
    """The JSON document of a catalogue (every key written, so the file documents itself)."""
    return {
        "format": FORMAT,
        "fields": [_json_record(item, c.FIELD_COLUMNS) for item in document.fields],
        "processes": [
            {
                **_json_record(process, c.PROCESS_COLUMNS),
                "steps": [_json_record(step, c.STEP_COLUMNS) for step in process.steps],
                "actions": [_json_record(action, c.ACTION_COLUMNS) for action in process.actions],
            }
            for process in document.processes
        ],
        "procedures": [
            {
                "national_code": procedure.national_code,
                "versions": [
                    {
                        **_json_record(version, c.VERSION_COLUMNS),
                        "agencies": [_json_record(item, c.AGENCY_COLUMNS) for item in version.agencies],
                        "fees": [_json_record(item, c.FEE_COLUMNS) for item in version.fees],
                        "papers": [_json_record(item, c.PAPER_COLUMNS) for item in version.papers],
                    }
                    for version in procedure.versions
                ],
            }
            for procedure in document.procedures
        ],
    }
