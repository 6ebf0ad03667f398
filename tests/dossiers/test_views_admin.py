"""The admin shows dossiers but never changes them (changes go through the services)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from egov.accounts.models import User
from tests.dossiers.factories import make_counter, receive


@pytest.mark.django_db
@override_settings(EGOV_REQUIRE_ADMIN_TOTP=False)
def test_admin_lists_and_shows_a_dossier_read_only(client):
    dossier = receive(make_counter())
    admin = User.objects.create_superuser(
        username="quantri", password="mat-khau-dai-123", full_name="Quản Trị"
    )
    client.force_login(admin)
    listing = client.get(reverse("admin:dossiers_dossier_changelist"))
    assert listing.status_code == 200
    assert dossier.code in listing.content.decode()
    page = client.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:dossiers_dossier_add")).status_code == 403
