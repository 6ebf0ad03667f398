"""Random sequences of gateway results, cash and expiry against the services and the database: a bill
is paid at most once, only by a verified success with its amount or by cash, and ``payment.paid`` is
emitted exactly when it became paid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.core.errors import DomainError
from egov.core.models import OutboxEvent
from egov.payments import services
from egov.payments.models import Payment
from egov.payments.rules import Outcome, Reason, State
from tests.dossiers.factories import receive
from tests.payments.factories import fee_counter

pytestmark = pytest.mark.django_db

events = st.lists(
    st.one_of(
        st.tuples(st.just("result"), st.booleans(), st.sampled_from([0, 1, -1]), st.sampled_from(["A", "B"])),
        st.tuples(st.just("unknown"), st.just(True), st.just(0), st.just("C")),
        st.tuples(st.just("cash"), st.just(True), st.sampled_from([0, 0, 5]), st.just("")),
        st.tuples(st.just("expire"), st.just(False), st.just(0), st.just("")),
    ),
    max_size=8,
)


@pytest.fixture
def counter():
    return fee_counter()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=events)
def test_random_results_never_pay_twice(counter, sequence):
    payment = services.request_payment(dossier=receive(counter), reason=Reason.SUBMISSION)
    paid_events_before = OutboxEvent.objects.filter(topic="payment.paid").count()
    confirmations = 0
    for kind, succeeded, delta, transaction in sequence:
        before = Payment.objects.get(pk=payment.pk).state
        if kind == "result":
            outcome = services.record_gateway_result(
                reference=payment.reference,
                amount=payment.amount + delta,
                succeeded=succeeded,
                gateway_code="sandbox",
                gateway_reference=transaction,
                at=timezone.now(),
                raw={},
            )
            if outcome == Outcome.CONFIRMED:
                confirmations += 1
                assert succeeded and delta == 0 and before != State.PAID
        elif kind == "unknown":
            outcome = services.record_gateway_result(
                reference=f"{payment.reference}X",
                amount=payment.amount,
                succeeded=True,
                gateway_code="sandbox",
                gateway_reference="C",
                at=timezone.now(),
                raw={},
            )
            assert outcome == Outcome.UNKNOWN_ORDER
        elif kind == "cash":
            try:
                services.record_cash(
                    payment=payment, officer=counter.officer, received_amount=payment.amount + delta
                )
                confirmations += 1
                assert delta == 0 and before != State.PAID
            except DomainError:
                pass
        else:
            services.expire_stale(now=payment.expires_at + dt.timedelta(seconds=1))
        after = Payment.objects.get(pk=payment.pk).state
        if before == State.PAID:
            assert after == State.PAID
    assert confirmations <= 1
    final = Payment.objects.get(pk=payment.pk)
    assert (final.state == State.PAID) == (confirmations == 1)
    emitted = OutboxEvent.objects.filter(topic="payment.paid").count() - paid_events_before
    assert emitted == confirmations
