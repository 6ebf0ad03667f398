"""The demo's dossiers of a liên thông procedure walk through the partner's linked child."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.dossiers.demo import create_demo_dossiers
from egov.dossiers.models import Dossier
from tests.dossiers.factories import MONDAY_MORNING
from tests.dossiers.interagency_setup import make_liaison


@pytest.mark.django_db
def test_demo_dossiers_of_a_linked_procedure_are_handed_back_by_the_partner():
    liaison = make_liaison()
    outcome = create_demo_dossiers(count=4, now=MONDAY_MORNING + dt.timedelta(days=120), seed=7)
    assert outcome.created == 4
    parents = Dossier.objects.filter(origin__isnull=True, version=liaison.version)
    children = Dossier.objects.filter(origin__in=parents)
    assert children.count() >= 1
    for child in children.select_related("origin"):
        assert child.agency_id == liaison.home_affairs.pk
        if child.is_open:  # the demo's clock stopped while Sở Nội vụ works on it
            assert (child.national_status, child.origin.step) == (4, "so-noi-vu")
        else:
            assert child.national_status == 9
            assert child.origin.step in ("tra-ket-qua", "da-tra")
    assert children.filter(national_status=9).exists()
