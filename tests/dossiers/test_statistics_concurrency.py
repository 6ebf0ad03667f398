"""Rollups under concurrent receipts (PostgreSQL: real parallel transactions and row locks)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from egov.dossiers.models import Dossier
from egov.dossiers.statistics import rollups
from egov.dossiers.statistics.models import DailyRollup
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive
from tests.dossiers.statistics_factories import table

RECEIPTS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_receipts_at_once_count_twenty_received_in_one_row():
    counter = make_counter()
    barrier = threading.Barrier(RECEIPTS)
    failures: list[BaseException] = []

    def receive_one(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            receive(counter, received_at=MONDAY_MORNING + dt.timedelta(minutes=n))
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive_one, args=(n,)) for n in range(RECEIPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    assert Dossier.objects.count() == RECEIPTS
    rows = DailyRollup.objects.filter(agency=counter.agency, procedure=counter.procedure)
    assert [(row.day, row.received) for row in rows] == [(MONDAY_MORNING.date(), RECEIPTS)]
    incremental = table()
    rollups.rebuild()
    assert table() == incremental
