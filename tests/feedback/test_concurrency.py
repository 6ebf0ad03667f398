"""Two ratings of one dossier sent at the same moment (two tabs, a double click): the dossier row
lock lets one through; the other is refused as already rated (PostgreSQL row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from egov.core.errors import DomainError
from egov.core.models import OutboxEvent
from egov.feedback import services
from egov.feedback.models import Rating
from tests.dossiers.factories import MONDAY_MORNING
from tests.portal.my_factories import CitizenCase


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_ratings_at_once_one_is_kept_the_other_is_refused():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.returned()
    barrier = threading.Barrier(2)
    outcomes: dict[int, object] = {}

    def rate(level: int) -> None:
        try:
            barrier.wait(timeout=10)
            services.rate(dossier=dossier, citizen=case.citizen, level=level)
            outcomes[level] = "ok"
        except DomainError as error:
            outcomes[level] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=rate, args=(level,)) for level in (1, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(map(str, outcomes.values())) == ["feedback.already_rated", "ok"]
    kept = Rating.objects.get(dossier=dossier)
    assert outcomes[kept.level] == "ok"
    assert OutboxEvent.objects.filter(topic="dossier.rated").count() == 1
