"""Accent-free search over the procedures in force (docs/adr/0004-accent-free-search.md).

"giay phep xay dung" finds "Giấy phép xây dựng": the query is folded in Python with
``egov.core.text.fold`` and matched against ``ProcedureVersion.search_folded``, which holds the same
folding of the version's text. Every word of the query must match a word of the text, in any order;
the last word may be unfinished ("giay phep xay d"). On PostgreSQL the match is full-text search
over ``search_vector`` (a stored, GIN-indexed ``to_tsvector('simple', search_folded)`` that migration
0002 adds); on SQLite it is a LIKE over the folded column padded with spaces. Both tokenise alike:
runs of letters and digits.

Only versions in force are searched: the latest published version whose effective date has come,
one row per procedure (``selectors.in_force``, the rule of ``selectors.version_in_force``). Drafts,
versions dated in the future and withdrawn versions are invisible.

Ranking: the procedure whose national code equals the query first, then versions whose *name* holds
every word, then the ones that match only elsewhere (field name, result); by name within a tier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)

from egov.core.text import fold
from egov.organizations.models import Agency
from egov.procedures import selectors
from egov.procedures.models import Procedure, ProcedureField, ProcedureVersion, VersionAgency

# Parts of a version's agencies that the agency filter looks at: where a citizen hands in the
# dossier and who settles it.
FILTER_PARTS = (VersionAgency.Part.RECEIVING, VersionAgency.Part.PROCESSING)

# Characters other than letters and digits that commonly separate words in catalogue text; SQLite
# has no regular expressions, so each becomes a space before a whole-word LIKE.
_SEPARATORS = ",.;:()[]/-\"'“”–—?!\n\t\r"

# What a result row shows (list page, API list); the long texts and the e-form stay in the database.
LIST_COLUMNS = (
    "procedure",
    "field",
    "number",
    "status",
    "name",
    "level",
    "online_level",
    "legacy_level",
    "accepts_online",
    "processing_time",
    "processing_time_unit",
    "single_day_cutoff",
    "effective_from",
)

_WORD = re.compile(r"\w+")


def query_words(q: str) -> list[str]:
    """The folded words of a query, split like PostgreSQL's ``simple`` parser splits text: runs of
    letters and digits. "Giấy phép, xây-dựng" → ["giay", "phep", "xay", "dung"]."""
    return _WORD.findall(fold(q).replace("_", " "))


def tsquery(words: list[str], *, weight: str = "") -> str:
    """``to_tsquery`` text: every word required, the last one as a prefix; ``weight="A"`` only
    matches words of the name. Words are ``\\w+`` only, so no operator can be smuggled in."""
    label = f":{weight}" if weight else ""
    return " & ".join([*(f"{word}{label}" for word in words[:-1]), f"{words[-1]}:*{weight}"])


class _VectorMatch(Func):
    """PostgreSQL: ``search_vector @@ to_tsquery('simple', <query>)`` over the stored vector of
    ``search_folded`` that migration 0002 adds (GIN-indexed, not a model field)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column_sql, _ = compiler.compile(self.source_expressions[0])  # "<table alias>"."search_folded"
        vector_sql = column_sql.removesuffix(connection.ops.quote_name("search_folded")) + "search_vector"
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        return f"{vector_sql} @@ to_tsquery('simple'::regconfig, {query_sql})", list(query_params)


class _FoldedName(Func):
    """The folded name inside ``search_folded``: ``folded_text()`` puts the name first and folding keeps
    a Vietnamese name's length, so it is ``SUBSTR(search_folded, 1, LENGTH(name))`` — no folding in
    SQL (PostgreSQL cannot run Python's ``fold``)."""

    def as_sql(self, compiler, connection, **extra):
        folded_sql, folded_params = compiler.compile(self.source_expressions[0])
        name_sql, name_params = compiler.compile(self.source_expressions[1])
        return f"SUBSTR({folded_sql}, 1, LENGTH({name_sql}))", [*folded_params, *name_params]


