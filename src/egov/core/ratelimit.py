"""Fixed-window rate limits kept in Django's cache: sign-in, one-time codes, public lookup, online
submission. Each use names a ``scope`` with its own limit and window, from settings.

The client is identified by ``REMOTE_ADDR`` only (see `client_address`): ``X-Forwarded-For`` is ignored
because any client can forge it; behind a reverse proxy, the proxy must set ``REMOTE_ADDR`` to the real
client address. With several processes the cache must be shared (Redis) for a limit to hold across them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from egov.core.errors import DomainError

KEY_PREFIX = "egov:rate"


class RateLimited(DomainError):
    """Too many requests of one kind from one client in the current window."""

    code = "rate_limited"
    status = 429
    message_vi = "Bạn đã thao tác quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."
    message_en = "Too many attempts in a short time. Please try again in a few minutes."

    def __init__(self, *, retry_after: int, scope: str = "") -> None:
        super().__init__(retry_after=retry_after, scope=scope)
        self.retry_after = retry_after
        self.scope = scope


@dataclass(frozen=True)
class Window:
    limit: int
    seconds: int


#: Defaults per scope: (requests, seconds). Override with EGOV_RATE_LIMITS = {"scope": (n, seconds)}.
DEFAULTS: dict[str, tuple[int, int]] = {
    "sign_in": (20, 300),
    "one_time_code": (5, 600),
    "submission": (20, 600),
    "lookup": (30, 60),
    "payment_notification": (600, 60),
}


def window_for(scope: str) -> Window:
    configured = dict(getattr(settings, "EGOV_RATE_LIMITS", {}) or {})
    limit, seconds = configured.get(scope) or DEFAULTS.get(scope) or (60, 60)
    return Window(limit=int(limit), seconds=int(seconds))


def client_address(request: HttpRequest) -> str:
    """The client as the limiter sees it: ``REMOTE_ADDR`` (see the module docstring)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, key: str, *, window: Window | None = None, now: float | None = None) -> None:
    """Count one request of ``scope`` for ``key``; raise `RateLimited` past the window's limit.

    A window opens at the key's first request and lasts ``window.seconds`` (not aligned to the clock,
    so a burst cannot straddle two windows to get twice the limit). Two requests racing to open a new
    window may lose one count: acceptable for a rate limit."""
    window = window or window_for(scope)
    moment = time.time() if now is None else now
    count_key = f"{KEY_PREFIX}:{scope}:{key}"
    start_key = f"{count_key}:start"
    start = cache.get(start_key)
    if start is None or moment - float(start) >= window.seconds:
        start = moment
        cache.set(start_key, start, timeout=window.seconds + 1)
        cache.set(count_key, 0, timeout=window.seconds + 1)
    try:
        count = cache.incr(count_key)
    except ValueError:  # the entry expired between set and incr: this window's first request
        cache.set(count_key, 1, timeout=window.seconds + 1)
        count = 1
    if count > window.limit:
        retry_after = max(1, int(float(start) + window.seconds - moment + 0.999))
        raise RateLimited(retry_after=retry_after, scope=scope)


def hit_client(scope: str, request: HttpRequest, *, now: float | None = None) -> None:
    """`hit` keyed by the client's address."""
    hit(scope, client_address(request), now=now)
