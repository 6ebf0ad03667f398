"""Receipts at the same moment (PostgreSQL: row locks and a unique index decide, not luck)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from egov.dossiers.models import Dossier
from tests.dossiers.api_setup import api, post_receipt, receive_body
from tests.dossiers.factories import make_counter, receive


def run_at_once(work: Callable[[int], Any], count: int) -> tuple[list[Any], list[BaseException]]:
    """``work(i)`` in ``count`` threads released together, each with its own connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def body(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            value = work(index)
            with lock:
                results.append(value)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_posts_with_one_idempotency_key_create_exactly_one_dossier():
    counter = make_counter()
    body = receive_body(counter)

    def post(index: int) -> tuple[int, str]:
        response = post_receipt(api(counter.officer), body, key="cung-mot-khoa")
        return response.status_code, response.json().get("code", "")

    results, errors = run_at_once(post, 10)
    assert errors == []
    assert {status for status, _ in results} == {201}
    assert len({code for _, code in results}) == 1
    assert Dossier.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_receipts_at_one_agency_without_keys_get_fifty_codes():
    counter = make_counter()
    results, errors = run_at_once(lambda index: receive(counter).code, 50)
    assert errors == []
    assert len(set(results)) == 50
    assert Dossier.objects.count() == 50
    assert sorted(int(code.rsplit("-", 1)[-1]) for code in results) == list(range(1, 51))
