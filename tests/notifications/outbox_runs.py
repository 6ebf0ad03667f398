"""Outbox deliveries run in a test the way `egov worker` runs its task rows (as tests/core/test_outbox.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from egov.core import outbox


def run_outbox(*, at: dt.datetime | None = None) -> int:
    """Run every ready task row of the outbox queue with the clock set to ``at``; how many ran."""
    moment = at or timezone.now()
    ran = 0
    while True:
        row = (
            DBTaskResult.objects.filter(status="READY", queue_name=outbox.OUTBOX_QUEUE)
            .exclude(run_after__gt=moment, run_after__lt=get_date_max())
            .order_by("enqueued_at")
            .first()
        )
        if row is None:
            return ran
        row.claim("test")
        outbox.deliver(row.args_kwargs["args"][0], now=moment)
        row.set_successful(None)
        ran += 1
