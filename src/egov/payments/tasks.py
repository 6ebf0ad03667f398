"""Periodic sweeps of the payments app (run by `egov scheduler`)."""

from __future__ import annotations

from datetime import timedelta

from egov.core.tasks import scheduled
from egov.payments import services


@scheduled(every=timedelta(minutes=5), name="payments.expire_stale")
def expire_stale_payments() -> int:
    """Unpaid bills past their expiry become expired (a new bill is made when the applicant pays)."""
    return services.expire_stale()
