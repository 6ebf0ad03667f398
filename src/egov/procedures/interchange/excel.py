"""The catalogue as an Excel workbook (openpyxl): one sheet per table, Vietnamese headers on the
first row, one record per row, rows linked by codes (process code + step code, national code +
version number). No Django import.

``write_workbook`` turns a ``CatalogueDoc`` into a workbook with a "Hướng dẫn" sheet explaining
every column; ``read_workbook`` reads one back and returns the catalogue and *every* problem
(sheet, row, column, reason). ``read_workbook(write_workbook(doc))`` gives ``doc`` again.
Columns are recognised by their Vietnamese header (or their JSON key), in any order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from egov.procedures.interchange import columns as c
from egov.procedures.interchange.document import (
    PROCEDURE_CODE,
    ActionDoc,
    AgencyDoc,
    CatalogueDoc,
    FeeDoc,
    FieldDoc,
    Origin,
    PaperDoc,
    Problem,
    ProcedureDoc,
    ProcessDoc,
    StepDoc,
    VersionDoc,
    make_record,
    placeholder,
    record_values,
)

GUIDE = "Hướng dẫn"
PROCESS_LINK = c.Column(
    "process", "Mã quy trình", "code", "Mã quy trình (sheet Quy trình).", required=True, max_length=64
)
VERSION_LINK = c.Column(
    "version", "Phiên bản", "int", "Số phiên bản (sheet Thủ tục).", required=True, minimum=1
)


class ExcelExportError(ValueError):
    """A value that Excel cannot hold (a cell longer than 32,767 characters)."""


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[c.Column, ...]
    explanation: str

    def headers(self) -> dict[str, str]:
        return {column.key: column.header for column in self.columns}


FIELDS = Sheet("Lĩnh vực", c.FIELD_COLUMNS, "Mỗi dòng một lĩnh vực thủ tục hành chính.")
PROCESSES = Sheet("Quy trình", c.PROCESS_COLUMNS, "Mỗi dòng một quy trình nội bộ.")
STEPS = Sheet(
    "Bước xử lý",
    (PROCESS_LINK, *c.STEP_COLUMNS),
    "Mỗi dòng một bước của một quy trình; cột “Mã quy trình” nối với sheet Quy trình.",
)
ACTIONS = Sheet(
    "Thao tác",
    (PROCESS_LINK, *c.ACTION_COLUMNS),
    "Mỗi dòng một thao tác chuyển hồ sơ từ bước này sang bước khác trong cùng quy trình.",
)
VERSIONS = Sheet(
    "Thủ tục",
    (PROCEDURE_CODE, *c.VERSION_COLUMNS),
    "Mỗi dòng một phiên bản của một thủ tục (mã thủ tục + số phiên bản).",
)
AGENCIES = Sheet(
    "Cơ quan thực hiện",
    (PROCEDURE_CODE, VERSION_LINK, *c.AGENCY_COLUMNS),
    "Mỗi dòng một cơ quan thực hiện của một phiên bản; ghi mã định danh hoặc loại cơ quan, không ghi cả hai.",
)
FEES = Sheet(
    "Phí lệ phí",
    (PROCEDURE_CODE, VERSION_LINK, *c.FEE_COLUMNS),
    "Mỗi dòng một khoản phí hoặc lệ phí của một phiên bản.",
)
PAPERS = Sheet(
    "Thành phần hồ sơ",
    (PROCEDURE_CODE, VERSION_LINK, *c.PAPER_COLUMNS),
    "Mỗi dòng một giấy tờ trong thành phần hồ sơ của một phiên bản.",
)
SHEETS: tuple[Sheet, ...] = (FIELDS, PROCESSES, STEPS, ACTIONS, VERSIONS, AGENCIES, FEES, PAPERS)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TEXT_KINDS = ("text", "code", "slug", "identifier", "choice", "roles", "json", "time")


# --- Writing -----------------------------------------------------------------------------------
def _cell_value(column: c.Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    match column.kind:
        case "decimal":
            return c.canonical_decimal(value)
        case "time":
            return value.strftime("%H:%M")
        case "roles":
            return ", ".join(value)
        case "json":
            return c.json_text(value) or None
    return value


def _styled(sheet: Worksheet, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _row_cells(sheet: Worksheet, columns: tuple[c.Column, ...], values: list[Any]) -> list[Any]:
    """The cells of one row. Plain values stream fast; only dates (shown as dates) and text that
    Excel would take for a formula ("=…") need a cell object of their own."""
    cells: list[Any] = []
    for column, value in zip(columns, values, strict=True):
        if isinstance(value, str) and value.startswith("="):
            cell = _styled(sheet, value)
            cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        elif column.kind == "date" and value is not None:
            cells.append(_styled(sheet, value, number_format="yyyy-mm-dd"))
        else:
            cells.append(value)
    return cells


def _start_sheet(workbook: Workbook, sheet: Sheet) -> Worksheet:
    worksheet = workbook.create_sheet(sheet.title)
    for index, column in enumerate(sheet.columns, start=1):
        wide = column.kind == "json" or column.max_length >= 500 or column.key == "description"
        dimension = worksheet.column_dimensions[get_column_letter(index)]
        dimension.width = 40 if wide else 18
        if column.kind in _TEXT_KINDS:
            dimension.number_format = "@"  # what an editor types stays text (codes keep their zeros)
    worksheet.freeze_panes = "A2"
    alignment = Alignment(wrap_text=True, vertical="top")
    worksheet.append(
        [
            _styled(worksheet, column.header, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=alignment)
            for column in sheet.columns
        ]
    )
    return worksheet


def _write_guide(workbook: Workbook) -> None:
    guide = workbook.create_sheet(GUIDE)
    for letter, width in zip("ABCDEFG", (20, 32, 20, 40, 10, 18, 80), strict=True):
        guide.column_dimensions[letter].width = width
    guide.append([_styled(guide, "Mẫu nhập, xuất danh mục thủ tục hành chính (định dạng egov.procedures/1)",
                          font=Font(bold=True, size=14))])  # fmt: skip
    for line in (
        "Mỗi sheet là một bảng; dòng đầu là tiêu đề cột, không đổi tên cột, không thêm cột lạ.",
        "Các dòng nối với nhau bằng mã: mã quy trình + mã bước; mã thủ tục + số phiên bản.",
        "Khi nhập, mọi lỗi được liệt kê (sheet, dòng, cột, lý do) và không có gì được ghi nếu còn lỗi.",
        "Phiên bản đã công bố không sửa được: muốn thay đổi, hãy thêm phiên bản mới với số mới.",
        "",
    ):
        guide.append([line])
    headers = ["Sheet", "Cột", "Khóa JSON", "Kiểu giá trị", "Bắt buộc", "Khi để trống", "Giải thích"]
    guide.append([_styled(guide, header, font=_HEADER_FONT, fill=_HEADER_FILL) for header in headers])
    for sheet in SHEETS:
        guide.append([_styled(guide, sheet.title, font=_HEADER_FONT), "", "", "", "", "", sheet.explanation])
        for column in sheet.columns:
            guide.append(
                [
                    sheet.title,
                    column.header,
                    column.key,
                    column.describe_kind(),
                    "có" if column.required else "không",
                    "" if column.required else _describe_default(column),
                    column.help,
                ]
            )


def _describe_default(column: c.Column) -> str:
    if column.kind == "json":
        return "không có biểu mẫu"
    if column.default is None or column.default == "":
        return "để trống"
    if isinstance(column.default, bool):
        return "có" if column.default else "không"
    return str(column.default)


def sheet_rows(document: CatalogueDoc) -> dict[str, list[list[Any]]]:
    """The cell values of each sheet, row by row (headers excluded); raises ``ExcelExportError``
    for a text longer than a cell holds, before any file is started."""
    rows: dict[str, list[list[Any]]] = {sheet.title: [] for sheet in SHEETS}

    def put(sheet: Sheet, record: Any, *links: Any) -> None:
        values = [*links, *record_values(record, sheet.columns[len(links) :]).values()]
        cells = [_cell_value(column, value) for column, value in zip(sheet.columns, values, strict=True)]
        for column, cell in zip(sheet.columns, cells, strict=True):
            if isinstance(cell, str) and len(cell) > c.EXCEL_CELL_LIMIT:
                raise ExcelExportError(
                    f"{sheet.title}, dòng {len(rows[sheet.title]) + 2}, cột “{column.header}”: "
                    f"dài {len(cell)} ký tự, vượt giới hạn {c.EXCEL_CELL_LIMIT} ký tự của một ô Excel; "
                    "hãy xuất ra JSON."
                )
        rows[sheet.title].append(cells)

    for item in document.fields:
        put(FIELDS, item)
    for process in document.processes:
        put(PROCESSES, process)
        for step in process.steps:
            put(STEPS, step, process.code)
        for action in process.actions:
            put(ACTIONS, action, process.code)
    for procedure in document.procedures:
        for version in procedure.versions:
            put(VERSIONS, version, procedure.national_code)
            for agency in version.agencies:
                put(AGENCIES, agency, procedure.national_code, version.number)
            for fee in version.fees:
                put(FEES, fee, procedure.national_code, version.number)
            for paper in version.papers:
                put(PAPERS, paper, procedure.national_code, version.number)
    return rows


def write_workbook(document: CatalogueDoc) -> Workbook:
    """A workbook holding the whole catalogue, plus the "Hướng dẫn" sheet (write-only: save it once)."""
    rows = sheet_rows(document)
    workbook = Workbook(write_only=True)  # streamed: thousands of procedures in seconds
    _write_guide(workbook)
    for sheet in SHEETS:
        worksheet = _start_sheet(workbook, sheet)
        for values in rows[sheet.title]:
            worksheet.append(_row_cells(worksheet, sheet.columns, values))
    return workbook


def save_workbook(document: CatalogueDoc, target: str | Path | IO[bytes]) -> None:
    """Write the catalogue to an .xlsx file (a path or a binary file object)."""
    write_workbook(document).save(target)


# --- Reading -----------------------------------------------------------------------------------
def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


@dataclass
class _Row:
    values: dict[str, Any]
    origin: Origin


class _WorkbookReader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, where: str, column: str, reason: str) -> None:
        self.problems.append(Problem(where, column, reason))

    def _columns(self, sheet: Sheet, header_row: tuple[Any, ...]) -> dict[int, c.Column] | None:
        by_name: dict[str, c.Column] = {}
        for column in sheet.columns:
            by_name[_normal(column.header)] = column
            by_name[_normal(column.key)] = column
        positions: dict[int, c.Column] = {}
        seen: set[str] = set()
        ok = True
        for index, raw in enumerate(header_row):
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            found = by_name.get(_normal(str(raw)))
            if found is None:
                self.problem(
                    f"{sheet.title}, dòng 1", str(raw), "cột không có trong mẫu (sai tên hoặc thừa)."
                )
                ok = False
            elif found.key in seen:
                self.problem(f"{sheet.title}, dòng 1", str(raw), "cột bị lặp lại.")
                ok = False
            else:
                seen.add(found.key)
                positions[index] = found
        for column in sheet.columns:
            if column.key not in seen:
                self.problem(f"{sheet.title}, dòng 1", column.header, "thiếu cột này.")
                ok = False
        return positions if ok else None

    def rows(self, worksheet: Any, sheet: Sheet) -> Iterator[_Row]:
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()  # files from other tools may state a wrong size
        lines = worksheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            self.problem(sheet.title, "", "sheet trống: thiếu dòng tiêu đề.")
            return
        positions = self._columns(sheet, header)
        if positions is None:
            return
        headers = sheet.headers()
        for number, line in enumerate(lines, start=2):
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in line):
                continue
            where = f"{sheet.title}, dòng {number}"
            values: dict[str, Any] = {}
            broken = False
            for index, column in positions.items():
                raw = line[index] if index < len(line) else None
                try:
                    values[column.key] = c.read_value(column, raw, excel=True)
                except c.CellError as error:
                    self.problem(where, column.header, error.reason)
                    values[column.key] = placeholder(column)
                    broken = True
            yield _Row(values, Origin(where, headers, broken))

    def catalogue(self, workbook: Any) -> CatalogueDoc:
        names = {sheet.title: sheet for sheet in SHEETS}
        present = {_normal(name): name for name in workbook.sheetnames}
        for name in workbook.sheetnames:
            if _normal(name) not in {_normal(title) for title in names} and _normal(name) != _normal(GUIDE):
                self.problem(name, "", "sheet không có trong mẫu (sai tên hoặc thừa).")
        rows: dict[str, list[_Row]] = {}
        for sheet in SHEETS:
            actual = present.get(_normal(sheet.title))
            if actual is None:
                self.problem(sheet.title, "", "thiếu sheet này.")
                rows[sheet.title] = []
            else:
                rows[sheet.title] = list(self.rows(workbook[actual], sheet))
        return self.assemble(rows)

    def assemble(self, rows: dict[str, list[_Row]]) -> CatalogueDoc:
        fields = tuple(make_record(FieldDoc, row.values, row.origin) for row in rows[FIELDS.title])
        steps: dict[str, list[Any]] = {}
        actions: dict[str, list[Any]] = {}
        process_codes = {row.values["code"] for row in rows[PROCESSES.title]}
        process_children: tuple[tuple[Sheet, type, dict[str, list[Any]]], ...] = (
            (STEPS, StepDoc, steps),
            (ACTIONS, ActionDoc, actions),
        )
        for sheet, cls, target in process_children:
            for row in rows[sheet.title]:
                link = row.values.pop("process")
                if link not in process_codes:
                    if link:
                        self.problem(
                            row.origin.place,
                            PROCESS_LINK.header,
                            f"không có quy trình “{link}” trong sheet Quy trình.",
                        )
                    continue
                target.setdefault(link, []).append(make_record(cls, row.values, row.origin))
        processes = []
        for row in rows[PROCESSES.title]:
            code = row.values["code"]
            processes.append(
                make_record(
                    ProcessDoc,
                    row.values,
                    row.origin,
                    steps=tuple(steps.pop(code, ())),
                    actions=tuple(actions.pop(code, ())),
                )
            )
        children: dict[str, dict[tuple[str, int], list[Any]]] = {}
        version_keys = {(row.values["national_code"], row.values["number"]) for row in rows[VERSIONS.title]}
        child_classes: tuple[tuple[Sheet, type], ...] = (
            (AGENCIES, AgencyDoc),
            (FEES, FeeDoc),
            (PAPERS, PaperDoc),
        )
        for sheet, child in child_classes:
            grouped: dict[tuple[str, int], list[Any]] = {}
            for row in rows[sheet.title]:
                key = (row.values.pop("national_code"), row.values.pop("version"))
                if key not in version_keys:
                    if key[0] and not row.origin.broken:
                        self.problem(
                            row.origin.place,
                            VERSION_LINK.header,
                            f"không có phiên bản {key[1]} của thủ tục “{key[0]}” trong sheet Thủ tục.",
                        )
                    continue
                grouped.setdefault(key, []).append(make_record(child, row.values, row.origin))
            children[sheet.title] = grouped
        procedures: dict[str, list[VersionDoc]] = {}
        procedure_origins: dict[str, Origin] = {}
        for row in rows[VERSIONS.title]:
            code = row.values.pop("national_code")
            key = (code, row.values["number"])
            version = make_record(
                VersionDoc,
                row.values,
                row.origin,
                agencies=tuple(children[AGENCIES.title].pop(key, ())),
                fees=tuple(children[FEES.title].pop(key, ())),
                papers=tuple(children[PAPERS.title].pop(key, ())),
            )
            procedures.setdefault(code, []).append(version)
            procedure_origins.setdefault(code, row.origin)
        return CatalogueDoc(
            fields,
            tuple(processes),
            tuple(
                ProcedureDoc(code, tuple(versions), procedure_origins[code])
                for code, versions in procedures.items()
            ),
        )


def read_workbook(source: str | Path | IO[bytes]) -> tuple[CatalogueDoc, list[Problem]]:
    """The catalogue in an .xlsx file, and every problem found reading it."""
    reader = _WorkbookReader()
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        return CatalogueDoc(), [Problem("", "", f"không đọc được tệp Excel (.xlsx): {error}")]
    try:
        document = reader.catalogue(workbook)
    finally:
        workbook.close()
    return document, reader.problems
