"""Any catalogue document survives JSON and Excel unchanged (no database): document → JSON → document
and document → workbook → document give back exactly the same records."""

from __future__ import annotations

import datetime as dt
import io
import json
import string
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.procedures.interchange import columns as c
from egov.procedures.interchange import excel
from egov.procedures.interchange.document import (
    ActionDoc,
    AgencyDoc,
    CatalogueDoc,
    FeeDoc,
    FieldDoc,
    PaperDoc,
    ProcedureDoc,
    ProcessDoc,
    StepDoc,
    VersionDoc,
    parse_json,
    to_json,
)

# Any printable text, Vietnamese included, with line feeds and tabs but no other control character
# (the format refuses those) and no carriage return (normalised to a line feed on reading).
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    max_size=40,
)
required_text = text.filter(lambda value: value.strip() != "")
codes = st.text(alphabet=string.ascii_uppercase + string.digits + ".-_/", min_size=1, max_size=12)
slugs = st.text(alphabet=string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=12)
identifiers = st.from_regex(r"\A\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}\Z")
hours = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2).map(c.canonical_decimal)
small = st.integers(0, 32767)


def choice(values: tuple[str, ...], blank: bool = False) -> st.SearchStrategy[str]:
    return st.sampled_from(values + (("",) if blank else ()))


steps = st.builds(
    StepDoc,
    code=slugs,
    order=small,
    name=required_text,
    responsible=choice(c.RESPONSIBLE),
    role=choice(c.ROLES, blank=True),
    allotted_hours=hours,
    national_status=st.integers(1, 10),
    is_initial=st.booleans(),
    is_terminal=st.booleans(),
    counts_toward_time=st.booleans(),
    other_agency=st.none() | identifiers,
    other_agency_kind=choice(c.AGENCY_KINDS, blank=True),
)
actions = st.builds(
    ActionDoc,
    code=slugs,
    name=required_text,
    from_step=slugs,
    to_step=slugs,
    roles=st.lists(st.sampled_from(c.ROLES), min_size=1, max_size=3, unique=True).map(tuple),
    clock_effect=choice(c.CLOCK_EFFECTS),
    requires_papers=st.booleans(),
    requires_signature=st.booleans(),
    requires_payment=st.booleans(),
)
processes = st.builds(
    ProcessDoc,
    code=codes,
    name=required_text,
    is_template=st.booleans(),
    supplement_clock=choice(c.SUPPLEMENT_CLOCKS),
    description=text,
    steps=st.lists(steps, max_size=4).map(tuple),
    actions=st.lists(actions, max_size=3).map(tuple),
)
json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
schemas = st.dictionaries(
    st.text(max_size=8),
    st.recursive(
        json_leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3)
    ),
    max_size=4,
)
versions = st.builds(
    VersionDoc,
    number=st.integers(1, 50),
    status=choice(c.STATUSES),
    effective_from=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    decision=text,
    name=required_text,
    field=codes,
    level=choice(c.LEVELS),
    description=text,
    processing_time=hours,
    processing_time_unit=choice(c.TIME_UNITS),
    single_day_cutoff=st.none() | st.times().map(lambda value: value.replace(second=0, microsecond=0)),
    conditions=text,
    result=required_text,
    legal_basis=required_text,
    online_level=choice(c.ONLINE_LEVELS),
    legacy_level=st.none() | st.integers(1, 4),
    accepts_online=st.booleans(),
    source_note=text,
    process=st.none() | codes,
    eform_schema=schemas,
    agencies=st.lists(
        st.builds(
            AgencyDoc,
            part=choice(c.AGENCY_PARTS),
            agency=st.none() | identifiers,
            agency_kind=choice(c.AGENCY_KINDS, blank=True),
            note=text,
        ),
        max_size=2,
    ).map(tuple),
    fees=st.lists(
        st.builds(
            FeeDoc,
            kind=choice(c.FEE_KINDS),
            code=codes,
            name=required_text,
            amount=st.integers(0, 10**14 - 1),
            note=text,
        ),
        max_size=2,
    ).map(tuple),
    papers=st.lists(
        st.builds(
            PaperDoc,
            code=codes,
            name=required_text,
            originals=small,
            copies=small,
            is_required=st.booleans(),
            reusable=st.booleans(),
            form_template_name=text,
            note=text,
        ),
        max_size=2,
    ).map(tuple),
)
procedures = st.builds(
    ProcedureDoc,
    national_code=codes,
    versions=st.lists(versions, min_size=1, max_size=3, unique_by=lambda version: version.number).map(tuple),
)
catalogues = st.builds(
    CatalogueDoc,
    fields=st.lists(st.builds(FieldDoc, code=codes, name=required_text), max_size=3).map(tuple),
    processes=st.lists(processes, max_size=3, unique_by=lambda process: process.code).map(tuple),
    procedures=st.lists(procedures, max_size=3, unique_by=lambda procedure: procedure.national_code).map(
        tuple
    ),
)


@given(catalogues)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_catalogue_reads_back_from_its_json_text_unchanged(document: CatalogueDoc) -> None:
    text_form = json.dumps(to_json(document), ensure_ascii=False)
    parsed, problems = parse_json(json.loads(text_form))
    assert problems == []
    assert parsed == document


@given(catalogues)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_catalogue_reads_back_from_its_excel_workbook_unchanged(document: CatalogueDoc) -> None:
    buffer = io.BytesIO()
    excel.save_workbook(document, buffer)
    buffer.seek(0)
    parsed, problems = excel.read_workbook(buffer)
    assert problems == []
    assert parsed == document
