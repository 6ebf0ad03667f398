"""Bills to pay through the gateways: a dossier received at a counter, owned by a citizen, billed by
`egov.payments.services.request_payment` (so reference, amount and items are what production writes)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from egov.accounts.models import User
from egov.dossiers.models import Dossier
from egov.payments import services
from egov.payments.models import Payment
from egov.procedures.models import Fee
from tests.accounts.factories import make_citizen
from tests.dossiers.factories import make_counter, receive
from tests.procedures.factories import make_fee


def make_payment(*, fee_amounts: tuple[int, ...] = (), **counter_fields: Any) -> tuple[Payment, User]:
    """A pending payment of a citizen's dossier (the counter's 50,000 đ charge plus ``fee_amounts``)."""
    counter = make_counter(**counter_fields)
    for amount in fee_amounts:
        make_fee(counter.version, kind=Fee.Kind.FEE, name="Phí thẩm định", amount=Decimal(amount))
    citizen = make_citizen()
    dossier = receive(counter)
    Dossier.objects.filter(pk=dossier.pk).update(owner=citizen)
    dossier.refresh_from_db()
    payment = services.request_payment(dossier=dossier, reason="financial_obligation")
    return payment, citizen
