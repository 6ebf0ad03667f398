"""Test data for payments: a counter whose procedure charges fees, online dossiers of a citizen, and
signed sandbox notifications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from egov.accounts.models import User
from egov.dossiers import services as dossier_services
from egov.dossiers.models import Dossier
from egov.payments.gateways.sandbox import protocol
from egov.payments.gateways.sandbox.gateway import secret
from egov.payments.models import Payment
from tests.accounts.factories import make_citizen
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, Counter, make_counter
from tests.procedures.factories import make_fee

FEES = (("Lệ phí cấp giấy phép", 50_000), ("Phí thẩm định", 25_000))


def with_fees(counter: Counter, fees: tuple[tuple[str, int], ...] = FEES) -> Counter:
    """``counter`` whose version charges exactly ``fees`` (the factory's default fee removed)."""
    counter.version.fees.all().delete()
    for name, amount in fees:
        make_fee(counter.version, name=name, amount=Decimal(amount))
    return counter


def fee_counter(fees: tuple[tuple[str, int], ...] = FEES, **fields: Any) -> Counter:
    """A counter whose procedure is offered toàn trình and charges ``fees`` (75,000 đồng by default)."""
    fields.setdefault("online_level", "full")
    return with_fees(make_counter(**fields), fees)


def submit_online(
    counter: Counter, citizen: User | None = None, *, at: dt.datetime = MONDAY_MORNING
) -> tuple[Dossier, User]:
    citizen = citizen or make_citizen()
    received = dossier_services.receive(
        channel=Dossier.Channel.ONLINE,
        actor=citizen,
        owner=citizen,
        agency=counter.agency,
        procedure=counter.procedure,
        applicant=APPLICANT,
        papers=counter.all_papers(),
        received_at=at,
    )
    return received.dossier, citizen


def sandbox_fields(
    payment: Payment, *, amount: int | None = None, result: str = "00", transaction: str = "SBX1"
) -> dict[str, str]:
    return protocol.signed(
        {
            "reference": payment.reference,
            "amount": str(payment.amount if amount is None else amount),
            "result": result,
            "transaction": transaction,
        },
        secret(),
    )
