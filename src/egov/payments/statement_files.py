"""Reading bank statements (sao kê) exported as CSV or Excel, and finding bill numbers in them.

Pure Python (no Django): the reconciliation service (`statements`) decides what each line does.

Banks export differently: a few lines of preamble (bank, account, period) before the header row,
Vietnamese or English headers with or without diacritics, one signed amount column or separate
credit/debit columns, amounts written ``1.050.000``, ``1,050,000``, ``1050000.00`` or as Excel
numbers, dates ``22/11/2026``, ``22/11/2026 08:15:30``, ``2026-11-22`` or Excel dates. The header
row is the first of the first 30 rows that names a date, an amount (or a credit) and a description.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

HEADER_SCAN_ROWS = 30
MAX_ROWS = 100_000


class Column(StrEnum):
    DATE = "date"
    AMOUNT = "amount"  # signed, or credit only
    DEBIT = "debit"
    DESCRIPTION = "description"
    BANK_REFERENCE = "bank_reference"


# Headers seen in Vietnamese banks' exports, folded (lower case, no diacritics, single spaces).
HEADERS: dict[Column, tuple[str, ...]] = {
    Column.DATE: (
        "ngay giao dich",
        "ngay gd",
        "ngay hach toan",
        "ngay hieu luc",
        "ngay thuc hien",
        "thoi gian giao dich",
        "thoi gian",
        "ngay",
        "transaction date",
        "posting date",
        "value date",
        "date",
    ),
    Column.AMOUNT: (
        "so tien ghi co",
        "ghi co",
        "so tien co",
        "phat sinh co",
        "so tien",
        "so tien giao dich",
        "credit amount",
        "credit",
        "amount",
        "co",
    ),
    Column.DEBIT: ("so tien ghi no", "ghi no", "so tien no", "phat sinh no", "debit amount", "debit", "no"),
    Column.DESCRIPTION: (
        "noi dung",
        "noi dung giao dich",
        "noi dung chuyen khoan",
        "dien giai",
        "mo ta",
        "chi tiet giao dich",
        "chi tiet",
        "description",
        "transaction details",
        "details",
        "content",
        "remark",
        "remarks",
    ),
    Column.BANK_REFERENCE: (
        "so tham chieu",
        "ma tham chieu",
        "ma giao dich",
        "ma gd",
        "so giao dich",
        "so gd",
        "so but toan",
        "so chung tu",
        "so ct",
        "reference",
        "reference number",
        "ref",
        "ref no",
        "transaction id",
        "transaction no",
    ),
}
REQUIRED = (Column.DATE, Column.AMOUNT, Column.DESCRIPTION)


class StatementError(ValueError):
    """A file that is not a statement we can read (no header row, not CSV/XLSX)."""


@dataclass(frozen=True)
class Line:
    """One transaction of the statement. ``problem`` is set when the row could not be read."""

    row: int  # 1-based row number in the file, as a spreadsheet shows it
    booked_at: datetime | None  # naive, the bank's local time (Vietnam)
    amount: int  # VND, positive for money received, negative for money paid out
    description: str
    bank_reference: str
    problem: str = ""


def fold(text: str) -> str:
    """Lower case without diacritics, punctuation turned into spaces, spaces collapsed."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"\(.*?\)", " ", text)  # "Số tiền (VND)" → "số tiền"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def header_columns(cells: Sequence[object]) -> dict[Column, int]:
    """Which column holds what, if this row is a header row (exact names first, then prefixes)."""
    names = [fold(str(cell)) if cell is not None else "" for cell in cells]
    found: dict[Column, int] = {}
    for exact in (True, False):
        for column, synonyms in HEADERS.items():
            if column in found:
                continue
            for synonym in synonyms:
                for index, name in enumerate(names):
                    if index in found.values() or not name:
                        continue
                    if name == synonym if exact else name.startswith(synonym + " "):
                        found[column] = index
                        break
                if column in found:
                    break
    return found


