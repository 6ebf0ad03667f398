"""The payment state machine in plain Python: every result a gateway may send, in any order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from egov.payments import rules
from egov.payments.rules import Outcome, State


def test_a_verified_success_with_the_right_amount_pays_a_pending_payment():
    decision = rules.on_result(state=State.PENDING, expected=50_000, amount=50_000, succeeded=True)
    assert decision == rules.Decision(Outcome.CONFIRMED, State.PAID)


def test_the_same_success_twice_confirms_once():
    assert rules.on_result(state=State.PAID, expected=50_000, amount=50_000, succeeded=True).outcome == (
        Outcome.ALREADY_CONFIRMED
    )


def test_a_wrong_amount_changes_nothing():
    for state in State:
        decision = rules.on_result(state=state, expected=50_000, amount=5_000, succeeded=True)
        assert decision == rules.Decision(Outcome.WRONG_AMOUNT, state)


def test_a_failure_leaves_the_payment_payable():
    decision = rules.on_result(state=State.PENDING, expected=1, amount=1, succeeded=False)
    assert decision == rules.Decision(Outcome.FAILED_RECORDED, State.FAILED)
    assert rules.on_result(state=State.FAILED, expected=1, amount=1, succeeded=True).state == State.PAID


def test_a_late_failure_after_payment_does_not_unpay():
    assert rules.on_result(state=State.PAID, expected=1, amount=1, succeeded=False).state == State.PAID


def test_a_cancelled_bill_is_not_paid_by_a_late_success():
    decision = rules.on_result(state=State.CANCELLED, expected=1, amount=1, succeeded=True)
    assert decision == rules.Decision(Outcome.NOT_PAYABLE, State.CANCELLED)


def test_an_expired_bill_still_takes_money_that_moved():
    assert rules.on_result(state=State.EXPIRED, expected=9, amount=9, succeeded=True).state == State.PAID


def test_refunds_never_exceed_what_was_paid():
    assert rules.refundable(state=State.PAID, paid=100, refunded=[30, 50]) == 20
    assert rules.refundable(state=State.PENDING, paid=100, refunded=[]) == 0


events = st.one_of(
    st.tuples(st.just("result"), st.booleans(), st.sampled_from([100, 100, 100, 99, 0, 101])),
    st.tuples(st.just("cash"), st.just(True), st.just(100)),
    st.tuples(st.just("expire"), st.just(False), st.just(0)),
    st.tuples(st.just("cancel"), st.just(False), st.just(0)),
    st.tuples(st.just("refund"), st.just(False), st.integers(1, 150)),
)


@given(st.lists(events, max_size=30))
def test_random_event_sequences_never_pay_twice_and_refund_at_most_the_amount(sequence):
    expected = 100
    state = State.PENDING
    confirmations = 0
    refunded: list[int] = []
    for kind, succeeded, amount in sequence:
        before = state
        if kind == "result":
            decision = rules.on_result(state=state, expected=expected, amount=amount, succeeded=succeeded)
            state = decision.state
            if decision.outcome == Outcome.CONFIRMED:
                confirmations += 1
                assert before in rules.PAYABLE and succeeded and amount == expected
        elif kind == "cash" and rules.can_pay_cash(state):
            state = State.PAID
            confirmations += 1
        elif kind == "expire" and rules.can_expire(state):
            state = State.EXPIRED
        elif kind == "cancel" and rules.can_cancel(state):
            state = State.CANCELLED
        elif kind == "refund":
            left = rules.refundable(state=state, paid=expected, refunded=refunded)
            if 0 < amount <= left:
                refunded.append(amount)
        if before == State.PAID:
            assert state == State.PAID  # paid is final
        if state == State.PAID and before != State.PAID:
            assert kind in ("result", "cash")
        assert sum(refunded) <= expected
        assert not refunded or state == State.PAID
    assert confirmations <= 1
