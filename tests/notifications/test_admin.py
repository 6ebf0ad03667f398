"""The delivery log in the admin: listed and searchable by dossier code, never editable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.accounts.models import User
from egov.notifications.models import Delivery
from tests.dossiers.factories import make_counter, receive
from tests.notifications.outbox_runs import run_outbox


@pytest.fixture
def admin_client(client, settings):
    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    user = User.objects.create_superuser("quantri", password="x" * 12, full_name="Quản trị viên")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_delivery_log_is_listed_and_searchable_but_read_only(admin_client):
    dossier = receive(make_counter())
    run_outbox()
    row = Delivery.objects.get()
    listing = admin_client.get(reverse("admin:notifications_delivery_changelist"), {"q": dossier.code})
    assert listing.status_code == 200 and dossier.code in listing.content.decode()
    page = admin_client.get(reverse("admin:notifications_delivery_change", args=[row.pk]))
    assert page.status_code == 200 and "Kính gửi Ông/Bà Nguyễn Thị Hương" in page.content.decode()
    assert admin_client.get(reverse("admin:notifications_delivery_add")).status_code == 403
    assert admin_client.get(reverse("admin:notifications_delivery_delete", args=[row.pk])).status_code == 403
    change_url = reverse("admin:notifications_delivery_change", args=[row.pk])
    assert admin_client.post(change_url, {"status": "failed"}).status_code == 403
    assert Delivery.objects.get().status == Delivery.Status.SENT
