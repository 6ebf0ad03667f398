"""Code patterns: how dossier codes, receipt numbers and other register numbers are spelled.

Pure Python, no Django import. A *pattern* is literal text with tokens in braces::

    {agency}-{yymmdd}-{seq:4}          ->  000.00.12.H12-250315-0001   (the default dossier code)
    {agency_short}-{yyyymmdd}-{seq:7,yearly}  ->  G09.20-20260609-0092637

Tokens (dates are taken in Vietnam time, Asia/Ho_Chi_Minh):

- ``{agency}`` the agency's electronic identifier (LLL.KK.JJ.Xnn, DOMAIN §1);
  ``{agency_short}`` a short agency code; ``{procedure}`` a procedure code (e.g. 1.001193).
- ``{yyyy}`` ``{yy}`` ``{mm}`` ``{dd}`` ``{yymmdd}`` ``{yyyymmdd}`` the receipt date.
- ``{seq[:WIDTH][,PERIOD][,SCOPE]}`` the sequence number, exactly once. WIDTH (1–12, default 1) pads
  with zeros and never truncates (9999, then 10000). PERIOD says when it restarts at 1: ``daily``
  (default), ``monthly``, ``yearly`` or ``never``. SCOPE says what it is counted over: ``per_agency``
  (default), ``per_procedure`` (one series per procedure code) or ``global``. Options may come in
  any order, each at most once: ``{seq:5,monthly,per_procedure}``, ``{seq:2,yearly,global}``;
  DOMAIN's spelling with spaces (``{seq:4, daily, per agency}``) is read the same way.

A pattern used for codes that must be unique (dossier codes: TT 03/2025 wants every code unique)
is refused when the code could repeat: a sequence that restarts daily needs the day, month and year
in the code, one that is counted per agency needs ``{agency}`` or ``{agency_short}``, and so on.

Literal text may use ASCII letters, digits and ``. _ - /``; token values may use ASCII letters,
digits, ``.`` and ``_``, so that codes stay safe in URLs and QR codes and can be read back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from egov.core.errors import ValidationFailed

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_WIDTH = 12
MAX_KEY_LENGTH = 200

_LITERAL_CHARS = re.compile(r"^[0-9A-Za-z._/-]*$")
_VALUE_CHARS = re.compile(r"^[0-9A-Za-z._]+$")
_VALUE_CLASS = "[0-9A-Za-z._]"

DATE_TOKENS: Mapping[str, int] = {"yyyy": 4, "yy": 2, "mm": 2, "dd": 2, "yymmdd": 6, "yyyymmdd": 8}
TEXT_TOKENS: frozenset[str] = frozenset({"agency", "agency_short", "procedure"})


class Period(StrEnum):
    """When a sequence restarts at 1."""

    DAILY = "daily"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    NEVER = "never"


_PERIOD_VI = {"daily": "hằng ngày", "monthly": "hằng tháng", "yearly": "hằng năm", "never": "không bao giờ"}


class Scope(StrEnum):
    """What a sequence is counted over."""

    PER_AGENCY = "per_agency"
    PER_PROCEDURE = "per_procedure"
    GLOBAL = "global"


_PERIODS = frozenset(period.value for period in Period)
_SCOPES = frozenset(scope.value for scope in Scope)


@dataclass(frozen=True)
class CodeContext:
    """What a code is made of: the register (``series``), the moment of receipt and who/what.

    ``series`` names the register ("dossier", "receipt", "incoming") and is the first part of the
    counter key, so two registers never share a sequence.
    """

    series: str
    at: datetime
    agency: str = ""
    agency_short: str = ""
    procedure: str = ""

    def local_date(self) -> date:
        """The calendar day of ``at`` in Vietnam; a naive datetime is a programming error."""
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("CodeContext.at must be an aware datetime")
        return self.at.astimezone(VIETNAM).date()


@dataclass(frozen=True)
class Text:
    """Literal text copied into every code."""

    text: str


@dataclass(frozen=True)
class Token:
    """A date part or a text value taken from the `CodeContext`."""

    name: str


@dataclass(frozen=True)
class SequenceSpec:
    """The ``{seq}`` token: zero-padded width, restart period and counting scope."""

    width: int = 1
    period: Period = Period.DAILY
    scope: Scope = Scope.PER_AGENCY


type Part = Text | Token | SequenceSpec


@dataclass(frozen=True)
class ParsedCode:
    """What a code read back through its pattern says: token values and the sequence number."""

    values: Mapping[str, str]
    number: int


@dataclass(frozen=True)
class Pattern:
    """A parsed pattern; build it with `parse_pattern`."""

    text: str
    parts: tuple[Part, ...]
    sequence: SequenceSpec = field(compare=False)

    @property
    def token_names(self) -> frozenset[str]:
        return frozenset(part.name for part in self.parts if isinstance(part, Token))

    @property
    def parseable(self) -> bool:
        """True when `parse_code` can read a code back without ambiguity: every token of variable
        length (a text token or the sequence) is last or followed by a literal whose first
        character cannot belong to that token."""
        for index, part in enumerate(self.parts):
            if isinstance(part, Token) and part.name in DATE_TOKENS:
                continue
            if isinstance(part, Text):
                continue
            following = self.parts[index + 1] if index + 1 < len(self.parts) else None
            if following is None:
                continue
            if not isinstance(following, Text):
                return False
            first = following.text[0]
            if isinstance(part, SequenceSpec) and first.isdigit():
                return False
            if isinstance(part, Token) and _VALUE_CHARS.match(first):
                return False
        return True

    def counter_key(self, context: CodeContext) -> str:
        """The counter this code's number is taken from: ``series:period:scope``,
        e.g. ``dossier:2025-03-15:000.00.12.H12``."""
        if not context.series or any(character.isspace() for character in context.series):
            raise ValueError(f"bad counter series {context.series!r}")
        day = context.local_date()
        period = {
            Period.DAILY: day.isoformat(),
            Period.MONTHLY: f"{day.year:04d}-{day.month:02d}",
            Period.YEARLY: f"{day.year:04d}",
            Period.NEVER: "all",
        }[self.sequence.period]
        match self.sequence.scope:
            case Scope.PER_AGENCY:
                scope = _value(context, "agency")
            case Scope.PER_PROCEDURE:
                scope = _value(context, "procedure")
            case Scope.GLOBAL:
                scope = "*"
        key = f"{context.series}:{period}:{scope}"
        if len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"counter key longer than {MAX_KEY_LENGTH} characters: {key!r}")
        return key

    def format(self, context: CodeContext, number: int) -> str:
        """The code for ``number`` (≥ 1); wider numbers are written in full, never truncated."""
        if number < 1:
            raise ValueError("sequence numbers start at 1")
        day = context.local_date()
        pieces: list[str] = []
        for part in self.parts:
            if isinstance(part, Text):
                pieces.append(part.text)
            elif isinstance(part, SequenceSpec):
                pieces.append(f"{number:0{part.width}d}")
            elif part.name in DATE_TOKENS:
                pieces.append(_date_text(part.name, day))
            else:
                pieces.append(_value(context, part.name))
        return "".join(pieces)

    def parse_code(self, code: str) -> ParsedCode:
        """Read a code back into its token values and number (only for `parseable` patterns)."""
        if not self.parseable:
            raise ValueError(f"pattern {self.text!r} cannot be read back unambiguously")
        match = _code_regex(self).fullmatch(code)
        if match is None:
            raise ValidationFailed(
                f"Mã “{code}” không đúng mẫu {self.text}.",
                code="numbering.code_mismatch",
                message_en=f"The code “{code}” does not follow the pattern {self.text}.",
                field="code",
            )
        values = {name: text for name, text in match.groupdict().items() if name != "seq"}
        return ParsedCode(values=values, number=int(match.group("seq")))


def parse_pattern(text: str, *, unique_codes: bool = True) -> Pattern:
    """Parse and check a pattern. With ``unique_codes`` (the default) refuse a pattern whose codes
    could repeat because the code lacks the period or scope its sequence restarts over."""
    parts: list[Part] = []
    position = 0
    for match in re.finditer(r"\{([^{}]*)\}", text):
        _check_literal(text, text[position : match.start()])
        if match.start() > position:
            parts.append(Text(text[position : match.start()]))
        parts.append(_parse_token(text, match.group(1).strip()))
        position = match.end()
    _check_literal(text, text[position:])
    if position < len(text):
        parts.append(Text(text[position:]))
    sequences = [part for part in parts if isinstance(part, SequenceSpec)]
    if len(sequences) != 1:
        raise _invalid(
            text,
            "phải có đúng một số thứ tự {seq}" if not sequences else "chỉ được có một số thứ tự {seq}",
            "it needs exactly one sequence token {seq}",
        )
    names = [part.name for part in parts if isinstance(part, Token)]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _invalid(
            text, f"thành phần {{{repeated[0]}}} lặp lại", f"the token {{{repeated[0]}}} is repeated"
        )
    pattern = Pattern(text=text, parts=tuple(parts), sequence=sequences[0])
    if unique_codes:
        _check_unique(pattern)
    return pattern


@lru_cache(maxsize=64)
def cached_pattern(text: str) -> Pattern:
    """`parse_pattern` remembered per text, for settings read on every request."""
    return parse_pattern(text)


def _parse_token(text: str, body: str) -> Part:
    if body in DATE_TOKENS or body in TEXT_TOKENS:
        return Token(body)
    if body == "seq" or body.startswith(("seq:", "seq,")):
        return _parse_sequence(text, body)
    known = ", ".join(sorted({*DATE_TOKENS, *TEXT_TOKENS, "seq"}))
    raise _invalid(
        text,
        f"không biết thành phần {{{body}}} (dùng được: {known})",
        f"unknown token {{{body}}} (known: {known})",
    )


def _parse_sequence(text: str, body: str) -> SequenceSpec:
    head, *options = [re.sub(r"\s+", "_", piece.strip()) for piece in body.split(",")]
    width = 1
    if ":" in head:
        width_text = head.split(":", 1)[1].strip()
        if not width_text.isdigit() or not 1 <= int(width_text) <= MAX_WIDTH:
            raise _invalid(
                text,
                f"độ rộng số thứ tự “{width_text}” phải là số nguyên từ 1 đến {MAX_WIDTH}",
                f"the sequence width “{width_text}” must be a whole number from 1 to {MAX_WIDTH}",
            )
        width = int(width_text)
    periods = [Period(option) for option in options if option in _PERIODS]
    scopes = [Scope(option) for option in options if option in _SCOPES]
    unknown = [option for option in options if option not in _PERIODS | _SCOPES]
    if unknown:
        raise _invalid(
            text,
            f"không biết tùy chọn “{unknown[0]}” của {{seq}} (chu kỳ: daily, monthly, yearly, never; "
            "phạm vi: per_agency, per_procedure, global)",
            f"unknown {{seq}} option “{unknown[0]}” (period: daily, monthly, yearly, never; "
            "scope: per_agency, per_procedure, global)",
        )
    if len(periods) > 1 or len(scopes) > 1:
        raise _invalid(
            text,
            "số thứ tự chỉ có một chu kỳ và một phạm vi",
            "a sequence has one period and one scope",
        )
    return SequenceSpec(
        width=width,
        period=periods[0] if periods else Period.DAILY,
        scope=scopes[0] if scopes else Scope.PER_AGENCY,
    )


def _check_literal(text: str, literal: str) -> None:
    if "{" in literal or "}" in literal:
        raise _invalid(text, "dấu ngoặc nhọn không khớp", "unbalanced braces")
    if not _LITERAL_CHARS.match(literal):
        raise _invalid(
            text,
            f"ký tự “{literal}” không dùng được (chỉ chữ cái không dấu, chữ số và . _ - /)",
            f"the text “{literal}” is not allowed (only ASCII letters, digits and . _ - /)",
        )


def _check_unique(pattern: Pattern) -> None:
    names = pattern.token_names
    has_year = bool(names & {"yyyy", "yy", "yymmdd", "yyyymmdd"})
    has_month = bool(names & {"mm", "yymmdd", "yyyymmdd"})
    has_day = bool(names & {"dd", "yymmdd", "yyyymmdd"})
    period = pattern.sequence.period
    needs = {
        Period.DAILY: (has_year and has_month and has_day, "ngày, tháng và năm", "day, month and year"),
        Period.MONTHLY: (has_year and has_month, "tháng và năm", "month and year"),
        Period.YEARLY: (has_year, "năm", "year"),
        Period.NEVER: (True, "", ""),
    }
    ok, what_vi, what_en = needs[period]
    if not ok:
        raise _invalid(
            pattern.text,
            f"số thứ tự đánh lại {_PERIOD_VI[period]} nên mã phải có {what_vi}, nếu không mã sẽ bị trùng",
            f"the sequence restarts {period} so the code needs the {what_en}, or codes would repeat",
        )
    scope = pattern.sequence.scope
    if scope is Scope.PER_AGENCY and not names & {"agency", "agency_short"}:
        raise _invalid(
            pattern.text,
            "số thứ tự đếm riêng từng cơ quan nên mã phải có {agency} hoặc {agency_short}",
            "the sequence is counted per agency so the code needs {agency} or {agency_short}",
        )
    if scope is Scope.PER_PROCEDURE and "procedure" not in names:
        raise _invalid(
            pattern.text,
            "số thứ tự đếm riêng từng thủ tục nên mã phải có {procedure}",
            "the sequence is counted per procedure so the code needs {procedure}",
        )


def _invalid(text: str, reason_vi: str, reason_en: str) -> ValidationFailed:
    return ValidationFailed(
        f"Mẫu mã “{text}” không hợp lệ: {reason_vi}.",
        code="numbering.pattern_invalid",
        message_en=f"The code pattern “{text}” is not valid: {reason_en}.",
        field="pattern",
    )


def _value(context: CodeContext, name: str) -> str:
    value: str = getattr(context, name)
    if not value:
        raise ValidationFailed(
            f"Thiếu giá trị {{{name}}} để tạo mã.",
            code="numbering.context_missing",
            message_en=f"The value {{{name}}} needed for the code is missing.",
            field=name,
        )
    if not _VALUE_CHARS.match(value):
        raise ValidationFailed(
            f"Giá trị “{value}” của {{{name}}} chỉ được gồm chữ cái không dấu, chữ số, "
            "dấu chấm và gạch dưới.",
            code="numbering.context_invalid",
            message_en=f"The value “{value}” of {{{name}}} may only hold ASCII letters, digits, "
            "dots and underscores.",
            field=name,
        )
    return value


def _date_text(name: str, day: date) -> str:
    return {
        "yyyy": f"{day.year:04d}",
        "yy": f"{day.year % 100:02d}",
        "mm": f"{day.month:02d}",
        "dd": f"{day.day:02d}",
        "yymmdd": f"{day.year % 100:02d}{day.month:02d}{day.day:02d}",
        "yyyymmdd": f"{day.year:04d}{day.month:02d}{day.day:02d}",
    }[name]


def _code_regex(pattern: Pattern) -> re.Pattern[str]:
    pieces: list[str] = []
    for part in pattern.parts:
        if isinstance(part, Text):
            pieces.append(re.escape(part.text))
        elif isinstance(part, SequenceSpec):
            pieces.append(rf"(?P<seq>\d{{{part.width},}})")
        elif part.name in DATE_TOKENS:
            pieces.append(rf"(?P<{part.name}>\d{{{DATE_TOKENS[part.name]}}})")
        else:
            pieces.append(rf"(?P<{part.name}>{_VALUE_CLASS}+)")
    return re.compile("".join(pieces))
