"""Demo payments: bills of the demo dossiers whose procedures charge fees, some paid through the
sandbox gateway, some in cash at the counter, one refunded (a closed dossier); the dossiers waiting
for their financial obligation (status 6), if any, are billed and left unpaid so that the demo
citizen can pay one and watch it resume.

`offer_demo_vietqr` gives `egov demo` (only it) a fictitious VietQR collection account, so that the
demo offers the transfer by QR code; `egov payments sample-statement` then writes the bank statement
that reconciles it (`egov.payments.sample_statement`)."""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import MutableMapping

from django.conf import settings
from django.utils import timezone

from egov.core.errors import DomainError
from egov.core.models import OutboxEvent
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.payments import services
from egov.payments.models import Payment
from egov.payments.rules import Reason

SEED = 2026
LIMIT = 400
ONLINE_PAID_SHARE = 0.7

DEMO_VIETQR = {
    "EGOV_VIETQR_BIN": "970436",  # a real bank's NAPAS BIN (Vietcombank): banking apps read the code
    "EGOV_VIETQR_ACCOUNT": "0000000000000",  # obviously not an account: nobody can pay into it
    "EGOV_VIETQR_ACCOUNT_NAME": "KHO BAC NHA NUOC - TAI KHOAN MAU",
}
"""The demo's VietQR collection account: fictitious, shown only by `egov demo`."""


def offer_demo_vietqr(environ: MutableMapping[str, str] | None = None) -> dict[str, str]:
    """Give the demo (and the server and worker it starts, which inherit ``environ``) the fictitious
    VietQR account when no account is configured; returns what was set ({} when one is configured).

    Only `egov demo` calls this: a deployment never gets a demo account."""
    environ = os.environ if environ is None else environ
    if environ.get("EGOV_VIETQR_BIN") or environ.get("EGOV_VIETQR_ACCOUNT"):
        return {}
    if getattr(settings, "EGOV_VIETQR_BIN", "") or getattr(settings, "EGOV_VIETQR_ACCOUNT", ""):
        return {}
    for name, value in DEMO_VIETQR.items():
        if not environ.get(name):  # unset or empty: an empty variable configures nothing
            environ[name] = value
    return {name: environ[name] for name in DEMO_VIETQR}


def create_demo_payments(*, now: dt.datetime | None = None, seed: int = SEED, limit: int = LIMIT) -> int:
    """Bill up to ``limit`` demo dossiers that owe fees; returns how many bills were made."""
    if Payment.objects.exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(seed)
    start_marker = timezone.now()
    owing = (
        Dossier.objects.filter(payment_state=Dossier.PaymentState.PENDING, origin__isnull=True)
        .exclude(national_status=NationalStatus.FINANCIAL_OBLIGATION)
        .select_related("received_by", "version")
        .order_by("received_at", "pk")[:limit]
    )
    made = 0
    refunded = False
    for dossier in owing:
        at = dossier.received_at + dt.timedelta(minutes=rng.randint(5, 90))
        if at >= now:
            continue
        try:
            payment = services.request_payment(
                dossier=dossier, reason=Reason.SUBMISSION, at=dossier.received_at
            )
            made += 1
            if dossier.channel == Dossier.Channel.ONLINE:
                if rng.random() < ONLINE_PAID_SHARE:
                    services.record_gateway_result(
                        reference=payment.reference,
                        amount=payment.amount,
                        succeeded=True,
                        gateway_code="sandbox",
                        gateway_reference=f"SBX{rng.randrange(16**8):08X}",
                        at=at,
                        raw={"demo": True},
                    )
            elif dossier.received_by is not None:
                services.record_cash(
                    payment=payment, officer=dossier.received_by, received_amount=payment.amount, at=at
                )
                if not refunded and dossier.closed_at is not None:  # refused, stopped or withdrawn
                    services.refund(
                        payment=payment,
                        officer=dossier.received_by,
                        amount=payment.amount,
                        reason="Hồ sơ không được giải quyết: hoàn trả phí, lệ phí",
                        at=at + dt.timedelta(hours=1),
                    )
                    refunded = True
        except DomainError:  # a dossier the rules refuse: skip it, the others still count
            continue
    for dossier in Dossier.objects.filter(
        national_status=NationalStatus.FINANCIAL_OBLIGATION, closed_at__isnull=True, origin__isnull=True
    ).select_related("version"):
        try:
            services.request_payment(
                dossier=dossier, reason=Reason.FINANCIAL_OBLIGATION, at=min(now, dossier.step_started_at)
            )
            made += 1
        except DomainError:
            continue
    # Open bills of the past would expire at once: give the unpaid ones a fresh day from now.
    Payment.objects.filter(state="pending").update(
        expires_at=now + dt.timedelta(minutes=settings.EGOV_PAYMENT_EXPIRY_MINUTES)
    )
    OutboxEvent.objects.filter(created_at__gte=start_marker, status=OutboxEvent.Status.PENDING).update(
        status=OutboxEvent.Status.DELIVERED, delivered_at=timezone.now()
    )
    return made
