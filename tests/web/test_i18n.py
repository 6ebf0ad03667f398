"""English catalogue and the no-JavaScript language switch."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_english_prefix_shows_the_home_page_in_english(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Services of the portal" in html
    assert "Sign in" in html
    assert "Dịch vụ của cổng" not in html


@pytest.mark.django_db
def test_language_switch_posts_and_redirects_to_the_same_page_in_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert "Services of the portal" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_english_page_gives_the_switch_the_unprefixed_address_so_switching_back_works(client: Client) -> None:
    html = client.get("/en/?q=1").content.decode()
    assert '<input type="hidden" name="next" value="/?q=1">' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/?q=1"})
    assert response["Location"] == "/?q=1"
    assert "Dịch vụ của cổng" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_language_names_are_nfc_so_search_and_screen_readers_match_them(client: Client) -> None:
    import unicodedata

    html = client.get("/").content.decode()
    assert ">Tiếng Việt</button>" in html
    assert ">English</button>" in html
    assert unicodedata.normalize("NFC", html) == html
