"""The header link "Hồ sơ của tôi" for a signed-in citizen (an officer keeps the inbox's own)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.portal.my_factories import CitizenCase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _nav(client, url: str) -> str:
    page = client.get(url).content.decode()
    return page[
        page.index('<nav class="main-nav"') : page.index("</nav>", page.index('<nav class="main-nav"'))
    ]


def test_a_signed_in_citizen_has_the_link_marked_current_on_the_portal_pages(client):
    case = CitizenCase()
    client.force_login(case.citizen)
    home = _nav(client, reverse("web:home"))
    assert f'href="{reverse("my:list")}">Hồ sơ của tôi' in home
    mine = _nav(client, reverse("my:list"))
    assert f'href="{reverse("my:list")}" aria-current="page">Hồ sơ của tôi' in mine


def test_anonymous_visitors_and_officers_do_not_get_the_citizen_link(client):
    case = CitizenCase()
    assert reverse("my:list") not in _nav(client, reverse("web:home"))
    client.force_login(case.office.receiver)
    nav = _nav(client, reverse("web:home"))
    assert reverse("my:list") not in nav
    assert nav.count("Hồ sơ của tôi") == 1  # the inbox's "mine" scope
