"""The outbox: events commit with the change, are delivered at least once, retried, then dead."""

from __future__ import annotations

import signal
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from hypothesis import given
from hypothesis import strategies as st

from egov.accounts.models import User
from egov.core import outbox
from egov.core.errors import PermissionDenied
from egov.core.models import AuditEntry, OutboxDelivery, OutboxEvent

calls: dict[str, list[str]] = {}
failures_left: dict[str, int] = {}


def _remember(name: str, delivery: outbox.Delivery) -> None:
    calls.setdefault(name, []).append(delivery.idempotency_key)
    if failures_left.get(name, 0) > 0:
        failures_left[name] -= 1
        raise ConnectionError(f"{name} is unreachable")


@outbox.handler("test.flaky", name="test.flaky.sms")
def _flaky_sms(delivery: outbox.Delivery) -> None:
    _remember("sms", delivery)


@outbox.handler("test.flaky", name="test.flaky.email")
def _steady_email(delivery: outbox.Delivery) -> None:
    _remember("email", delivery)


@outbox.handler("test.atomic", name="test.atomic.rename", atomic=True)
def _rename_user(delivery: outbox.Delivery) -> None:
    user = User.objects.get(pk=delivery.object_id)
    user.full_name += " ✓"
    user.save(update_fields=["full_name"])


@pytest.fixture(autouse=True)
def _restore_signal_handlers():
    """`egov worker` run in-process installs its own SIGINT/SIGTERM handlers; give pytest its own back."""
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, previous in saved.items():
        signal.signal(number, previous)


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    calls.clear()
    failures_left.clear()
    settings.EGOV_OUTBOX_BASE_DELAY_SECONDS = 10
    settings.EGOV_OUTBOX_MAX_DELAY_SECONDS = 1000
    settings.EGOV_OUTBOX_MAX_ATTEMPTS = 3


def run_outbox_tasks(*, at: datetime | None = None) -> int:
    """Run ready outbox task rows the way `egov worker` does, with the clock set to `at`."""
    moment = at or timezone.now()
    worker = Worker(
        queue_names=["outbox"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        row = (
            DBTaskResult.objects.filter(status="READY", queue_name="outbox")
            .exclude(run_after__gt=moment, run_after__lt=get_date_max())
            .first()
        )
        if row is None:
            return ran
        row.claim("test")
        if at is None:
            worker.run_task(row)
        else:  # the task's body, with the clock moved
            outbox.deliver(row.args_kwargs["args"][0], now=moment)
            row.set_successful(None)
        ran += 1


def _emit(topic: str, **kwargs) -> OutboxEvent:
    with transaction.atomic():
        return outbox.emit(topic, **kwargs)


# --- The retry rule (no database) --------------------------------------------------------------


def test_retry_delay_doubles_from_the_base_delay():
    rules = outbox.RetryPolicy(base_delay=30, max_delay=10_000)
    assert [rules.delay_after(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


@given(
    base=st.floats(min_value=0.1, max_value=600),
    cap=st.floats(min_value=1, max_value=86_400),
    attempt=st.integers(min_value=1, max_value=10_000),
)
def test_retry_delay_never_shrinks_and_never_exceeds_the_cap(base, cap, attempt):
    rules = outbox.RetryPolicy(base_delay=base, max_delay=cap)
    assert rules.delay_after(attempt) <= timedelta(seconds=cap)
    assert rules.delay_after(attempt + 1) >= rules.delay_after(attempt)


# --- Emitting ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_emit_writes_the_event_and_its_delivery_task_in_the_same_transaction():
    user = User.objects.create_user("congdan01", password="x" * 12, full_name="Trần Thị Bình")
    event = _emit("dossier.received", obj=user, payload={"code": "000.00.12.H12-250315-0001"})
    assert (event.object_type, event.object_id) == ("accounts.user", str(user.pk))
    assert event.status == OutboxEvent.Status.PENDING and event.key == str(event.id)
    task_row = DBTaskResult.objects.get()
    assert (task_row.queue_name, task_row.args_kwargs["args"]) == ("outbox", [str(event.id)])


@pytest.mark.django_db
def test_emitting_twice_with_the_same_key_gives_one_event():
    first = _emit("dossier.received", key="dossier-7:received")
    second = _emit("dossier.received", key="dossier-7:received")
    assert first.pk == second.pk
    assert OutboxEvent.objects.count() == 1 and DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_delivers_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.emit("test.flaky")
        raise RuntimeError("the change failed")
    assert not OutboxEvent.objects.exists()
    assert not DBTaskResult.objects.exists()
    call_command("worker", "--batch", "--no-startup-delay", "--queues", "outbox")
    assert calls == {}


@pytest.mark.django_db(transaction=True)
def test_emit_outside_a_transaction_is_refused():
    with pytest.raises(outbox.OutboxOutsideTransaction):
        outbox.emit("test.flaky")
    assert not OutboxEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_committed_event_is_delivered_by_egov_worker_to_every_handler():
    event = _emit("test.flaky", payload={"n": 1})
    call_command("worker", "--batch", "--no-startup-delay")
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED and event.attempts == 1
    assert calls == {"email": [f"{event.key}:test.flaky.email"], "sms": [f"{event.key}:test.flaky.sms"]}


# --- Retries -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_failed_delivery_is_retried_after_the_backoff_and_then_succeeds():
    failures_left["sms"] = 2
    event = _emit("test.flaky")
    start = timezone.now()
    assert run_outbox_tasks(at=start) == 1
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.FAILED, 1)
    assert "sms is unreachable" in event.last_error
    assert event.next_attempt_at == start + timedelta(seconds=10)
    retry_task = DBTaskResult.objects.get(status="READY")
    assert retry_task.run_after == event.next_attempt_at

    assert run_outbox_tasks(at=start + timedelta(seconds=9)) == 0, "not due before the backoff"
    run_outbox_tasks(at=event.next_attempt_at)
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.FAILED, 2)
    assert event.next_attempt_at == start + timedelta(seconds=10 + 20), "the second wait doubles"

    run_outbox_tasks(at=event.next_attempt_at)
    event.refresh_from_db()
    assert (event.status, event.attempts, event.last_error) == (OutboxEvent.Status.DELIVERED, 3, "")
    assert len(calls["sms"]) == 3


@pytest.mark.django_db
def test_handler_that_succeeded_is_not_rerun_when_another_handler_is_retried():
    failures_left["sms"] = 1
    event = _emit("test.flaky")
    start = timezone.now()
    run_outbox_tasks(at=start)
    run_outbox_tasks(at=start + timedelta(seconds=10))
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    assert (len(calls["email"]), len(calls["sms"])) == (1, 2)
    sms = OutboxDelivery.objects.get(event=event, handler="test.flaky.sms")
    assert (sms.status, sms.attempts) == (OutboxDelivery.Status.DELIVERED, 2)


@pytest.mark.django_db
def test_event_is_dead_after_the_maximum_attempts_with_the_last_error():
    failures_left["sms"] = 99
    event = _emit("test.flaky")
    moment = timezone.now()
    for _ in range(5):
        run_outbox_tasks(at=moment)
        moment += timedelta(hours=1)
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.DEAD, 3)
    assert "ConnectionError: sms is unreachable" in event.last_error
    assert len(calls["sms"]) == 3 and len(calls["email"]) == 1
    assert not DBTaskResult.objects.filter(status="READY").exists(), "a dead event is not retried"


@pytest.mark.django_db
def test_atomic_handler_writes_commit_once_with_its_delivery_record():
    user = User.objects.create_user("congdan02", password="x" * 12, full_name="Lê Văn Cường")
    event = _emit("test.atomic", obj=user)
    run_outbox_tasks()
    outbox.deliver(str(event.pk))  # a duplicate task for the same event
    user.refresh_from_db()
    assert user.full_name == "Lê Văn Cường ✓"


# --- Recovery ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sweep_re_enqueues_an_event_whose_worker_died_once_its_lease_ran_out(settings):
    settings.EGOV_OUTBOX_LEASE_SECONDS = 60
    event = _emit("test.flaky")
    claimed_at = timezone.now()
    # A worker claims the event and dies before recording anything.
    claimed = outbox._claim(str(event.pk), claimed_at, outbox.policy())
    assert claimed is not None
    DBTaskResult.objects.update(status="RUNNING")
    assert outbox.sweep(now=claimed_at + timedelta(seconds=59)) == 0, "the lease still runs"
    assert outbox.deliver(str(event.pk), now=claimed_at + timedelta(seconds=30)) == "skipped"
    assert outbox.sweep(now=claimed_at + timedelta(seconds=61)) == 1
    assert outbox.sweep(now=claimed_at + timedelta(seconds=62)) == 0, "swept once per lease"
    run_outbox_tasks(at=claimed_at + timedelta(seconds=62))
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.DELIVERED, 2)
    assert len(calls["sms"]) == 1


