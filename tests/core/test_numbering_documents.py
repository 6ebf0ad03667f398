"""Number and symbol of official documents (Nghị định 30/2020, Hướng dẫn 36-HD/VPTW): pure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.document_numbers import STATE_TYPE_ABBREVIATIONS, document_counter_key, format_number_symbol
from egov.core.errors import ValidationFailed


def test_decision_of_the_peoples_committee():
    assert format_number_symbol(15, ["UBND"], doc_type="QĐ") == "15/QĐ-UBND"


def test_number_below_ten_takes_a_leading_zero():
    assert format_number_symbol(5, ["UBND"], doc_type="QĐ") == "05/QĐ-UBND"


def test_cong_van_has_no_type_part_and_names_the_drafting_unit():
    assert format_number_symbol(125, ["UBND", "TH"]) == "125/UBND-TH"


def test_drafting_unit_follows_the_issuer():
    assert format_number_symbol(1234, ["UBND", "VP"], doc_type="KH") == "1234/KH-UBND-VP"


def test_party_documents_put_the_type_after_a_hyphen():
    assert format_number_symbol(39, ["TU"], doc_type="CT", family="party") == "39-CT/TU"
    assert format_number_symbol(433, ["TU"], doc_type="NQ", family="party") == "433-NQ/TU"


def test_party_cong_van_carries_the_cv_type():
    assert format_number_symbol(59, ["TU"], doc_type="CV", family="party") == "59-CV/TU"


def test_party_document_without_a_type_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        format_number_symbol(59, ["TU"], family="party")
    assert caught.value.field == "doc_type"


def test_state_family_has_no_cv_and_says_why():
    with pytest.raises(ValidationFailed) as caught:
        format_number_symbol(125, ["UBND"], doc_type="CV")
    assert caught.value.code == "numbering.number_symbol_invalid"
    assert "Công văn không có phần tên loại" in caught.value.message_vi


@pytest.mark.parametrize("doc_type", ["QD", "qđ", "XYZ", "Qd", "", "CV-"])
def test_type_outside_appendix_three_is_refused(doc_type):
    with pytest.raises(ValidationFailed) as caught:
        format_number_symbol(1, ["UBND"], doc_type=doc_type)
    assert caught.value.field == "doc_type"


@pytest.mark.parametrize("parts", [[], ["UB ND"], ["UBND-TH"], ["UBND/TH"], [""]])
def test_symbol_parts_must_be_single_words(parts):
    with pytest.raises(ValidationFailed) as caught:
        format_number_symbol(1, parts, doc_type="QĐ")
    assert caught.value.field == "symbol"


def test_number_starts_at_one():
    with pytest.raises(ValidationFailed) as caught:
        format_number_symbol(0, ["UBND"], doc_type="QĐ")
    assert caught.value.field == "number"


def test_appendix_three_list_is_complete():
    assert len(STATE_TYPE_ABBREVIATIONS) == 27
    assert "CV" not in STATE_TYPE_ABBREVIATIONS


def test_document_numbers_restart_each_year_per_agency_in_vietnam_time():
    # 17:30 UTC on 31 December 2025 is already 1 January 2026 in Hà Nội.
    new_year = datetime(2025, 12, 31, 17, 30, tzinfo=UTC)
    assert document_counter_key(register="outgoing", agency="000.00.12.H12", at=new_year) == (
        "outgoing:2026:000.00.12.H12"
    )
    assert document_counter_key(register="outgoing:QĐ", agency="000.00.12.H12", at=new_year) != (
        document_counter_key(register="outgoing", agency="000.00.12.H12", at=new_year)
    )


issuers = st.lists(st.text("ABCDEGHIKLMNOPQRSTUVXYĐ", min_size=1, max_size=6), min_size=1, max_size=3)


@given(
    number=st.integers(1, 99_999),
    parts=issuers,
    doc_type=st.sampled_from([None, *sorted(STATE_TYPE_ABBREVIATIONS)]),
)
def test_state_number_symbol_reads_back_into_number_type_and_parts(number, parts, doc_type):
    text = format_number_symbol(number, parts, doc_type=doc_type)
    number_text, symbol = text.split("/")
    assert int(number_text) == number
    assert len(number_text) == max(2, len(str(number)))
    assert symbol.split("-") == ([doc_type] if doc_type else []) + parts
    assert " " not in text


@given(
    first=st.integers(1, 99_999),
    second=st.integers(1, 99_999),
    parts=issuers,
    doc_type=st.sampled_from(sorted(STATE_TYPE_ABBREVIATIONS)),
)
def test_distinct_numbers_of_one_series_give_distinct_number_symbols(first, second, parts, doc_type):
    same = format_number_symbol(first, parts, doc_type=doc_type) == format_number_symbol(
        second, parts, doc_type=doc_type
    )
    assert same == (first == second)


@given(
    number=st.integers(1, 99_999), parts=issuers, doc_type=st.sampled_from(["NQ", "CT", "CV", "KL", "QĐi"])
)
def test_party_number_symbol_reads_back(number, parts, doc_type):
    text = format_number_symbol(number, parts, doc_type=doc_type, family="party")
    head, issuer = text.split("/")
    number_text, type_text = head.split("-", 1)
    assert (int(number_text), type_text, issuer.split("-")) == (number, doc_type, parts)
