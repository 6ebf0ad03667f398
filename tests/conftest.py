"""Shared test configuration. Factories live beside the tests of each app (tests/<app>/factories.py)."""

import os

import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` state behaviour only PostgreSQL has: they run in CI's PostgreSQL pass
    and are deselected (not skipped) when the suite runs on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    selected = [item for item in items if item.get_closest_marker("postgres") is None]
    deselected = [item for item in items if item.get_closest_marker("postgres") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _no_leaking_language():
    """Each test starts in Vietnamese, the source language, whatever the previous test activated."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit windows live in the cache (`egov.core.ratelimit`): each test starts with none
    counted, so tests that sign in or look up many times never trip another test's window."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
