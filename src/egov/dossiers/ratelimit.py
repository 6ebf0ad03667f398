"""A fixed-window rate limit for the public dossier lookup, kept in Django's cache.

The lookup needs no sign-in, so codes could be guessed by brute force; each client may make at most
``EGOV_LOOKUP_RATE_LIMIT`` lookups (default 30) per ``EGOV_LOOKUP_RATE_WINDOW`` seconds (default 60),
counted together for the HTML page and the API.

The client is identified by ``REMOTE_ADDR`` only. ``X-Forwarded-For`` is ignored because any client can
forge it; behind a reverse proxy, the proxy must set ``REMOTE_ADDR`` to the real client address
(e.g. nginx ``real_ip_header`` or a trusted-proxy middleware), otherwise every visitor shares one window.
With several processes the cache must be shared (Redis/Memcached) for the limit to hold across them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from egov.core.errors import DomainError

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 60
KEY_PREFIX = "egov:lookup-rate"


class LookupRateLimited(DomainError):
    """Too many lookups from one client in the current window."""

    code = "lookup.rate_limited"
    status = 429
    message_vi = "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."
    message_en = "Too many lookups in a short time. Please try again in a few minutes."

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(retry_after=retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: int


def current_window() -> Window:
    return Window(
        limit=int(getattr(settings, "EGOV_LOOKUP_RATE_LIMIT", DEFAULT_LIMIT)),
        seconds=int(getattr(settings, "EGOV_LOOKUP_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)),
    )


def client_address(request: HttpRequest) -> str:
    """The client as the limiter sees it: ``REMOTE_ADDR`` (see the module docstring)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def check_lookup_rate(request: HttpRequest, *, now: float | None = None) -> None:
    """Count one lookup for the client; raise `LookupRateLimited` (with seconds to wait) past the limit."""
    window = current_window()
    moment = time.time() if now is None else now
    window_start = int(moment // window.seconds) * window.seconds
    key = f"{KEY_PREFIX}:{client_address(request)}:{window_start}"
    cache.add(key, 0, timeout=window.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr: this is a new window's first lookup
        cache.set(key, 1, timeout=window.seconds + 1)
        count = 1
    if count > window.limit:
        retry_after = max(1, int(window_start + window.seconds - moment + 0.999))
        raise LookupRateLimited(retry_after=retry_after)
