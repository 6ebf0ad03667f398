"""Demo payments: counter dossiers paid in cash, most online ones through the sandbox, nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.payments.demo import create_demo_payments
from egov.payments.models import Payment
from egov.payments.rules import State
from tests.dossiers.factories import MONDAY_MORNING, receive
from tests.payments.factories import fee_counter, submit_online

pytestmark = pytest.mark.django_db


def test_demo_bills_owing_dossiers_once():
    counter = fee_counter()
    at_counter = receive(counter)
    online = [submit_online(counter)[0] for _ in range(4)]
    now = MONDAY_MORNING + dt.timedelta(days=3)
    made = create_demo_payments(now=now)
    assert made == 5
    cash = Payment.objects.get(dossier=at_counter)
    assert (cash.state, cash.gateway) == (State.PAID, "cash")
    states = {Payment.objects.get(dossier=dossier).state for dossier in online}
    assert State.PAID in states
    assert all(p.expires_at > now for p in Payment.objects.filter(state=State.PENDING))
    assert create_demo_payments(now=now) == 0
