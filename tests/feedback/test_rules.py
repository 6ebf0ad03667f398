"""Satisfaction rules (`egov.feedback.rules`): when a dossier may be rated, the levels, the comment,
the satisfied share. Pure Python, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.errors import ValidationFailed
from egov.feedback import rules
from egov.feedback.rules import Level, SatisfactionCounts


@given(status=st.integers(1, 10), closed=st.booleans(), rated=st.booleans())
def test_may_rate_only_once_after_completion(status, closed, rated):
    allowed = rules.may_rate(status=status, closed=closed, already_rated=rated)
    assert allowed == (status in (9, 10) and not closed and not rated)


@pytest.mark.parametrize(
    ("raw", "level"), [("3", Level.VERY_SATISFIED), (2, Level.SATISFIED), (" 1 ", Level.NOT_SATISFIED)]
)
def test_levels_are_read_from_the_form(raw, level):
    assert rules.clean_level(raw) == level


@pytest.mark.parametrize("raw", ["0", "4", "", None, "rất hài lòng", "2.5"])
def test_other_levels_are_refused_beside_the_field(raw):
    with pytest.raises(ValidationFailed) as refused:
        rules.clean_level(raw)
    assert (refused.value.code, refused.value.field) == ("feedback.level_invalid", "level")
    assert "mức độ hài lòng" in refused.value.message_vi


def test_level_labels_are_the_national_portals():
    assert [level.label for level in (Level.VERY_SATISFIED, Level.SATISFIED, Level.NOT_SATISFIED)] == [
        "Rất hài lòng",
        "Hài lòng",
        "Không hài lòng",
    ]


def test_comment_is_trimmed_and_refused_past_2000_characters():
    assert rules.clean_comment("  Cán bộ hướng dẫn tận tình  ") == "Cán bộ hướng dẫn tận tình"
    assert rules.clean_comment(None) == ""
    assert rules.clean_comment("x" * 2000) == "x" * 2000
    with pytest.raises(ValidationFailed) as refused:
        rules.clean_comment("x" * 2001)
    assert (refused.value.code, refused.value.field) == ("feedback.comment_too_long", "comment")


@given(very=st.integers(0, 500), satisfied=st.integers(0, 500), unhappy=st.integers(0, 500))
def test_satisfied_share_counts_very_satisfied_and_satisfied(very, satisfied, unhappy):
    counts = SatisfactionCounts(very_satisfied=very, satisfied=satisfied, not_satisfied=unhappy)
    assert counts.total == very + satisfied + unhappy
    if counts.total == 0:
        assert counts.satisfied_share is None
    else:
        assert counts.satisfied_share == pytest.approx((very + satisfied) / counts.total)
        assert 0 <= counts.satisfied_share <= 1


@given(st.lists(st.sampled_from(list(Level)), max_size=50))
def test_adding_ratings_one_by_one_counts_each_level(levels):
    counts = SatisfactionCounts()
    for level in levels:
        counts = counts.add(level)
    assert (counts.very_satisfied, counts.satisfied, counts.not_satisfied) == (
        levels.count(Level.VERY_SATISFIED),
        levels.count(Level.SATISFIED),
        levels.count(Level.NOT_SATISFIED),
    )
