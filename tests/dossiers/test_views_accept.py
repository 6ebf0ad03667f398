"""The receiving officer accepts an online dossier from its page (status 1 → 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.dossiers.models import Dossier, DossierEvent
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import make_counter
from tests.organizations.factories import make_agency
from tests.payments.factories import submit_online

pytestmark = pytest.mark.django_db


def test_the_receiver_sees_the_panel_and_accepts_the_online_dossier(client):
    counter = make_counter()
    dossier, _ = submit_online(counter)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Hồ sơ trực tuyến chờ tiếp nhận" in page
    assert reverse("dossiers:accept", args=[dossier.code]) in page
    accept = reverse("dossiers:accept", args=[dossier.code])
    response = client.post(accept, {"note": "Đủ giấy tờ"}, follow=True)
    assert "Đã tiếp nhận hồ sơ trực tuyến" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.national_status == 2
    assert DossierEvent.objects.get(dossier=dossier, action="accept").note == "Đủ giấy tờ"
    # Accepted: the panel is gone and the process's actions are offered instead.
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Hồ sơ trực tuyến chờ tiếp nhận" not in page


def test_accepting_twice_says_why_and_changes_nothing(client):
    counter = make_counter()
    dossier, _ = submit_online(counter)
    client.force_login(counter.officer)
    client.post(reverse("dossiers:accept", args=[dossier.code]))
    events = DossierEvent.objects.count()
    response = client.post(reverse("dossiers:accept", args=[dossier.code]), follow=True)
    assert response.status_code == 200
    assert DossierEvent.objects.count() == events
    assert Dossier.objects.get(pk=dossier.pk).national_status == 2


def test_an_officer_without_the_receiver_role_sees_no_panel_and_cannot_accept(client):
    counter = make_counter()
    dossier, _ = submit_online(counter)
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    client.force_login(specialist)
    page = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert "Hồ sơ trực tuyến chờ tiếp nhận" not in page.content.decode()
    client.post(reverse("dossiers:accept", args=[dossier.code]))
    assert Dossier.objects.get(pk=dossier.pk).national_status == 1


def test_a_receiver_of_another_agency_cannot_accept(client):
    counter = make_counter()
    dossier, _ = submit_online(counter)
    stranger = make_officer(make_agency(), Role.RECEIVER)
    client.force_login(stranger)
    response = client.post(reverse("dossiers:accept", args=[dossier.code]))
    assert response.status_code in (403, 404)
    assert Dossier.objects.get(pk=dossier.pk).national_status == 1


def test_accept_is_post_only(client):
    counter = make_counter()
    dossier, _ = submit_online(counter)
    client.force_login(counter.officer)
    assert client.get(reverse("dossiers:accept", args=[dossier.code])).status_code == 405