class _SpacedWords(Func):
    """``' ' || text || ' '`` with punctuation turned into spaces, so that " word " finds a whole
    word with LIKE (one ``translate`` on PostgreSQL; SQLite has none, so nested ``REPLACE``)."""

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(' ' || translate({sql}, %s, %s) || ' ')", [*params, _SEPARATORS, " " * len(_SEPARATORS)]

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for separator in _SEPARATORS:
            sql = f"REPLACE({sql}, %s, ' ')"
            params.append(separator)
        return f"(' ' || {sql} || ' ')", params


class _Contains(Func):
    """``<expr> LIKE '%needle%'`` with the needle escaped; both sides are folded to lower case."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        needle = self.source_expressions[1].value
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{text_sql} LIKE %s ESCAPE '\\'", [*text_params, f"%{escaped}%"]


def _words_like(expression: F | Func, words: list[str]) -> Q:
    """Every word of ``words`` is a whole word of ``expression``, the last one a word's beginning."""
    spaced = _SpacedWords(expression)
    condition = Q()
    for word in words[:-1]:
        condition &= Q(_Contains(spaced, Value(f" {word} ")))
    return condition & Q(_Contains(spaced, Value(f" {words[-1]}")))


def _text_matches(words: list[str], vendor: str) -> Q:
    """The search condition over ``search_folded``: full-text on PostgreSQL, LIKE on SQLite."""
    if vendor == "postgresql":
        return Q(_VectorMatch(F("search_folded"), Value(tsquery(words))))
    return _words_like(F("search_folded"), words)


def _name_matches(words: list[str], vendor: str) -> Q:
    """Every word is in the name itself: the A-weighted words of ``search_vector`` on PostgreSQL, a
    LIKE over the name's part of ``search_folded`` on SQLite."""
    if vendor == "postgresql":
        return Q(_VectorMatch(F("search_folded"), Value(tsquery(words, weight="A"))))
    return _words_like(_FoldedName(F("search_folded"), F("name")), words)


in_force = selectors.in_force
"""The versions in force on a day, one per procedure (``selectors.in_force``): what is searched."""


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
    field prefetched. ``field`` is a field or its code. The list page and the API both call this."""
    # The procedure and field come in two small queries for the page shown: joined in the main query
    # they would be joined to every match before sorting (measured: the join was a third of the time).
    qs = in_force(at).only(*LIST_COLUMNS).prefetch_related("procedure", "field")
    if field:
        codes = ProcedureField.objects.filter(code=field).values("pk") if isinstance(field, str) else None
        qs = qs.filter(field__in=codes) if codes is not None else qs.filter(field=field)
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
        return qs.order_by("name", "procedure_id")
    # Ordering and filtering only on the version's own columns lets PostgreSQL sort the matches and
    # join the procedure and field for the one page shown, not for every match.
    by_code = Subquery(Procedure.objects.filter(national_code=code).values("pk")[:1])
    vendor = connections[qs.db].vendor
    qs = qs.filter(_text_matches(words, vendor) | Q(procedure_id=by_code))
    name_match = _name_matches(words, vendor)
    rank = Case(
        When(procedure_id=by_code, then=Value(0)),
        When(name_match, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(search_rank=rank).order_by("search_rank", "name", "procedure_id")


def page_of(results: QuerySet[ProcedureVersion], number: object, *, per_page: int) -> Page:
    """One page of ``search()`` results in one query: the total comes with the rows as
    ``COUNT(*) OVER ()`` instead of a separate ``COUNT`` (which would scan and rank every match a
    second time). An invalid or too-high page number gives the last page, like ``get_page``."""
    try:
        number = max(int(str(number)), 1)
    except (TypeError, ValueError):
        number = 1
    counted = results.annotate(search_total=Window(Count("pk")))
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if rows:
        total = rows[0].search_total
    else:
        total = results.count()
        if total and number > 1:
            number = (total + per_page - 1) // per_page
            rows = list(counted[(number - 1) * per_page : number * per_page])
    paginator = Paginator(results, per_page)
    paginator.count = total  # cached_property: no COUNT query
    if not rows:
        number = 1
    return Page(rows, number, paginator)


def fields_in_use(*, at: date | None = None) -> QuerySet[ProcedureField]:
    """Fields that have at least one procedure in force, by name (the list page's field filter)."""
    return ProcedureField.objects.filter(Exists(in_force(at).filter(field=OuterRef("pk")))).order_by("name")
