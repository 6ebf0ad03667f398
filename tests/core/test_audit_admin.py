"""Admin pages of the audit chain and the outbox: visible, never editable; dead events can be resent."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from egov.accounts.models import User
from egov.core import audit, outbox
from egov.core.models import AuditEntry, OutboxEvent


@pytest.fixture
def admin_client(client, settings):
    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    user = User.objects.create_superuser("quantri", password="x" * 12, full_name="Quản trị viên")
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.django_db
def test_audit_entries_are_listed_but_cannot_be_added_changed_or_deleted(admin_client):
    with transaction.atomic():
        entry = audit.record(admin_client.user, "agency.created", None, after={"name": "Sở Tư pháp"})
    listing = admin_client.get(reverse("admin:core_auditentry_changelist"))
    assert listing.status_code == 200 and "agency.created" in listing.content.decode()
    assert admin_client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert admin_client.get(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
    change_url = reverse("admin:core_auditentry_change", args=[entry.pk])
    assert admin_client.post(change_url, {"action": "forged"}).status_code == 403
    assert AuditEntry.objects.get().action == "agency.created"


@pytest.mark.django_db
def test_superuser_resends_a_dead_event_from_the_outbox_page(admin_client):
    with transaction.atomic():
        event = outbox.emit("test.admin_dead")
    OutboxEvent.objects.filter(pk=event.pk).update(status=OutboxEvent.Status.DEAD, attempts=8)
    response = admin_client.post(
        reverse("admin:core_outboxevent_changelist"),
        {"action": "redeliver", "_selected_action": [str(event.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.status, event.attempts) == (OutboxEvent.Status.PENDING, 0)
    assert AuditEntry.objects.filter(action="outbox.redelivered", actor=admin_client.user).exists()
