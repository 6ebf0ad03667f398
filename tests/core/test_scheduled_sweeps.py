"""Each app's periodic sweep is registered with `egov scheduler`."""

from __future__ import annotations

from egov.core.tasks import scheduled_jobs


def test_the_scheduler_knows_every_sweep_of_the_apps():
    names = {job.name for job in scheduled_jobs()}
    assert {
        "core.outbox_sweep",
        "accounts.purge_spent_codes",
        "portal.purge_expired_drafts",
        "payments.expire_stale",
    } <= names
