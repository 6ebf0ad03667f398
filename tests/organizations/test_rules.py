"""Electronic identifiers (QCVN 102:2016/BTTTT), short names and accent folding: no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.errors import ValidationFailed
from egov.organizations import rules
from egov.organizations.rules import AgencyIdentifier

level1 = st.builds(lambda letter, n: f"{letter}{n:02d}", st.sampled_from("ABCDEFGHK"), st.integers(1, 99))
two = st.integers(1, 99).map(lambda n: f"{n:02d}")
three = st.integers(1, 999).map(lambda n: f"{n:03d}")


@st.composite
def identifiers(draw: st.DrawFn) -> AgencyIdentifier:
    depth = draw(st.integers(1, 4))
    l2 = draw(two) if depth >= 2 else None
    l3 = draw(two) if depth >= 3 else None
    l4 = draw(three) if depth >= 4 else None
    return AgencyIdentifier(draw(level1), l2, l3, l4)


@pytest.mark.parametrize(
    ("text", "level", "parent"),
    [
        ("000.00.00.G22", 1, None),
        ("000.00.00.H41", 1, None),
        ("000.00.12.H12", 2, "000.00.00.H12"),
        ("000.03.12.H57", 3, "000.00.12.H57"),
        ("101.03.12.H57", 4, "000.03.12.H57"),
    ],
)
def test_known_identifiers_parse_with_their_level_and_parent(
    text: str, level: int, parent: str | None
) -> None:
    parsed = rules.parse_identifier(text)
    assert parsed.level == level
    assert str(parsed) == text
    assert (str(parsed.parent()) if parsed.parent() else None) == parent


def test_identifier_is_normalised_for_case_and_whitespace() -> None:
    assert rules.normalize_identifier("  000.00.12.h12 ") == "000.00.12.H12"
    assert rules.normalize_identifier("000. 00.00 .g22") == "000.00.00.G22"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "000.00.00",  # no level 1
        "000.00.00.22",  # level 1 without a group letter
        "000.00.00.H4",  # one digit
        "00.00.00.H41",  # level 4 must have three digits
        "000.0A.00.H41",  # letters below level 1
        "000-00-00-H41",
        "000.00.00.H00",  # level 1 cannot be "none"
        "000.01.00.H12",  # level 3 without level 2
        "001.00.05.H12",  # level 4 without level 3
        "001.01.00.H12",
    ],
)
def test_malformed_identifiers_are_refused_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.parse_identifier(text)
    assert caught.value.code == "agency.identifier_invalid"
    assert caught.value.field == "identifier"
    assert "định danh" in caught.value.message_vi or "Mã cấp 1" in caught.value.message_vi


@given(identifiers())
def test_formatting_then_parsing_gives_back_the_identifier(identifier: AgencyIdentifier) -> None:
    assert rules.parse_identifier(str(identifier)) == identifier
    assert rules.parse_identifier(str(identifier).lower()) == identifier


@given(identifiers())
def test_parent_is_one_level_up_and_an_ancestor(identifier: AgencyIdentifier) -> None:
    parent = identifier.parent()
    if identifier.level == 1:
        assert parent is None
    else:
        assert parent is not None
        assert parent.level == identifier.level - 1
        assert parent.level1 == identifier.level1
        assert parent.is_ancestor_of(identifier)
        assert not identifier.is_ancestor_of(parent)
        assert rules.parse_identifier(str(parent)) == parent


@given(identifiers(), st.integers(1, 99))
def test_child_lies_below_its_parent(identifier: AgencyIdentifier, number: int) -> None:
    if identifier.level == 4:
        with pytest.raises(ValidationFailed):
            identifier.child(number)
        return
    child = identifier.child(number)
    assert child.level == identifier.level + 1
    assert child.parent() == identifier
    assert rules.parse_identifier(str(child)) == child


@given(st.text(max_size=20))
def test_parsing_arbitrary_text_either_succeeds_canonically_or_raises_the_domain_error(text: str) -> None:
    try:
        parsed = rules.parse_identifier(text)
    except ValidationFailed as exc:
        assert exc.code == "agency.identifier_invalid"
    else:
        assert rules.normalize_identifier(str(parsed)) == str(parsed)


def test_child_number_must_fit_the_level_width() -> None:
    with pytest.raises(ValidationFailed):
        AgencyIdentifier("H57").child(100)
    assert str(AgencyIdentifier("H57", "01", "02").child(999)) == "999.02.01.H57"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Sở Xây dựng", "so xay dung"),
        ("ĐẶC KHU  Phú Quốc", "dac khu phu quoc"),
        ("Ủy ban nhân dân phường Thuận Hóa", "uy ban nhan dan phuong thuan hoa"),
        ("Giấy phép xây dựng", "giay phep xay dung"),
    ],
)
def test_folding_removes_vietnamese_accents_and_case(text: str, folded: str) -> None:
    assert rules.fold(text) == folded


@given(st.text(max_size=40))
def test_folding_is_idempotent(text: str) -> None:
    assert rules.fold(rules.fold(text)) == rules.fold(text)


def test_short_names_are_upper_cased_and_refuse_separators() -> None:
    assert rules.normalize_short_name(" sxd ") == "SXD"
    assert rules.normalize_short_name("snn&mt") == "SNN&MT"
    for bad in ("", "S XD", "QĐ/UBND", "x" * 33):
        with pytest.raises(ValidationFailed) as caught:
            rules.normalize_short_name(bad)
        assert caught.value.field == "short_name"


def test_subtree_membership_uses_whole_path_segments() -> None:
    assert rules.is_in_subtree("/1/5/12/", "/1/5/")
    assert rules.is_in_subtree("/1/5/", "/1/5/")
    assert not rules.is_in_subtree("/1/55/", "/1/5/")
    assert rules.child_path("", 7) == "/7/"
    assert rules.child_path("/1/5/", 12) == "/1/5/12/"


def test_search_text_folds_the_name_and_splits_the_short_name() -> None:
    assert rules.search_text("Ủy ban nhân dân phường Phú Xuân", "UBND-PPX") == (
        "uy ban nhan dan phuong phu xuan ubnd ppx"
    )