@pytest.mark.django_db
def test_sweep_re_enqueues_an_event_whose_task_row_was_lost(settings):
    settings.EGOV_OUTBOX_LEASE_SECONDS = 60
    event = _emit("test.flaky")
    DBTaskResult.objects.all().delete()
    assert outbox.sweep(now=event.next_attempt_at + timedelta(seconds=30)) == 0, "its task may be queued"
    assert outbox.sweep(now=event.next_attempt_at + timedelta(seconds=61)) == 1
    run_outbox_tasks(at=event.next_attempt_at + timedelta(seconds=61))
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED


@pytest.mark.django_db(transaction=True)
def test_scheduler_once_runs_the_outbox_sweep(settings):
    settings.EGOV_OUTBOX_LEASE_SECONDS = 0
    event = _emit("test.flaky")
    DBTaskResult.objects.all().delete()
    call_command("scheduler", "--once", "--only", "core.outbox_sweep")
    assert DBTaskResult.objects.get().args_kwargs["args"] == [str(event.pk)]


@pytest.mark.django_db
def test_superuser_redelivers_a_dead_event_without_rerunning_handlers_that_succeeded():
    failures_left["sms"] = 3
    event = _emit("test.flaky")
    moment = timezone.now()
    for _ in range(3):
        run_outbox_tasks(at=moment)
        moment += timedelta(hours=1)
    event.refresh_from_db()
    assert event.status == OutboxEvent.Status.DEAD
    clerk = User.objects.create_user("vanthu01", password="x" * 12, full_name="Phạm Thị Dung")
    with pytest.raises(PermissionDenied):
        outbox.redeliver(event_ids=[str(event.pk)], actor=clerk)
    admin = User.objects.create_superuser("quantri", password="x" * 12, full_name="Quản trị")
    assert outbox.redeliver(event_ids=[str(event.pk)], actor=admin) == 1
    run_outbox_tasks()
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.DELIVERED, 1)
    assert (len(calls["sms"]), len(calls["email"])) == (4, 1)
    entry = AuditEntry.objects.get(action="outbox.redelivered")
    assert (entry.actor_id, entry.object_id, entry.before["status"]) == (admin.pk, str(event.pk), "dead")
