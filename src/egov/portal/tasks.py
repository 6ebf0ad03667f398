"""Periodic sweeps of the citizen portal (run by `egov scheduler`)."""

from __future__ import annotations

from datetime import timedelta

from egov.core.tasks import scheduled
from egov.portal import drafts


@scheduled(every=timedelta(hours=1), name="portal.purge_expired_drafts")
def purge_expired_drafts() -> int:
    """Drafts past their expiry that were never submitted go, with their files."""
    return drafts.purge_expired()
