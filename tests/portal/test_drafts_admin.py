"""The drafts' admin pages open for a superuser and show no declared content."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from egov.accounts.models import User
from tests.portal.submission_setup import filled_draft, make_setup


@pytest.mark.django_db(transaction=True)
def test_the_admin_lists_and_shows_a_draft_read_only(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path, EGOV_REQUIRE_ADMIN_TOTP=False):
        setup = make_setup()
        draft = filled_draft(setup)
        admin_user = User.objects.create_superuser(
            username="quantri", password="mat-khau-dai-123", full_name="Quản Trị"
        )
        client = Client()
        client.force_login(admin_user)
        listing = client.get(reverse("admin:portal_draft_changelist"))
        page = client.get(reverse("admin:portal_draft_change", args=[draft.pk]))
        adding = client.get(reverse("admin:portal_draft_add"))
    assert listing.status_code == 200 and page.status_code == 200
    html = page.content.decode()
    assert f"giay-to-{setup.required()[0].pk}.pdf" in html
    assert "Nhà ở riêng lẻ" not in html  # the declaration stays private
    assert adding.status_code == 403
