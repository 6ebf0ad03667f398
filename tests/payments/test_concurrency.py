"""The same notification arriving at the same moment on several connections (PostgreSQL row locks):
the bill is paid once, ``payment.paid`` is emitted once, every notification is kept."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.utils import timezone

from egov.core.models import OutboxEvent
from egov.payments import services
from egov.payments.models import Notification
from egov.payments.rules import Outcome, Reason, State
from tests.dossiers.factories import receive
from tests.payments.factories import fee_counter

THREADS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_notifications_pay_once():
    counter = fee_counter()
    payment = services.request_payment(dossier=receive(counter), reason=Reason.SUBMISSION)
    barrier = threading.Barrier(THREADS)
    outcomes: list[object] = []

    def deliver() -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(
                services.record_gateway_result(
                    reference=payment.reference,
                    amount=payment.amount,
                    succeeded=True,
                    gateway_code="sandbox",
                    gateway_reference="SBX-SAME",
                    at=timezone.now(),
                    raw={},
                )
            )
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes)) == sorted(
        [str(Outcome.CONFIRMED)] + [str(Outcome.ALREADY_CONFIRMED)] * (THREADS - 1)
    )
    payment.refresh_from_db()
    assert payment.state == State.PAID
    assert OutboxEvent.objects.filter(topic="payment.paid").count() == 1
    assert Notification.objects.filter(payment=payment).count() == THREADS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_billing_and_paying_at_once_do_not_deadlock():
    """A bill requested while a result for the dossier's previous bill arrives: both finish."""
    counter = fee_counter()
    dossier = receive(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def pay() -> None:
        try:
            barrier.wait(timeout=10)
            services.record_gateway_result(
                reference=payment.reference,
                amount=payment.amount,
                succeeded=True,
                gateway_code="sandbox",
                gateway_reference="A",
                at=timezone.now(),
                raw={},
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    def bill() -> None:
        try:
            barrier.wait(timeout=10)
            services.request_payment(dossier=dossier, reason=Reason.FINANCIAL_OBLIGATION)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=pay), threading.Thread(target=bill)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    payment.refresh_from_db()
    assert payment.state == State.PAID
