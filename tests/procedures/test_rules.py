"""The legal time in working hours and the scaling of a template's step hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.procedures import rules

half_hours = st.integers(min_value=0, max_value=400).map(lambda n: Decimal(n) / 2)


def test_working_days_are_eight_hours_each():
    assert rules.legal_hours(Decimal("3"), "working_days", None) == Decimal("24")


def test_half_a_working_day_is_four_hours():
    assert rules.legal_hours(Decimal("0.5"), "working_days", None) == Decimal("4")


def test_working_hours_are_taken_as_given():
    assert rules.legal_hours(Decimal("6"), "working_hours", None) == Decimal("6")


def test_single_day_procedure_counts_one_working_day_whatever_its_stated_time():
    assert rules.legal_hours(Decimal("0"), "working_days", dt.time(15, 0)) == Decimal("8")
    assert rules.legal_hours(Decimal("0"), "working_days", "15:00") == Decimal("8")


def test_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="unit"):
        rules.legal_hours(Decimal("1"), "weeks", None)


@pytest.mark.parametrize(
    ("hours", "expected"),
    [("1.24", "1"), ("1.25", "1.5"), ("2.75", "3"), ("0.2", "0"), ("7", "7")],
)
def test_round_to_half_hour(hours, expected):
    assert rules.round_to_half_hour(Decimal(hours)) == Decimal(expected)


def test_rounding_difference_goes_to_the_longest_step():
    # 4/24 * 40 = 6.67 → 6.5 three times, 12/24 * 40 = 20 → the longest takes the missing 0.5
    assert rules.scale_hours([Decimal(4), Decimal(12), Decimal(4), Decimal(4)], Decimal(40)) == [
        Decimal("6.5"),
        Decimal("20.5"),
        Decimal("6.5"),
        Decimal("6.5"),
    ]


def test_a_large_negative_correction_spills_over_without_negative_steps():
    scaled = rules.scale_hours([Decimal(1)] * 10, Decimal(3))
    assert sum(scaled) == Decimal(3)
    assert min(scaled) >= 0


def test_zero_template_cannot_be_scaled_to_positive_time():
    with pytest.raises(ValueError, match="zero"):
        rules.scale_hours([Decimal(0), Decimal(0)], Decimal(8))


@given(hours=st.lists(half_hours, min_size=1, max_size=12), target=half_hours)
def test_scaled_hours_add_up_exactly_and_are_never_negative(hours, target):
    if sum(hours) == 0:
        hours[0] = Decimal("0.5")
    scaled = rules.scale_hours(hours, target)
    assert sum(scaled) == target
    assert all(value >= 0 for value in scaled)
    assert len(scaled) == len(hours)


@given(hours=st.lists(half_hours, min_size=1, max_size=12), target=half_hours)
def test_every_step_but_the_corrected_ones_is_its_rounded_proportional_share(hours, target):
    if sum(hours) == 0:
        hours[0] = Decimal("0.5")
    scaled = rules.scale_hours(hours, target)
    total = sum(hours)
    shares = [rules.round_to_half_hour(value * target / total) for value in hours]
    differing = [index for index in range(len(hours)) if scaled[index] != shares[index]]
    longest = max(range(len(hours)), key=lambda index: (hours[index], -index))
    assert not differing or longest in differing
    assert all(value % Decimal("0.5") == 0 for value in scaled)


@given(hours=st.lists(half_hours, min_size=1, max_size=12))
def test_scaling_to_the_same_total_changes_nothing(hours):
    if sum(hours) == 0:
        hours[0] = Decimal("0.5")
    assert rules.scale_hours(hours, sum(hours)) == hours
