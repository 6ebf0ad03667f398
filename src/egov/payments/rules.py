"""The payment state machine, in plain Python (no Django import).

A payment is *pending* when requested; it becomes *paid* only by a verified gateway notification
with the right amount or by cash recorded by an officer; *failed* when the gateway reports a
failure (the citizen may try again: a failed payment can still be paid by a later notification of
a successful attempt), *expired* when nobody paid before ``expires_at`` (a late verified payment
is still accepted: the money has moved), *cancelled* by an officer. A paid payment is never paid
again; refunds are recorded on it and never exceed the amount paid. Amounts are integers in VND.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Reason(StrEnum):
    SUBMISSION = "submission"  # toàn trình: paid when the dossier is submitted online
    FINANCIAL_OBLIGATION = "financial_obligation"  # status 6: a step waits for the payment


class Outcome(StrEnum):
    """What `services.record_gateway_result` did with a gateway's (verified) result."""

    CONFIRMED = "confirmed"  # the payment is now paid
    ALREADY_CONFIRMED = "already_confirmed"  # it was paid before: nothing changed
    UNKNOWN_ORDER = "unknown_order"  # no payment (or attempt) has this reference
    WRONG_AMOUNT = "wrong_amount"  # the amount differs from the payment's: nothing changed
    FAILED_RECORDED = "failed_recorded"  # the gateway reports a failure; recorded, still payable
    NOT_PAYABLE = "not_payable"  # cancelled: a success is recorded for reconciliation, not applied


PAYABLE = frozenset({State.PENDING, State.FAILED, State.EXPIRED})
"""States from which money received makes the payment paid."""

OPEN = frozenset({State.PENDING, State.FAILED})
"""States in which the citizen may still start a payment."""


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    state: State  # the state after the event


def on_result(*, state: State, expected: int, amount: int, succeeded: bool) -> Decision:
    """What a verified gateway result does to a payment in ``state`` that expects ``expected`` VND."""
    if state == State.PAID:
        if succeeded and amount == expected:
            return Decision(Outcome.ALREADY_CONFIRMED, state)
        if succeeded:
            return Decision(Outcome.WRONG_AMOUNT, state)
        return Decision(Outcome.ALREADY_CONFIRMED, state)  # a late failure of another attempt
    if succeeded and amount != expected:
        return Decision(Outcome.WRONG_AMOUNT, state)
    if state == State.CANCELLED:
        return Decision(Outcome.NOT_PAYABLE if succeeded else Outcome.FAILED_RECORDED, state)
    if succeeded:
        return Decision(Outcome.CONFIRMED, State.PAID)
    if state == State.EXPIRED:
        return Decision(Outcome.FAILED_RECORDED, state)
    return Decision(Outcome.FAILED_RECORDED, State.FAILED)


def can_pay_cash(state: State) -> bool:
    return state in PAYABLE


def can_cancel(state: State) -> bool:
    return state in OPEN or state == State.EXPIRED


def can_expire(state: State) -> bool:
    return state in OPEN


def refundable(*, state: State, paid: int, refunded: Iterable[int]) -> int:
    """How much may still be refunded (0 when not paid)."""
    if state != State.PAID:
        return 0
    return max(paid - sum(refunded), 0)
