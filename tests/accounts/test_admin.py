"""Linked identities and one-time codes in the admin: listed, never edited, never showing secrets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import ExternalIdentity, OneTimeCode, User
from tests.accounts.factories import make_citizen


@pytest.fixture
def admin_client(client, settings):
    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    user = User.objects.create_superuser("quantri", password="x" * 12, full_name="Quản trị viên")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_linked_identities_are_searchable_by_citizen_id_and_read_only(admin_client):
    citizen = make_citizen()
    link = ExternalIdentity.objects.create(user=citizen, provider="vneid", subject="sub-123")
    listing = admin_client.get(
        reverse("admin:accounts_externalidentity_changelist"), {"q": citizen.citizen_id}
    )
    assert listing.status_code == 200 and "sub-123" in listing.content.decode()
    change_url = reverse("admin:accounts_externalidentity_change", args=[link.pk])
    assert admin_client.get(change_url).status_code == 200
    assert admin_client.post(change_url, {"subject": "other"}).status_code == 403
    assert admin_client.get(reverse("admin:accounts_externalidentity_add")).status_code == 403
    assert ExternalIdentity.objects.get().subject == "sub-123"


@pytest.mark.django_db
def test_one_time_codes_never_show_the_hash_or_the_pending_registration(admin_client):
    code = OneTimeCode.objects.create(
        purpose=OneTimeCode.Purpose.REGISTER,
        channel=OneTimeCode.Channel.SMS,
        destination="0905123456",
        code_hash="f" * 64,
        payload={"password": "argon2$secret-hash"},
        expires_at=timezone.now() + dt.timedelta(minutes=10),
    )
    page = admin_client.get(reverse("admin:accounts_onetimecode_change", args=[code.pk])).content.decode()
    assert "0905123456" in page
    assert "f" * 64 not in page and "secret-hash" not in page
    assert admin_client.get(reverse("admin:accounts_onetimecode_add")).status_code == 403
