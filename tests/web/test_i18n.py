"""English catalogue and the no-JavaScript language switch."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.procedures.factories import make_published_version

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


def po_entries(text: str) -> list[dict[str, object]]:
    """The entries of a .po file: ``msgid``, ``msgstr`` (every form, plural ones included), ``flags``
    and ``obsolete``. Enough of the format for checking a catalogue; not a general parser."""
    entries: list[dict[str, object]] = []
    for block in text.strip().split("\n\n"):
        entry: dict[str, object] = {"flags": set(), "msgstr": [], "obsolete": False}
        key = ""
        for line in block.splitlines():
            if line.startswith("#~|"):
                continue  # an obsolete entry's previous msgid
            if line.startswith("#~"):
                entry["obsolete"] = True
                line = line[2:].strip()
            if line.startswith("#,"):
                entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
                continue
            if line.startswith("#") or not line.strip():
                continue
            if line.startswith('"'):
                value = ast.literal_eval(line)
            else:
                key, _, literal = line.partition(" ")
                value = ast.literal_eval(literal)
                if key.startswith("msgstr"):
                    entry["msgstr"].append("")  # type: ignore[union-attr]
            if key.startswith("msgstr"):
                entry["msgstr"][-1] += value  # type: ignore[index]
            else:
                entry[key] = entry.get(key, "") + value  # type: ignore[operator]
        if "msgid" in entry:
            entries.append(entry)
    return entries


def test_po_parser_sees_untranslated_fuzzy_and_plural_entries() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Có %(n)s"\nmsgstr "Has %(n)s"\n\n'
        'msgid "Mã"\nmsgstr ""\n\n'
        'msgid "%(c)s thủ tục"\nmsgid_plural "%(c)s thủ tục"\nmsgstr[0] "%(c)s procedure"\nmsgstr[1] ""'
    )
    header, fuzzy, untranslated, plural = po_entries(text)
    assert header["msgstr"] == ["Language: en\n"]
    assert "fuzzy" in fuzzy["flags"] and fuzzy["msgstr"] == ["Has %(n)s"]  # type: ignore[operator]
    assert untranslated["msgid"] == "Mã" and untranslated["msgstr"] == [""]
    assert plural["msgstr"] == ["%(c)s procedure", ""]


def test_english_catalogue_has_every_entry_translated_and_none_fuzzy() -> None:
    entries = [e for e in po_entries(CATALOGUE.read_text(encoding="utf-8")) if not e["obsolete"]]
    assert len(entries) > 400
    untranslated = [e["msgid"] for e in entries if e["msgid"] and not all(e["msgstr"])]  # type: ignore[call-overload]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]  # type: ignore[operator]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.django_db
def test_procedure_catalogue_page_is_in_english_under_the_english_prefix(client: Client) -> None:
    make_published_version(name="Đăng ký khai sinh")
    html = client.get("/en/thu-tuc/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Administrative procedures</h1>" in html
    assert "1 procedure in force" in html
    assert "Procedure name or code" in html
    assert "Commune level" in html
    assert "thủ tục đang có hiệu lực" not in html
    assert "Tên hoặc mã thủ tục" not in html


@pytest.mark.django_db
def test_procedure_page_writes_times_and_money_in_english_under_the_english_prefix(client: Client) -> None:
    from decimal import Decimal

    from tests.procedures.factories import make_fee

    version = make_published_version(processing_time=Decimal("5"))
    make_fee(version, amount=Decimal("50000"))
    html = client.get(f"/en/thu-tuc/{version.procedure.national_code}/").content.decode()
    assert "05 working days" in html
    assert "50,000 VND" in html or "50.000 VND" in html
    assert "ngày làm việc" not in html


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
