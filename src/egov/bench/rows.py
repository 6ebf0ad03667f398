"""Rows as PostgreSQL COPY text, built fast: timestamps from two cached strings, text escaped once.

A row is one line, fields separated by tabs, ``\\N`` for NULL; `parse` reads one back into Python
values for the INSERT path (SQLite), where timestamps are written as Django stores them there.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

NULL = "\\N"
_EPOCH = dt.date(1970, 1, 1)
_TIME_OF_DAY: list[str] = []
for _second in range(86400):
    _TIME_OF_DAY.append(f"{_second // 3600:02d}:{_second // 60 % 60:02d}:{_second % 60:02d}")
_days: dict[int, str] = {}


def _day(number: int) -> str:
    found = _days.get(number)
    if found is None:
        found = _days[number] = (_EPOCH + dt.timedelta(days=number)).isoformat()
    return found


def ts(seconds: int | None) -> str:
    """A timestamptz field (UTC) for COPY, or NULL."""
    if seconds is None:
        return NULL
    return f"{_day(seconds // 86400)} {_TIME_OF_DAY[seconds % 86400]}+00"


def iso(seconds: int) -> str:
    """The JSON text of a moment as Django's encoder writes an aware UTC datetime."""
    return f"{_day(seconds // 86400)}T{_TIME_OF_DAY[seconds % 86400]}Z"


def audit_time(seconds: int) -> str:
    """`egov.core.audit.canonical_time` of a whole-second moment."""
    return f"{_day(seconds // 86400)}T{_TIME_OF_DAY[seconds % 86400]}.000000Z"


def day(number: int) -> str:
    return _day(number)


def esc(text: str) -> str:
    """Text escaped for COPY (backslash, tab, newline, carriage return)."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def num(value: int | None) -> str:
    return NULL if value is None else str(value)


def jstr(text: str) -> str:
    """A JSON string literal as the audit module's canonical form writes it."""
    return json.dumps(text, ensure_ascii=False)


def canonical(value: Any) -> str:
    """Canonical JSON (sorted keys, no spaces) of plain strings, integers, None, lists and dicts."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def line(*fields: str) -> str:
    return "\t".join(fields) + "\n"


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(nxt, nxt))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse(row: str) -> list[Any]:
    """One COPY line back as values for an INSERT (timestamps as naive UTC text, SQLite's form)."""
    values: list[Any] = []
    for field in row.rstrip("\n").split("\t"):
        if field == NULL:
            values.append(None)
        elif len(field) == 22 and field.endswith("+00") and field[10] == " " and field[4] == "-":
            values.append(field[:19])
        else:
            values.append(_unescape(field))
    return values
