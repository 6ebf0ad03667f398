"""Two officers of the partner agency acting on one liên thông child at the same moment (PostgreSQL
row locks): exactly one hands it back, the parent moves once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from egov.core.errors import DomainError
from egov.core.models import OutboxEvent
from egov.dossiers import services
from egov.dossiers.domain import InvalidTransition
from egov.dossiers.models import Dossier, DossierEvent
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING
from tests.dossiers.interagency_setup import make_liaison


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_partner_officers_acting_on_the_child_at_once_one_wins():
    liaison = make_liaison()
    second_specialist = make_officer(liaison.home_affairs, Role.SPECIALIST, full_name="Ngô Văn Khánh")
    parent = liaison.receive()
    parent = services.act(
        dossier=parent, action_code="chuyen-xu-ly", actor=liaison.receiver, at=MONDAY_MORNING
    )
    parent = services.act(
        dossier=parent, action_code="chuyen-so", actor=liaison.commune_specialist, at=MONDAY_MORNING
    )
    child = Dossier.objects.get(origin=parent)
    at = MONDAY_MORNING + dt.timedelta(hours=3)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def hand_back(officer: object, name: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.act(dossier=child, action_code="co-quyet-dinh", actor=officer, at=at)
            outcomes[name] = "ok"
        except DomainError as error:
            outcomes[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=hand_back, args=(liaison.specialist, "first")),
        threading.Thread(target=hand_back, args=(second_specialist, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(type(value).__name__ for value in outcomes.values()) == ["InvalidTransition", "str"]
    refused = next(value for value in outcomes.values() if isinstance(value, InvalidTransition))
    assert "kết thúc" in refused.message_vi
    assert Dossier.objects.get(pk=child.pk).national_status == 9
    assert Dossier.objects.get(pk=parent.pk).step == "tra-ket-qua"
    assert DossierEvent.objects.filter(dossier=child, action="co-quyet-dinh").count() == 1
    assert DossierEvent.objects.filter(dossier=parent, action="co-quyet-dinh").count() == 1
    assert OutboxEvent.objects.filter(topic="dossier.linked_closed").count() == 1
