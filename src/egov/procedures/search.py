"""Accent-free search over the procedures in force (docs/adr/0004-accent-free-search.md).

"giay phep xay dung" finds "Giấy phép xây dựng": the query is folded in Python with
``egov.core.text.fold`` and matched against ``ProcedureVersion.search_folded``, which holds the same
folding of the version's text. Every word of the query must match a word of the text, in any order;
the last word may be unfinished ("giay phep xay d"). On PostgreSQL the match is full-text search
(``to_tsvector('simple', search_folded)``, GIN expression index from migration 0002); on SQLite it is
a LIKE over the folded column padded with spaces. Both tokenise alike: runs of letters and digits.

Only versions in force are searched: the latest published version whose effective date has come,
one row per procedure (``selectors.published_versions``). Drafts, versions dated in the future and
withdrawn versions are invisible.

Ranking: the procedure whose national code equals the query first, then versions whose *name* holds
every word, then the ones that match only elsewhere (description, result…); by name within a tier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from egov.core.text import fold
from egov.organizations.models import Agency
from egov.procedures import selectors
from egov.procedures.models import ProcedureField, ProcedureVersion, VersionAgency

# Parts of a version's agencies that the agency filter looks at: where a citizen hands in the
# dossier and who settles it.
FILTER_PARTS = (VersionAgency.Part.RECEIVING, VersionAgency.Part.PROCESSING)

# Vietnamese letters with diacritics (both cases, precomposed) and what they fold to, for folding a
# column inside SQL where Python's ``fold`` cannot run (only used to rank name matches first).
_ACCENTED = {
    "a": "àáảãạăằắẳẵặâầấẩẫậ",
    "e": "èéẻẽẹêềếểễệ",
    "i": "ìíỉĩị",
    "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự",
    "y": "ỳýỷỹỵ",
    "d": "đ",
}
_FOLD_FROM = "".join(letters + letters.upper() for letters in _ACCENTED.values())
_FOLD_TO = "".join(base * (2 * len(letters)) for base, letters in _ACCENTED.items())
# Combining marks left by decomposed (NFD) input: dropped.
_COMBINING = "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
# Characters other than letters and digits that commonly separate words in catalogue text; SQLite
# has no regular expressions, so each becomes a space before a whole-word LIKE.
_SEPARATORS = ",.;:()[]/-\"'“”–—?!\n\t\r"

_WORD = re.compile(r"\w+")


def query_words(q: str) -> list[str]:
    """The folded words of a query, split like PostgreSQL's ``simple`` parser splits text: runs of
    letters and digits. "Giấy phép, xây-dựng" → ["giay", "phep", "xay", "dung"]."""
    return _WORD.findall(fold(q).replace("_", " "))


def tsquery(words: list[str]) -> str:
    """``to_tsquery`` text: every word required, the last one as a prefix. Words are ``\\w+`` only,
    so no operator can be smuggled in."""
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


class FoldedText(Func):
    """An expression folded inside SQL ("Giấy" → "giay"), for the name tier of the ranking.

    On SQLite it is Python's ``fold`` itself, registered as a SQL function. PostgreSQL cannot run
    Python: there ``translate`` maps the Vietnamese letters with diacritics (both cases, and the
    combining marks of decomposed text) to their base letters, which is all a procedure name
    holds."""

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"lower(translate({sql}, %s, %s))",
            [*params, _FOLD_FROM + _COMBINING, _FOLD_TO],
        )

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite runs Python's own fold, registered on the connection (cheap and idempotent).
        connection.ensure_connection()
        connection.connection.create_function(_SQLITE_FOLD, 1, _fold_words, deterministic=True)
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{_SQLITE_FOLD}({sql})", params


_SQLITE_FOLD = "egov_fold"


def _fold_words(text: str | None) -> str:
    return " ".join(query_words(text or ""))


class _SpacedWords(Func):
    """SQLite: ``' ' || text || ' '`` with punctuation turned into spaces, so that " word " finds a
    whole word."""

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for separator in _SEPARATORS:
            sql = f"REPLACE({sql}, %s, ' ')"
            params.append(separator)
        return f"(' ' || {sql} || ' ')", params


class _TsMatch(Func):
    """PostgreSQL: ``to_tsvector('simple', <expr>) @@ to_tsquery('simple', <query>)``. For the
    ``search_folded`` column this is exactly the expression of the GIN index."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        return (
            f"to_tsvector('simple'::regconfig, {text_sql}) @@ to_tsquery('simple'::regconfig, {query_sql})",
            [*text_params, *query_params],
        )


