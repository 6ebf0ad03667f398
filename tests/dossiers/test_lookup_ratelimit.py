"""The fixed-window limiter of the public lookup."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from egov.dossiers.ratelimit import LookupRateLimited, check_lookup_rate, client_address


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _request(address: str = "192.0.2.10"):
    return RequestFactory().get("/tra-cuu/x/", REMOTE_ADDR=address)


def test_client_is_the_remote_address_not_the_forwarded_header():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "192.0.2.7"


@override_settings(EGOV_LOOKUP_RATE_LIMIT=3, EGOV_LOOKUP_RATE_WINDOW=60)
def test_limit_allows_exactly_the_configured_number_per_window():
    for _ in range(3):
        check_lookup_rate(_request(), now=120.0)
    with pytest.raises(LookupRateLimited) as caught:
        check_lookup_rate(_request(), now=150.0)
    assert caught.value.code == "lookup.rate_limited"
    assert caught.value.status == 429
    assert caught.value.retry_after == 30  # the window 120–180 ends in 30 seconds


@override_settings(EGOV_LOOKUP_RATE_LIMIT=1, EGOV_LOOKUP_RATE_WINDOW=60)
def test_a_new_window_starts_a_new_count():
    check_lookup_rate(_request(), now=100.0)  # opens the window 100–160
    with pytest.raises(LookupRateLimited):
        check_lookup_rate(_request(), now=159.0)
    check_lookup_rate(_request(), now=160.0)


def test_default_limit_is_thirty_lookups_a_minute():
    for _ in range(30):
        check_lookup_rate(_request(), now=0.0)
    with pytest.raises(LookupRateLimited) as caught:
        check_lookup_rate(_request(), now=0.5)
    assert caught.value.retry_after == 60
