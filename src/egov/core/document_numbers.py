"""Number and symbol of official documents (số, ký hiệu), Nghị định 30/2020/NĐ-CP art. 8 and appendix
I–III, and the party family of Hướng dẫn 36-HD/VPTW. Pure Python, no Django import.

State documents: ``15/QĐ-UBND``: the number, a slash, then the symbol: type abbreviation, issuer
abbreviation and optionally the drafting unit, joined by hyphens without spaces. A *công văn* has no
type part: ``125/UBND-TH``. Numbers below 10 take a leading zero (``05/QĐ-UBND``).

Party documents: ``39-CT/TU``: number, hyphen, type (a công văn too: ``59-CV/TU``), slash, issuer.

Numbering restarts at 01 on 1 January of each year; the number is allocated from a counter whose
key `document_counter_key` builds from the yearly pattern ``{seq:2,yearly,per_agency}``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from egov.core.errors import ValidationFailed
from egov.core.numbering import CodeContext, Pattern, parse_pattern

Family = Literal["state", "party"]

#: Appendix III of Nghị định 30/2020: the type abbreviations of administrative documents.
#: There is no "CV": a công văn carries no type part.
STATE_TYPE_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC",
        "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB",
    }
)  # fmt: skip

# A symbol part: letters (Vietnamese Đ/đ included) and digits, no spaces, hyphens or slashes.
_PART = re.compile(r"^[0-9A-Za-zĐđ]+$")
# Party type abbreviations (36-HD/VPTW) are checked by shape only: the full list is (unconfirmed).
_PARTY_TYPE = re.compile(r"^[A-ZĐ][0-9A-Za-zĐđ]{0,5}$")

#: Document numbers restart every year and are counted per issuing agency (and per register,
#: which the counter series names: "outgoing", "outgoing:QĐ" for a separate series ...).
YEARLY_DOCUMENT_NUMBER: Pattern = parse_pattern("{seq:2,yearly,per_agency}", unique_codes=False)


def format_number_symbol(
    number: int,
    symbol_parts: Sequence[str],
    *,
    doc_type: str | None = None,
    family: Family = "state",
) -> str:
    """Write ``Số`` of a document without the word itself: ``15/QĐ-UBND``, ``125/UBND-TH``,
    ``05/QĐ-UBND``, or for the party family ``39-CT/TU``, ``59-CV/TU``.

    ``symbol_parts`` are the issuer abbreviation and optionally the drafting unit (``["UBND", "TH"]``);
    ``doc_type`` is the type abbreviation, None for a state công văn. Refuses a type outside appendix
    III of Nghị định 30/2020 (state family, where "CV" does not exist), a party document without a
    type, a number below 1 and parts with spaces, hyphens or slashes.
    """
    if number < 1:
        raise _invalid("Số văn bản phải từ 1 trở lên.", "A document number starts at 1.", "number")
    parts = list(symbol_parts)
    if not parts:
        raise _invalid(
            "Ký hiệu phải có tên viết tắt của cơ quan ban hành.", "The symbol needs the issuer.", "symbol"
        )
    for part in parts:
        if not _PART.match(part):
            raise _invalid(
                f"Thành phần ký hiệu “{part}” chỉ được gồm chữ và số, "
                "không có dấu cách, gạch nối hay gạch chéo.",
                f"The symbol part “{part}” may only hold letters and digits.",
                "symbol",
            )
    if family == "state":
        if doc_type is not None and doc_type not in STATE_TYPE_ABBREVIATIONS:
            hint = " Công văn không có phần tên loại." if doc_type.upper() == "CV" else ""
            raise _invalid(
                f"“{doc_type}” không phải chữ viết tắt tên loại văn bản "
                f"theo Phụ lục III Nghị định 30/2020.{hint}",
                f"“{doc_type}” is not a document type abbreviation of appendix III of Decree 30/2020.",
                "doc_type",
            )
        symbol = "-".join([doc_type, *parts] if doc_type else parts)
        return f"{number:02d}/{symbol}"
    if family == "party":
        if doc_type is None or not _PARTY_TYPE.match(doc_type):
            raise _invalid(
                "Văn bản của Đảng phải có chữ viết tắt tên loại, kể cả công văn (CV).",
                "A party document needs a type abbreviation, công văn (CV) included.",
                "doc_type",
            )
        return f"{number:02d}-{doc_type}/{'-'.join(parts)}"
    raise ValueError(f"unknown document family {family!r}")


def document_counter_key(*, register: str, agency: str, at: datetime) -> str:
    """The counter of a register's numbers for one agency and year, e.g.
    ``outgoing:2025:000.00.12.H12``; the number restarts at 01 on 1 January (Vietnam time)."""
    return YEARLY_DOCUMENT_NUMBER.counter_key(CodeContext(series=register, at=at, agency=agency))


def _invalid(message_vi: str, message_en: str, field: str) -> ValidationFailed:
    return ValidationFailed(
        message_vi, code="numbering.number_symbol_invalid", message_en=message_en, field=field
    )
