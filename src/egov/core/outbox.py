"""The outbox: `emit()` writes an event in the business transaction; workers deliver it afterwards.

    with transaction.atomic():
        dossier.save()
        audit.record(officer, "dossier.received", dossier)
        outbox.emit("dossier.received", dossier, payload={"code": dossier.code})

    @outbox.handler("dossier.received")
    def notify_citizen(delivery: outbox.Delivery) -> None: ...

Guarantees (docs/adr/0003-outbox-and-task-queue.md):
- nothing is delivered for a transaction that rolled back: the event row and its delivery task
  (a django-tasks-db row on the "outbox" queue) are written in that same transaction;
- at least once: a delivery claims the event for a lease (`EGOV_OUTBOX_LEASE_SECONDS`); if the
  worker dies, the scheduler's `sweep()` re-enqueues the event once the lease has run out;
- each handler's success is recorded separately (`OutboxDelivery`, idempotency key
  event key + handler), so a retry only re-runs the handlers that have not succeeded yet;
- failures are retried with exponential backoff, then the event is `dead` with its last error.

A handler registered with `atomic=True` runs in the same transaction as the record of its
success, so its database writes happen exactly once. Other handlers (HTTP calls, e-mail) run
outside any transaction and get `delivery.idempotency_key` to pass on to the remote side.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, router, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from egov.core import audit
from egov.core.audit import to_json_value
from egov.core.errors import DomainError, PermissionDenied
from egov.core.models import OutboxDelivery, OutboxEvent

logger = logging.getLogger(__name__)

OUTBOX_QUEUE = "outbox"


class OutboxOutsideTransaction(DomainError):
    code = "outbox.outside_transaction"
    status = 500
    message_vi = "Sự kiện phải được ghi trong cùng giao dịch với thay đổi phát sinh ra nó."
    message_en = "Outbox events must be emitted inside the transaction of the change they announce."


# --- Settings and the retry rule (pure) --------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry: delay = base × 2^(attempt − 1), capped."""

    max_attempts: int = 8
    base_delay: float = 30.0
    max_delay: float = 6 * 3600.0
    lease: float = 300.0

    def delay_after(self, attempt: int) -> timedelta:
        """Wait before attempt `attempt + 1`, given that attempt number `attempt` (1-based) failed."""
        exponent = min(max(attempt - 1, 0), 60)
        return timedelta(seconds=min(self.base_delay * (2**exponent), self.max_delay))


def policy() -> RetryPolicy:
    return RetryPolicy(
        max_attempts=int(getattr(settings, "EGOV_OUTBOX_MAX_ATTEMPTS", RetryPolicy.max_attempts)),
        base_delay=float(getattr(settings, "EGOV_OUTBOX_BASE_DELAY_SECONDS", RetryPolicy.base_delay)),
        max_delay=float(getattr(settings, "EGOV_OUTBOX_MAX_DELAY_SECONDS", RetryPolicy.max_delay)),
        lease=float(getattr(settings, "EGOV_OUTBOX_LEASE_SECONDS", RetryPolicy.lease)),
    )


# --- Handlers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What a handler receives: the event, frozen, plus the key to deduplicate on the remote side."""

    event_id: str
    topic: str
    key: str
    payload: dict[str, Any]
    object_type: str
    object_id: str
    created_at: datetime
    attempt: int
    handler: str

    @property
    def idempotency_key(self) -> str:
        return f"{self.key}:{self.handler}"


Handler = Callable[[Delivery], None]


@dataclass(frozen=True)
class _Registered:
    name: str
    function: Handler
    atomic: bool


_handlers: dict[str, dict[str, _Registered]] = {}
_discovered = False


def handler(topic: str, *, name: str | None = None, atomic: bool = False) -> Callable[[Handler], Handler]:
    """Register a function to receive every event of `topic` (several handlers per topic).

    `name` identifies the handler in delivery records (default: module.qualname); renaming a
    handler makes it a new one, which will receive events that are retried later.
    """

    def register(function: Handler) -> Handler:
        handler_name = name or f"{function.__module__}.{function.__qualname__}"
        _handlers.setdefault(topic, {})[handler_name] = _Registered(handler_name, function, atomic)
        return function

    return register


