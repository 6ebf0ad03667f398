"""Background work of core: the outbox delivery task, and the registry of periodic sweeps.

Tasks use Django's built-in Tasks framework with the django-tasks-db backend: `enqueue()` writes
a row in the caller's transaction, and `egov worker` runs it afterwards.

Periodic sweeps run in the `egov scheduler` process. An app registers its own in its `tasks.py`:

    @scheduled(every=timedelta(minutes=5))
    def remind_due_dossiers() -> int: ...

Each sweep must be safe to run twice at the same time (run one scheduler, but survive two).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.tasks import task
from django.utils.module_loading import autodiscover_modules

from egov.core import outbox


@task(queue_name=outbox.OUTBOX_QUEUE)
def deliver_event(event_id: str) -> str:
    """Deliver one outbox event to its handlers (one attempt; retries are enqueued by `deliver`)."""
    return outbox.deliver(event_id)


# --- Periodic sweeps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    every: timedelta
    function: Callable[[], Any]


_scheduled: dict[str, ScheduledJob] = {}


def scheduled(
    *, every: timedelta, name: str | None = None
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register a function for `egov scheduler` to call every `every` (first run at start-up)."""
    if every <= timedelta(0):
        raise ValueError("A scheduled job needs a positive period.")

    def register(function: Callable[[], Any]) -> Callable[[], Any]:
        job_name = name or f"{function.__module__}.{function.__qualname__}"
        _scheduled[job_name] = ScheduledJob(job_name, every, function)
        return function

    return register


def scheduled_jobs() -> list[ScheduledJob]:
    """Every registered job, after importing each installed app's `tasks` module."""
    autodiscover_modules("tasks")
    return sorted(_scheduled.values(), key=lambda job: job.name)


@scheduled(
    every=timedelta(seconds=float(getattr(settings, "EGOV_OUTBOX_SWEEP_SECONDS", 60))),
    name="core.outbox_sweep",
)
def sweep_outbox() -> int:
    """Re-enqueue outbox events whose delivery was lost (worker killed, task row gone)."""
    return outbox.sweep()
