"""Two officers acting on one dossier at the same moment (PostgreSQL row locks)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from egov.core.errors import DomainError
from egov.core.models import AuditEntry
from egov.dossiers import services
from egov.dossiers.domain import InvalidTransition
from egov.dossiers.models import Dossier, DossierEvent
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_submitting_at_once_one_wins_the_other_sees_the_new_step():
    counter = make_counter()
    first = make_officer(counter.agency, Role.SPECIALIST, full_name="Trần Văn Bình")
    second = make_officer(counter.agency, Role.SPECIALIST, full_name="Hồ Thị Giang")
    dossier = receive(counter)
    dossier = services.act(
        dossier=dossier, action_code="chuyen-xu-ly", actor=counter.officer, at=MONDAY_MORNING
    )
    at = MONDAY_MORNING + dt.timedelta(hours=2)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def submit(officer: object, name: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.act(dossier=dossier, action_code="trinh-ky", actor=officer, at=at)
            outcomes[name] = "ok"
        except DomainError as error:
            outcomes[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(first, "first")),
        threading.Thread(target=submit, args=(second, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(value).__name__ for value in outcomes.values()) == ["InvalidTransition", "str"]
    refused = next(value for value in outcomes.values() if isinstance(value, InvalidTransition))
    assert "Lãnh đạo ký duyệt" in refused.message_vi  # the loser is told the step the winner reached
    assert Dossier.objects.get(pk=dossier.pk).step == "ky-duyet"
    assert DossierEvent.objects.filter(dossier=dossier, action="trinh-ky").count() == 1
    assert AuditEntry.objects.filter(action="dossier.action").count() == 2  # chuyen-xu-ly + one trinh-ky
