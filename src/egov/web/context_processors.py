"""Template context every page gets: the province's name, the main navigation, the language switch.

Values are lazy so that a page that does not show them costs no query, and a failing lookup
degrades to a neutral default (see egov.web.province) instead of breaking every page.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from egov.web.navigation import main_nav
from egov.web.province import province_name


def language_switch_next(request: HttpRequest) -> str:
    """The current page's address in the default language, for the language switch's `next` field.

    `set_language` translates `next` by resolving it in the language active during *its own*
    request, which, for the unprefixed /i18n/setlang/ with `prefix_default_language=False`, is
    always the default one: "/en/…" would not resolve and the visitor would stay in English.
    Giving it the unprefixed address lets it translate in both directions.
    """
    return translate_url(request.get_full_path(), settings.LANGUAGE_CODE)


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "province_name": SimpleLazyObject(province_name),
        "main_nav": SimpleLazyObject(lambda: main_nav(request)),
        "language_switch_next": SimpleLazyObject(lambda: language_switch_next(request)),
        # Each language named in itself, untranslated, NFC (Django's LANG_INFO spells "Tiếng Việt"
        # with combining marks, and its catalogue would turn "English" into "Tiếng Anh").
        "language_choices": [
            (code, unicodedata.normalize("NFC", str(name))) for code, name in settings.LANGUAGES
        ],
    }