def parse_amount(value: object) -> int:
    """A whole number of đồng from a cell: Excel number, or text in Vietnamese or English style."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValueError("not an amount")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().upper().replace("VND", "").replace("Đ", "").replace(" ", "")
        text = text.replace("\u00a0", "")
        negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
        text = text.strip("()+-")
        if not text or not re.fullmatch(r"[0-9.,]+", text):
            raise ValueError(f"not an amount: {value!r}")
        try:
            number = Decimal(_normalise_separators(text))
        except InvalidOperation:
            raise ValueError(f"not an amount: {value!r}") from None
        if negative:
            number = -number
    if number != number.to_integral_value():
        raise ValueError(f"not a whole number of đồng: {value!r}")
    return int(number)


def _normalise_separators(text: str) -> str:
    """Digits with "." and "," as a plain decimal: the last mark of two kinds is the decimal one;
    a single kind is thousands when every group after the first has three digits (VND has no
    fractions in practice: "50.000" and "50,000" are fifty thousand), else a decimal mark."""
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal_mark == "." else "."
        whole, _, fraction = text.replace(thousands, "").partition(decimal_mark)
        return f"{whole}.{fraction}"
    for mark in (".", ","):
        if mark not in text:
            continue
        groups = text.split(mark)
        if all(len(group) == 3 for group in groups[1:]) and groups[0]:
            return "".join(groups)
        if len(groups) == 2:
            return f"{groups[0] or '0'}.{groups[1]}"
        raise ValueError(f"not an amount: {text!r}")
    return text


_DATE_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%d/%m/%y",
    "%d.%m.%Y",
)


def parse_when(value: object) -> datetime:
    """A booking date (and time when the bank gives it)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = " ".join(str(value).split())
    for layout in _DATE_FORMATS:
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    raise ValueError(f"not a date: {value!r}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def read_rows(rows: Iterable[Sequence[object]]) -> list[Line]:
    """The transactions under the first header row; rows without a date (totals, blanks) are skipped."""
    iterator: Iterator[Sequence[object]] = iter(rows)
    columns: dict[Column, int] = {}
    row_number = 0
    for cells in iterator:
        row_number += 1
        found = header_columns(cells)
        if all(column in found for column in REQUIRED):
            columns = found
            break
        if row_number >= HEADER_SCAN_ROWS:
            break
    if not columns:
        raise StatementError(
            "no header row with a date, an amount and a description "
            "(e.g. Ngày giao dịch, Số tiền, Nội dung) in the first 30 rows"
        )
    lines: list[Line] = []
    for cells in iterator:
        row_number += 1
        if row_number > MAX_ROWS:
            raise StatementError(f"more than {MAX_ROWS} rows")

        def cell(column: Column, cells: Sequence[object] = cells) -> object:
            index = columns.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        raw_date = cell(Column.DATE)
        if raw_date is None or _text(raw_date) == "":
            continue
        description = _text(cell(Column.DESCRIPTION))
        bank_reference = _text(cell(Column.BANK_REFERENCE))[:128]
        try:
            booked_at = parse_when(raw_date)
        except ValueError:
            if fold(_text(raw_date)).startswith(("tong", "total", "so du", "balance")):
                continue  # a totals or balance row
            lines.append(Line(row_number, None, 0, description, bank_reference, problem="date"))
            continue
        try:
            amount = parse_amount(cell(Column.AMOUNT)) - abs(parse_amount(cell(Column.DEBIT)))
        except ValueError:
            lines.append(Line(row_number, booked_at, 0, description, bank_reference, problem="amount"))
            continue
        lines.append(Line(row_number, booked_at, amount, description, bank_reference))
    return lines


def read_csv(content: bytes) -> list[Line]:
    for encoding in ("utf-8-sig", "cp1258", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise StatementError("the CSV file is not UTF-8 text")
    # Preamble lines fool csv.Sniffer: try the separators, the most frequent first.
    separators = sorted(",;\t|", key=lambda sep: -text[:8192].count(sep))
    for separator in separators:
        try:
            return read_rows(csv.reader(io.StringIO(text), delimiter=separator))
        except StatementError:
            continue
    raise StatementError(
        "no header row with a date, an amount and a description "
        "(e.g. Ngày giao dịch, Số tiền, Nội dung) in the first 30 rows"
    )


def read_xlsx(content: bytes) -> list[Line]:
    import openpyxl  # type: ignore[import-untyped]

    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise StatementError("the file is not an Excel workbook (.xlsx)")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise StatementError(f"the Excel workbook cannot be read: {error}") from None
    try:
        last_error: StatementError | None = None
        for sheet in workbook.worksheets:
            try:
                return read_rows(sheet.iter_rows(values_only=True))
            except StatementError as error:
                last_error = error
        raise last_error or StatementError("the workbook has no sheet")
    finally:
        workbook.close()


def read_statement(file_name: str, content: bytes) -> list[Line]:
    """Read a .csv or .xlsx statement by its file name's extension."""
    suffix = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    if suffix == "csv":
        return read_csv(content)
    if suffix == "xlsx":
        return read_xlsx(content)
    raise StatementError("only .csv and .xlsx statements are read")


def reference_candidates(description: str, pattern: re.Pattern[str] | None = None) -> list[str]:
    """Upper-case strings of the description that could be a bill number, most specific first.

    Bank apps rewrite the transfer text: diacritics and some punctuation go, spaces are dropped or
    added. Candidates are the matches of the bill-number ``pattern`` (searched in the text with and
    without its spaces, each match also cut at every shorter length the pattern allows, since a
    number glued to other digits cannot be told apart), then every word of the text.
    """
    folded = unicodedata.normalize("NFD", description.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()
    found: list[str] = []
    if pattern is not None:
        for text in (folded, re.sub(r"\s+", "", folded)):
            for start in range(len(text)):
                match = pattern.match(text, start)
                if match is None:
                    continue
                whole = match.group(0)
                for end in range(len(whole), 0, -1):
                    if pattern.fullmatch(whole[:end]) and whole[:end] not in found:
                        found.append(whole[:end])
    for word in re.findall(r"[A-Z0-9][A-Z0-9./_-]*[A-Z0-9]|[A-Z0-9]", folded):
        if word not in found:
            found.append(word)
    return found