def _words_match(expression: F | Func, words: list[str], vendor: str) -> Q | Func:
    """A condition: every word of ``words`` is a word of ``expression``, the last one a prefix."""
    if vendor == "postgresql":
        return _TsMatch(expression, Value(tsquery(words)))
    spaced = _SpacedWords(expression)
    condition = Q()
    for word in words[:-1]:
        condition &= Q(_contains(spaced, f" {word} "))
    return condition & Q(_contains(spaced, f" {words[-1]}"))


class _Contains(Func):
    """``<expr> LIKE '%needle%'`` with the needle escaped (SQLite's LIKE is case-insensitive for
    ASCII, and both sides are already folded to lower case)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        needle = self.source_expressions[1].value
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{text_sql} LIKE %s ESCAPE '\\'", [*text_params, f"%{escaped}%"]


def _contains(expression: Func, needle: str) -> _Contains:
    return _Contains(expression, Value(needle))


def in_force(at: date | None = None) -> QuerySet[ProcedureVersion]:
    """The versions in force on ``at`` (today by default), one per procedure, as
    ``selectors.published_versions`` defines them (the rule dossiers bind by)."""
    return selectors.published_versions(at)


@dataclass(frozen=True)
class AgencyFilter:
    """The agency filter: one named agency (matches versions naming it or naming its kind, so a commune
    committee finds every commune-level procedure) or a kind of agency."""

    agency: Agency | None = None
    kind: str = ""

    def condition(self) -> Q:
        if self.agency is not None:
            return Q(agency=self.agency) | Q(agency_kind=self.agency.kind)
        return Q(agency_kind=self.kind) | Q(agency__kind=self.kind)


def parse_agency(value: str) -> AgencyFilter | None:
    """``value`` is a kind of agency (``commune_committee``) or an electronic identifier; ``None`` when
    it is neither (the caller then shows nothing rather than everything)."""
    from egov.organizations.selectors import agency_by_identifier

    value = (value or "").strip()
    if value in Agency.Kind.values:
        return AgencyFilter(kind=value)
    agency = agency_by_identifier(value)
    return AgencyFilter(agency=agency) if agency is not None else None


def search(
    *,
    q: str = "",
    field: ProcedureField | str | None = None,
    agency: AgencyFilter | None = None,
    level: str = "",
    online_level: str = "",
    at: date | None = None,
) -> QuerySet[ProcedureVersion]:
    """The versions in force that match ``q`` and the filters, best first, with their procedure and
    field loaded. ``field`` is a field or its code. The list page and the API both call this."""
    qs = in_force(at)
    if field:
        qs = qs.filter(field__code=field) if isinstance(field, str) else qs.filter(field=field)
    if level:
        qs = qs.filter(level=level)
    if online_level:
        qs = qs.filter(online_level=online_level)
    if agency is not None:
        qs = qs.filter(
            Exists(
                VersionAgency.objects.filter(version=OuterRef("pk"), part__in=FILTER_PARTS).filter(
                    agency.condition()
                )
            )
        )
    code = (q or "").strip()
    words = query_words(q)
    if not words:
        return qs.order_by("name", "procedure__national_code")
    vendor = connections[qs.db].vendor
    text_match = _words_match(F("search_folded"), words, vendor)
    qs = qs.filter(Q(text_match) | Q(procedure__national_code=code))
    name_match = _words_match(FoldedText(F("name")), words, vendor)
    rank = Case(
        When(procedure__national_code=code, then=Value(0)),
        When(name_match, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(search_rank=rank).order_by("search_rank", "name", "procedure__national_code")


def fields_in_use(*, at: date | None = None) -> QuerySet[ProcedureField]:
    """Fields that have at least one procedure in force, by name (the list page's field filter)."""
    return ProcedureField.objects.filter(Exists(in_force(at).filter(field=OuterRef("pk")))).order_by("name")
