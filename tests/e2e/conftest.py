"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, which trips Django's async-safety
check on database access; the tests only touch the database from synchronous code, so the check is
switched off here (and only for e2e runs).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_context_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A function that opens a fresh Chromium profile (own user-data dir) with the given options."""
    from playwright.sync_api import sync_playwright

    contexts = []
    with sync_playwright() as playwright:

        def open_context(**options: object) -> object:
            user_data = Path(tmp_path_factory.mktemp("chromium-profile"))
            context = playwright.chromium.launch_persistent_context(
                str(user_data),
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                locale="vi-VN",
                **options,
            )
            contexts.append(context)
            return context

        yield open_context
        for context in contexts:
            context.close()


@pytest.fixture
def page(browser_context_factory, live_server) -> Iterator[object]:
    context = browser_context_factory(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    page.close()
