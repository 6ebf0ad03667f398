"""Shared test configuration. Factories live beside the tests of each app (tests/<app>/factories.py)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
