"""Counters under concurrency: only PostgreSQL has row locks, so these run in its pass."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction

from egov.core import counters
from egov.core.models import Counter
from egov.core.numbering import CodeContext

MORNING = datetime(2025, 3, 15, 2, 0, tzinfo=UTC)
AGENCY = "000.00.12.H12"
PATTERN = "{agency}-{yymmdd}-{seq:4}"
THREADS = 50


def run_at_once(work, count: int) -> tuple[list[str], list[BaseException]]:
    """Run `work` in `count` threads released together, each with its own connection and transaction."""
    barrier = threading.Barrier(count)
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def body() -> None:
        try:
            barrier.wait(timeout=30)
            value = work()
            with lock:
                results.append(value)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def receive_one() -> str:
    with transaction.atomic():
        return counters.next_code(PATTERN, CodeContext("dossier", MORNING, agency=AGENCY))


def expected_codes(first: int, last: int) -> list[str]:
    return [f"{AGENCY}-250315-{number:04d}" for number in range(first, last + 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_receipts_on_a_new_counter_get_fifty_consecutive_codes():
    """Every thread finds no counter row and races to create it: the unique key and the savepoint
    retry turn the losers into waiters on the winner's row lock."""
    codes, errors = run_at_once(receive_one, THREADS)
    assert errors == []
    assert sorted(codes) == expected_codes(1, THREADS)
    assert Counter.objects.get(key=f"dossier:2025-03-15:{AGENCY}").last_value == THREADS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_receipts_on_an_existing_counter_get_fifty_consecutive_codes():
    assert receive_one() == f"{AGENCY}-250315-0001"
    codes, errors = run_at_once(receive_one, THREADS)
    assert errors == []
    assert sorted(codes) == expected_codes(2, THREADS + 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rolled_back_receipts_among_concurrent_ones_leave_no_duplicate_and_no_hole():
    """Every third thread fails after taking its number; the number goes back to the counter, so
    the committed codes are still distinct and consecutive and the counter equals their count."""
    turn = iter(range(THREADS))
    turn_lock = threading.Lock()

    def receive_or_fail() -> str:
        with turn_lock:
            mine = next(turn)
        try:
            with transaction.atomic():
                code = counters.next_code(PATTERN, CodeContext("dossier", MORNING, agency=AGENCY))
                if mine % 3 == 0:
                    raise RuntimeError("intake failed after the code was allocated")
                return code
        except RuntimeError:
            return "rolled back"

    results, errors = run_at_once(receive_or_fail, THREADS)
    assert errors == []
    committed = sorted(code for code in results if code != "rolled back")
    assert len(committed) == THREADS - len(range(0, THREADS, 3))
    assert committed == expected_codes(1, len(committed))
    assert Counter.objects.get(key=f"dossier:2025-03-15:{AGENCY}").last_value == len(committed)
