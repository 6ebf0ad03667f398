from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from egov.core import ratelimit


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_requests_within_the_limit_pass_and_the_next_one_is_refused_with_the_wait():
    window = ratelimit.Window(limit=3, seconds=60)
    for _ in range(3):
        ratelimit.hit("sign_in", "1.2.3.4", window=window, now=1000.0)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit("sign_in", "1.2.3.4", window=window, now=1010.0)
    assert refused.value.retry_after == 50  # the window opened at 1000 by the first request ends at 1060
    assert refused.value.status == 429


def test_scopes_and_clients_are_counted_apart_and_a_new_window_starts_afresh():
    window = ratelimit.Window(limit=1, seconds=60)
    ratelimit.hit("sign_in", "a", window=window, now=0.0)
    ratelimit.hit("submission", "a", window=window, now=0.0)
    ratelimit.hit("sign_in", "b", window=window, now=0.0)
    ratelimit.hit("sign_in", "a", window=window, now=61.0)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit("sign_in", "a", window=window, now=62.0)


@override_settings(EGOV_RATE_LIMITS={"submission": (2, 30)})
def test_limits_come_from_settings_per_scope_and_the_client_is_its_remote_address():
    assert ratelimit.window_for("submission") == ratelimit.Window(limit=2, seconds=30)
    assert ratelimit.window_for("sign_in") == ratelimit.Window(*ratelimit.DEFAULTS["sign_in"])
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    ratelimit.hit_client("submission", request, now=0.0)
    ratelimit.hit_client("submission", request, now=1.0)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit_client("submission", request, now=2.0)
