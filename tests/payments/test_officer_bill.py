"""The officer's bill page: notifications listed, refunds and cancellation through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from egov.payments import services
from egov.payments.models import Payment
from egov.payments.rules import Reason, State
from tests.accounts.factories import make_officer
from tests.dossiers.factories import make_counter, receive
from tests.payments.factories import fee_counter

pytestmark = pytest.mark.django_db


def paid(counter):
    payment = services.request_payment(dossier=receive(counter), reason=Reason.SUBMISSION)
    return services.record_cash(payment=payment, officer=counter.officer, received_amount=payment.amount)


def test_receiver_refunds_part_then_the_rest(client):
    counter = fee_counter()
    payment = paid(counter)
    url = reverse("payments:bill", args=[payment.reference])
    client.force_login(counter.officer)
    page = client.get(url).content.decode()
    assert "Ghi nhận hoàn tiền" in page and "confirmed" in page
    too_much = client.post(url, {"do": "refund", "refund-amount": "80000", "refund-reason": "Thu thừa"})
    assert too_much.status_code == 400 and "vượt quá" in too_much.content.decode()
    assert (
        client.post(url, {"do": "refund", "refund-amount": "25000", "refund-reason": "Thu thừa"}).status_code
        == 302
    )
    assert (
        client.post(url, {"do": "refund", "refund-amount": "50000", "refund-reason": "Từ chối"}).status_code
        == 302
    )
    assert payment.refunds.count() == 2
    assert Dossier.objects.get(pk=payment.dossier_id).payment_state == Dossier.PaymentState.REFUNDED
    assert "Ghi nhận hoàn tiền" not in client.get(url).content.decode()


def test_receiver_cancels_an_unpaid_bill(client):
    counter = fee_counter()
    payment = services.request_payment(dossier=receive(counter), reason=Reason.SUBMISSION)
    client.force_login(counter.officer)
    url = reverse("payments:bill", args=[payment.reference])
    assert client.post(url, {"do": "cancel", "cancel-reason": "Lập nhầm"}).status_code == 302
    assert Payment.objects.get(pk=payment.pk).state == State.CANCELLED


def test_a_specialist_sees_the_bill_but_cannot_change_it(client):
    counter = fee_counter()
    payment = paid(counter)
    client.force_login(make_officer(counter.agency, Role.SPECIALIST))
    url = reverse("payments:bill", args=[payment.reference])
    assert "Ghi nhận hoàn tiền" not in client.get(url).content.decode()
    client.post(url, {"do": "refund", "refund-amount": "1000", "refund-reason": "x"})
    assert not payment.refunds.exists()


def test_officers_of_other_agencies_and_citizens_do_not_see_the_bill(client):
    payment = paid(fee_counter())
    client.force_login(make_counter(agency_identifier="000.00.13.H57").officer)
    assert client.get(reverse("payments:bill", args=[payment.reference])).status_code == 404
