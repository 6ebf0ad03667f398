"""Periodic sweeps of the accounts app (run by `egov scheduler`)."""

from __future__ import annotations

from datetime import timedelta

from egov.accounts import services_verification
from egov.core.tasks import scheduled


@scheduled(every=timedelta(hours=1), name="accounts.purge_spent_codes")
def purge_spent_codes() -> int:
    """One-time codes expired more than a day ago go, with the pending registrations they hold."""
    return services_verification.purge_spent_codes()
