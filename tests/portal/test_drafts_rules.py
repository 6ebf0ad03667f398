"""Pure rules of a draft: expiry, the papers still lacking a file, the order of the steps."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from egov.portal import draft_rules as rules
from egov.portal.draft_rules import PaperSlot

UTC = dt.UTC
moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(UTC)
)


@given(last_change=moments, days=st.integers(1, 365))
def test_a_draft_lives_exactly_its_days_after_the_last_change(last_change, days):
    expires = rules.expires_at(last_change, days=days)
    assert not rules.is_expired(expires, now=expires - dt.timedelta(microseconds=1))
    assert rules.is_expired(expires, now=expires)
    assert expires - last_change == dt.timedelta(days=days)


def test_zero_or_negative_days_still_keep_a_draft_one_day():
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert rules.expires_at(start, days=0) == start + dt.timedelta(days=1)


slots = st.lists(
    st.builds(PaperSlot, paper_id=st.integers(1, 50), name=st.text(max_size=5), required=st.booleans()),
    unique_by=lambda slot: slot.paper_id,
    max_size=8,
)


@given(slots=slots, attached=st.lists(st.one_of(st.none(), st.integers(1, 60)), max_size=10))
def test_missing_papers_are_the_required_ones_without_a_file_in_list_order(slots, attached):
    missing = rules.missing_papers(slots, attached)
    assert missing == [slot for slot in slots if slot.required and slot.paper_id not in attached]
    expected = rules.REVIEW if not missing else rules.PAPERS
    assert rules.next_step_after_papers(slots, attached) == expected


@given(reached=st.sampled_from(rules.STEPS), step=st.sampled_from(rules.STEPS))
def test_a_draft_never_forgets_a_step_it_reached(reached, step):
    later = rules.furthest(reached, step)
    assert rules.step_index(later) == max(rules.step_index(reached), rules.step_index(step))
    assert rules.may_open(reached, reached=later) and rules.may_open(step, reached=later)


def test_later_steps_open_only_once_reached():
    assert rules.may_open("form", reached="form")
    assert not rules.may_open("papers", reached="form")
    assert not rules.may_open("review", reached="papers")
    assert rules.may_open("papers", reached="review")
    assert not rules.may_open("nowhere", reached="review")
    assert rules.furthest("garbage", "form") == "form"
