"""Real processes: an `egov worker` killed mid-delivery loses nothing; `egov scheduler` stops on SIGTERM.

The worker subprocess imports this module (to register the blocking handler below) and works on
the test database, which is a file for SQLite (settings: DATABASES TEST NAME) and shared on
PostgreSQL. Every wait is bounded so a broken build fails instead of hanging.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection, transaction

from egov.core import outbox
from egov.core.models import OutboxEvent

REPO = Path(__file__).resolve().parents[2]
BOOT = (
    "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'egov.settings'); django.setup(); "
    "import tests.core.test_outbox_worker; from egov.cli import main; main()"
)


@outbox.handler("test.blocking", name="test.blocking.file")
def _write_a_file_once_allowed(delivery: outbox.Delivery) -> None:
    """Marks that it started, waits for the gate file, then leaves its side effect (a file)."""
    folder = Path(delivery.payload["folder"])
    (folder / f"started-{delivery.attempt}").touch()
    deadline = time.monotonic() + 60
    while not (folder / "gate").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never opened the gate")
        time.sleep(0.05)
    (folder / f"effect-{uuid.uuid4().hex}").write_text(delivery.idempotency_key)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _egov(*args: str, output: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "EGOV_OUTBOX_LEASE_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    with output.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-c", BOOT, *args], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )


def _wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_delivery_loses_nothing_and_delivers_once(tmp_path, settings):
    settings.EGOV_OUTBOX_LEASE_SECONDS = 1
    effects = tmp_path / "effects"
    effects.mkdir()
    log = tmp_path / "worker.log"
    with transaction.atomic():
        event = outbox.emit("test.blocking", payload={"folder": str(effects)})

    first = _egov("worker", "--no-startup-delay", "--interval", "0.1", "--queues", "outbox", output=log)
    try:
        _wait_for(lambda: (effects / "started-1").exists(), seconds=60, what=f"delivery to start: {log}")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)

    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.PENDING, 1)
    assert not list(effects.glob("effect-*"))

    (effects / "gate").touch()
    _wait_for(lambda: outbox.sweep() == 1, seconds=10, what="the lease of the dead worker to run out")
    second = _egov("worker", "--batch", "--no-startup-delay", "--queues", "outbox", output=log)
    try:
        assert second.wait(timeout=60) == 0, log.read_text()
    finally:
        if second.poll() is None:
            second.kill()
            second.wait(timeout=10)

    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.DELIVERED, 2), log.read_text()
    produced = list(effects.glob("effect-*"))
    assert len(produced) == 1, "delivered exactly once to the handler's side effect"
    assert produced[0].read_text() == f"{event.key}:test.blocking.file"


@pytest.mark.django_db(transaction=True)
def test_scheduler_stops_cleanly_on_sigterm(tmp_path):
    log = tmp_path / "scheduler.log"
    scheduler = _egov("scheduler", output=log)
    try:
        _wait_for(lambda: "đang chạy" in log.read_text(), seconds=60, what=f"the scheduler to start: {log}")
        scheduler.send_signal(signal.SIGTERM)
        assert scheduler.wait(timeout=15) == 0, log.read_text()
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
            scheduler.wait(timeout=10)
    assert "Bộ lập lịch đã dừng." in log.read_text()
