"""Catalogue rules in plain Python: the legal time of a procedure in working hours, and how a
process template's step hours are scaled to another legal time.

No Django import: these run in microseconds under hypothesis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_WORKING_DAY = Decimal("8")
"""One working day is 8 working hours (DOMAIN §4: two sessions, 07:30–11:30 and 13:00–17:00)."""

HALF_HOUR = Decimal("0.5")


def legal_hours(processing_time: Decimal, unit: str, single_day_cutoff: dt.time | str | None) -> Decimal:
    """The legal processing time in working hours.

    ``unit`` is "working_days" (× 8 hours) or "working_hours" (as given). A single-day procedure
    (one with a cut-off time, usually 15:00 — received after it, returned the next working day)
    counts as one working day, 8 hours, whatever its stated time.
    """
    if single_day_cutoff not in (None, ""):
        return HOURS_PER_WORKING_DAY
    time = Decimal(processing_time)
    if time < 0:
        raise ValueError("processing_time must not be negative")
    if unit == "working_days":
        return time * HOURS_PER_WORKING_DAY
    if unit == "working_hours":
        return time
    raise ValueError(f"unknown processing time unit {unit!r}")


def round_to_half_hour(hours: Decimal) -> Decimal:
    """Nearest half hour, halves rounded up: 1.24 → 1, 1.25 → 1.5, 2.75 → 3."""
    return (hours / HALF_HOUR).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * HALF_HOUR


def scale_hours(hours: Sequence[Decimal], target: Decimal) -> list[Decimal]:
    """Scale step hours proportionally so that they add up to ``target`` exactly.

    Each scaled value is rounded to the nearest half hour; the rounding difference is then put on
    the longest step (the first one among equals). Should a large negative correction exceed the
    longest step, what it cannot take moves on to the next longest, so no step goes below zero.
    The sum is always exactly ``target``. An all-zero source cannot be scaled to a positive time.
    """
    if target < 0:
        raise ValueError("target must not be negative")
    source_total = sum(hours, Decimal("0"))
    if any(value < 0 for value in hours):
        raise ValueError("hours must not be negative")
    if source_total == 0:
        if target == 0:
            return [Decimal("0") for _ in hours]
        raise ValueError("cannot scale hours that add up to zero")
    scaled = [round_to_half_hour(value * target / source_total) for value in hours]
    difference = target - sum(scaled, Decimal("0"))
    by_length = sorted(range(len(scaled)), key=lambda index: (-hours[index], index))
    for index in by_length:
        if difference == 0:
            break
        adjustment = max(difference, -scaled[index])
        scaled[index] += adjustment
        difference -= adjustment
    return scaled