def handlers_for(topic: str) -> list[str]:
    """Names of the handlers of `topic`, after importing every installed app's `handlers` module."""
    global _discovered
    if not _discovered:
        autodiscover_modules("handlers")
        _discovered = True
    return sorted(_handlers.get(topic, {}))


# --- Emitting ------------------------------------------------------------------------------------


def _enqueue(event_id: uuid.UUID | str, run_after: datetime | None = None) -> None:
    from egov.core.tasks import deliver_event

    task = deliver_event.using(queue_name=OUTBOX_QUEUE, run_after=run_after)
    task.enqueue(str(event_id))


def emit(
    topic: str,
    obj: models.Model | None = None,
    *,
    payload: dict[str, Any] | None = None,
    key: str | None = None,
) -> OutboxEvent:
    """Write an event in the current transaction and enqueue its delivery in that same transaction.

    `obj` is the model instance the event is about (its type and id go into the event).
    `key` makes emitting idempotent: a second emit with the same key returns the first event.
    """
    using = router.db_for_write(OutboxEvent)
    if not transaction.get_connection(using).in_atomic_block:
        raise OutboxOutsideTransaction()
    event_id = uuid.uuid4()
    event = OutboxEvent(
        id=event_id,
        topic=topic,
        key=key or str(event_id),
        payload=to_json_value(payload or {}),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )
    if key is not None:
        existing = OutboxEvent.objects.using(using).filter(key=key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic(using=using):
                event.save(using=using, force_insert=True)
        except IntegrityError:
            return OutboxEvent.objects.using(using).get(key=key)
    else:
        event.save(using=using, force_insert=True)
    _enqueue(event.id)
    return event


# --- Delivering ----------------------------------------------------------------------------------


def _claim(event_id: str, now: datetime, rules: RetryPolicy) -> OutboxEvent | None:
    """Take the event for one delivery attempt, or None if it is done, dead, not due or busy."""
    with transaction.atomic():
        event = OutboxEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.status in (OutboxEvent.Status.DELIVERED, OutboxEvent.Status.DEAD):
            return None
        if event.claimed_until is not None and event.claimed_until > now:
            return None  # another worker holds the lease
        if event.next_attempt_at > now:
            return None  # a duplicate task that came early; the scheduled one will run
        if event.attempts >= rules.max_attempts:
            # The previous attempts ended with the worker dying (nobody recorded a failure).
            event.status = OutboxEvent.Status.DEAD
            event.claimed_until = None
            event.last_error = event.last_error or "Tiến trình gửi bị dừng đột ngột quá số lần cho phép."
            event.save(update_fields=["status", "claimed_until", "last_error"])
            return None
        event.attempts += 1
        event.claimed_until = now + timedelta(seconds=rules.lease)
        event.save(update_fields=["attempts", "claimed_until"])
        return event


def _run_handler(registered: _Registered, delivery: Delivery, done_at: Callable[[], datetime]) -> str:
    """Run one handler and record its outcome. Returns "" on success, else the error text."""
    record = {"event_id": delivery.event_id, "handler": registered.name}
    try:
        if registered.atomic:
            with transaction.atomic():
                registered.function(delivery)
                _record_delivery(record, ok=True, at=done_at())
        else:
            registered.function(delivery)
            with transaction.atomic():
                _record_delivery(record, ok=True, at=done_at())
        return ""
    except Exception as error:
        text = "".join(traceback.format_exception_only(error)).strip()
        logger.warning(
            "outbox handler failed", extra={"handler": registered.name, "event": delivery.event_id}
        )
        with transaction.atomic():
            _record_delivery(record, ok=False, at=done_at(), error=text)
        return f"{registered.name}: {text}"


def _record_delivery(record: dict[str, str], *, ok: bool, at: datetime, error: str = "") -> None:
    row, _created = OutboxDelivery.objects.select_for_update().get_or_create(
        event_id=record["event_id"],
        handler=record["handler"],
        defaults={"status": OutboxDelivery.Status.FAILED},
    )
    row.attempts += 1
    row.status = OutboxDelivery.Status.DELIVERED if ok else OutboxDelivery.Status.FAILED
    row.delivered_at = at if ok else None
    row.last_error = error
    row.save()


def deliver(event_id: str, *, now: datetime | None = None) -> str:
    """One delivery attempt of an event to every handler that has not yet succeeded.

    Returns the event's status afterwards ("skipped" when there was nothing to do). Called by the
    `deliver_event` task; safe to call twice for the same event, even at the same time.
    """
    rules = policy()
    started = now or timezone.now()
    event = _claim(str(event_id), started, rules)
    if event is None:
        return "skipped"
    done = set(
        OutboxDelivery.objects.filter(event=event, status=OutboxDelivery.Status.DELIVERED).values_list(
            "handler", flat=True
        )
    )
    errors: list[str] = []
    for name in handlers_for(event.topic):
        if name in done:
            continue
        delivery = Delivery(
            event_id=str(event.id),
            topic=event.topic,
            key=event.key,
            payload=event.payload,
            object_type=event.object_type,
            object_id=event.object_id,
            created_at=event.created_at,
            attempt=event.attempts,
            handler=name,
        )
        error = _run_handler(_handlers[event.topic][name], delivery, lambda: now or timezone.now())
        if error:
            errors.append(error)
    finished = now or timezone.now()
    with transaction.atomic():
        event = OutboxEvent.objects.select_for_update().get(pk=event.pk)
        event.claimed_until = None
        if not errors:
            event.status = OutboxEvent.Status.DELIVERED
            event.delivered_at = finished
            event.last_error = ""
        elif event.attempts >= rules.max_attempts:
            event.status = OutboxEvent.Status.DEAD
            event.last_error = "\n".join(errors)
        else:
            event.status = OutboxEvent.Status.FAILED
            event.last_error = "\n".join(errors)
            event.next_attempt_at = finished + rules.delay_after(event.attempts)
            _enqueue(event.pk, run_after=event.next_attempt_at)
        event.save()
    return event.status


# --- Recovery ------------------------------------------------------------------------------------


def sweep(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Re-enqueue events that are due and not delivered; returns how many.

    Covers a worker killed mid-delivery or a task stuck in RUNNING (the event's lease ran out)
    and a task row that was lost or pruned (the event stayed undelivered for a whole lease
    period after it was due). An event is swept at most once per lease period, so a long queue
    does not fill up with duplicates; a duplicate is harmless anyway, `deliver` skips it.
    """
    rules = policy()
    moment = now or timezone.now()
    overdue = moment - timedelta(seconds=rules.lease)
    abandoned = models.Q(claimed_until__isnull=False, claimed_until__lte=moment)
    forgotten = models.Q(claimed_until__isnull=True, next_attempt_at__lte=overdue)
    swept = 0
    with transaction.atomic():
        due = (
            OutboxEvent.objects.select_for_update(skip_locked=True)
            .filter(status__in=[OutboxEvent.Status.PENDING, OutboxEvent.Status.FAILED])
            .filter(abandoned | forgotten)
            .order_by("next_attempt_at")[:limit]
        )
        for event in due:
            event.next_attempt_at = moment
            event.claimed_until = None
            event.save(update_fields=["next_attempt_at", "claimed_until"])
            _enqueue(event.pk)
            swept += 1
    if swept:
        logger.info("outbox sweep re-enqueued events", extra={"count": swept})
    return swept


def redeliver(*, event_ids: list[str], actor: Any) -> int:
    """Give failed or dead events a fresh round of attempts, once an operator fixed the cause.

    Only superusers may do it; handlers that already succeeded are still not re-run. Each
    event's reset is written to the audit chain. Returns how many events were re-enqueued.
    """
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied()
    moment = timezone.now()
    count = 0
    with transaction.atomic():
        events = OutboxEvent.objects.select_for_update().filter(
            pk__in=event_ids, status__in=[OutboxEvent.Status.FAILED, OutboxEvent.Status.DEAD]
        )
        for event in events.order_by("created_at"):
            before = {"status": event.status, "attempts": event.attempts, "last_error": event.last_error}
            event.status = OutboxEvent.Status.PENDING
            event.attempts = 0
            event.next_attempt_at = moment
            event.claimed_until = None
            event.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_until"])
            _enqueue(event.pk)
            audit.record(
                actor,
                "outbox.redelivered",
                event,
                before=before,
                after={"status": event.status, "attempts": 0},
            )
            count += 1
    return count
