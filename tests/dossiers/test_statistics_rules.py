"""The statistics rules without a database: contributions, deltas, on-time rate, reporting periods."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.dossiers.statistics import rules
from egov.dossiers.statistics.rules import Facts, Finish

DAY = date(2025, 7, 7)
days = st.integers(0, 40).map(lambda n: DAY + timedelta(days=n))


@st.composite
def facts(draw: st.DrawFn, *, linked: bool | None = None) -> Facts:
    closure = draw(st.sampled_from([None, None, 3, 7, 8]))
    finished = draw(st.sampled_from([None, *Finish]))
    return Facts(
        agency_id=draw(st.integers(1, 3)),
        procedure_id=draw(st.integers(1, 2)),
        received_day=draw(days),
        received=draw(st.booleans()),
        online=draw(st.booleans()),
        is_linked_child=draw(st.booleans()) if linked is None else linked,
        finished=finished,
        finished_day=draw(days) if finished is not None else None,
        closure_status=closure,
        closed_day=draw(days) if closure is not None else None,
    )


def total(rows: dict[rules.Key, dict[str, int]], *names: str) -> int:
    return sum(counts.get(name, 0) for counts in rows.values() for name in names)


FINISHED = ("finished_early", "finished_on_time", "finished_late")


@given(history=st.lists(facts(), min_size=1, max_size=8))
def test_applying_the_deltas_of_every_change_equals_a_recount_of_the_final_facts(history):
    rows: dict[rules.Key, dict[str, int]] = {}
    before = None
    for after in history:
        rows = rules.apply_deltas(rows, rules.deltas(before, after))
        before = after
    assert rows == rules.recount([history[-1]])


@given(changes=st.lists(st.tuples(st.integers(0, 4), facts()), max_size=25))
def test_many_dossiers_changing_in_any_order_never_drift(changes):
    rows: dict[rules.Key, dict[str, int]] = {}
    latest: dict[int, Facts] = {}
    for dossier, after in changes:
        rows = rules.apply_deltas(rows, rules.deltas(latest.get(dossier), after))
        latest[dossier] = after
    assert rows == rules.recount(latest.values())


@given(before=st.one_of(st.none(), facts()), after=facts())
def test_deltas_move_only_what_changed_in_key_order(before, after):
    moved = rules.deltas(before, after)
    assert [delta.key for delta in moved] == sorted({delta.key for delta in moved})
    assert all(amount != 0 for delta in moved for amount in delta.counts.values())
    assert rules.deltas(after, after) == []


@given(child=facts(linked=True))
def test_a_linked_child_adds_only_to_the_linked_counters(child):
    counted = rules.contributions(child)
    assert total(counted, *rules.TOTAL_COUNTERS) == 0
    if child.received:
        assert total(counted, "linked_received") == 1


@given(before=facts(linked=True), after=facts(linked=True))
def test_changes_of_a_linked_child_never_move_the_totals(before, after):
    for delta in rules.deltas(before, after):
        assert set(delta.counts) <= set(rules.LINKED_COUNTERS)


def test_an_origin_and_its_linked_child_count_once_in_the_province_totals():
    origin = Facts(1, 1, DAY, received=True, finished=Finish.ON_TIME, finished_day=DAY + timedelta(days=3))
    child = Facts(2, 1, DAY, received=True, is_linked_child=True, finished=Finish.LATE, finished_day=DAY)
    rows = rules.recount([origin, child])
    assert total(rows, "received") == 1
    assert total(rows, *FINISHED) == 1
    assert total(rows, "linked_received", "linked_finished_late") == 2


@given(one=facts())
def test_a_dossier_finished_counts_exactly_once_and_never_when_closed(one):
    counted = rules.contributions(one)
    finished = total(counted, *FINISHED, *(f"linked_{name}" for name in FINISHED))
    assert finished == (1 if one.finished is not None and one.closure_status is None else 0)
    assert all(amount == 1 for counts in counted.values() for amount in counts.values())


@given(history=st.lists(facts(), min_size=1, max_size=6), ending=facts())
def test_finishing_after_any_history_leaves_one_finished_count(history, ending):
    done = Facts(
        ending.agency_id, ending.procedure_id, ending.received_day, received=True,
        finished=Finish.EARLY, finished_day=DAY,
    )  # fmt: skip
    rows: dict[rules.Key, dict[str, int]] = {}
    before = None
    for after in [*history, done, done]:
        rows = rules.apply_deltas(rows, rules.deltas(before, after))
        before = after
    assert total(rows, *FINISHED) == 1
    assert total(rows, "finished_early") == 1
    assert total(rows, "received") == 1


def test_received_online_counts_only_own_dossiers_received_online():
    online = Facts(1, 1, DAY, received=True, online=True)
    assert rules.contributions(online) == {(1, 1, DAY): {"received": 1, "received_online": 1}}
    registered = Facts(1, 1, DAY, received=False, online=True)
    assert rules.contributions(registered) == {}


def test_a_closure_counts_on_its_day_and_the_receipt_on_its_own():
    refused = Facts(1, 2, DAY, received=True, closure_status=3, closed_day=DAY + timedelta(days=2))
    assert rules.contributions(refused) == {
        (1, 2, DAY): {"received": 1},
        (1, 2, DAY + timedelta(days=2)): {"refused": 1},
    }
    withdrawn = Facts(1, 2, DAY, received=True, closure_status=7, closed_day=DAY)
    assert rules.contributions(withdrawn) == {(1, 2, DAY): {"received": 1, "withdrawn": 1}}


@pytest.mark.parametrize(
    ("status", "closure", "online", "accepted", "expected"),
    [
        (1, None, True, False, False),  # only registered online
        (2, None, True, True, True),  # accepted
        (2, None, False, True, True),  # at the counter
        (3, 3, True, False, False),  # refused at registration
        (3, 3, True, True, True),  # refused after acceptance
        (3, 3, False, True, True),  # received at the counter, refused later (form 03)
        (8, 8, True, True, True),
        (7, 7, True, False, False),  # withdrawn online before anyone accepted it
        (7, 7, False, True, True),  # withdrawn after a counter receipt
        (4, None, True, False, True),  # processing: accepted, whoever did it
    ],
)
def test_was_received(status, closure, online, accepted, expected):
    assert (
        rules.was_received(status=status, closure_status=closure, online=online, accepted_by=accepted)
        is expected
    )


def test_on_time_rate_is_early_plus_on_time_over_finished():
    assert rules.on_time_rate(early=3, on_time=1, late=1) == Decimal("80.0")
    assert rules.on_time_rate(early=0, on_time=2, late=1) == Decimal("66.7")
    assert rules.on_time_rate(early=0, on_time=0, late=0) is None


@given(early=st.integers(0, 10**6), on_time=st.integers(0, 10**6), late=st.integers(0, 10**6))
def test_on_time_rate_is_a_percentage(early, on_time, late):
    rate = rules.on_time_rate(early=early, on_time=on_time, late=late)
    if early + on_time + late == 0:
        assert rate is None
    else:
        assert rate is not None and Decimal(0) <= rate <= Decimal(100)
        assert (rate == 100) == (late * 2000 <= early + on_time + late)  # rounded to 0.1


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31), "Tháng 7/2025"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024"),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30), "Quý III/2025"),
        ("2025-q1", date(2025, 1, 1), date(2025, 3, 31), "Quý I/2025"),
        ("2025-H1", date(2025, 1, 1), date(2025, 6, 30), "6 tháng đầu năm 2025"),
        ("2025-H2", date(2025, 7, 1), date(2025, 12, 31), "6 tháng cuối năm 2025"),
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "Năm 2025"),
    ],
)
def test_periods_of_decision_766(code, start, end, label):
    found = rules.parse_period(code)
    assert found is not None
    assert (found.start, found.end, found.label) == (start, end, label)
    assert rules.parse_period(found.code) == found


@pytest.mark.parametrize("code", ["", "2025-13", "2025-00", "2025-Q5", "2025-H3", "25-07", "2025/07", "x"])
def test_malformed_period_codes_are_refused(code):
    assert rules.parse_period(code) is None


@given(day=st.dates(date(2000, 1, 1), date(2100, 12, 31)), kind=st.sampled_from(rules.PeriodKind))
def test_every_day_lies_in_exactly_the_period_containing_it(day, kind):
    found = rules.period_containing(day, kind)
    assert day in found
    assert rules.parse_period(found.code) == found
    assert found.start.day == 1 and (found.end + timedelta(days=1)).day == 1


def test_recent_periods_are_those_started_by_today_newest_first():
    found = rules.recent_periods(date(2025, 8, 15), years=1)
    codes = [item.code for item in found]
    assert codes[:4] == ["2025", "2025-H2", "2025-H1", "2025-Q3"]
    assert "2025-08" in codes and "2025-09" not in codes and "2025-Q4" not in codes
