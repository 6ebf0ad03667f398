"""The rate limit of the public dossier lookup (`egov.core.ratelimit`, scope "lookup").

The lookup needs no sign-in, so codes could be guessed by brute force; each client may make at most
``EGOV_LOOKUP_RATE_LIMIT`` lookups (default 30) per ``EGOV_LOOKUP_RATE_WINDOW`` seconds (default 60),
counted together for the HTML page and the API. The client is its ``REMOTE_ADDR`` (see
`egov.core.ratelimit` for proxies and shared caches).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from egov.core import ratelimit
from egov.core.ratelimit import Window, client_address

__all__ = ["LookupRateLimited", "Window", "check_lookup_rate", "client_address", "current_window"]

DEFAULT_LIMIT = 30
DEFAULT_WINDOW_SECONDS = 60


class LookupRateLimited(ratelimit.RateLimited):
    """Too many lookups from one client in the current window."""

    code = "lookup.rate_limited"
    message_vi = "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."
    message_en = "Too many lookups in a short time. Please try again in a few minutes."


def current_window() -> Window:
    return Window(
        limit=int(getattr(settings, "EGOV_LOOKUP_RATE_LIMIT", DEFAULT_LIMIT)),
        seconds=int(getattr(settings, "EGOV_LOOKUP_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)),
    )


def check_lookup_rate(request: HttpRequest, *, now: float | None = None) -> None:
    """Count one lookup for the client; raise `LookupRateLimited` (with seconds to wait) past the limit."""
    try:
        ratelimit.hit("lookup", client_address(request), window=current_window(), now=now)
    except ratelimit.RateLimited as refused:
        raise LookupRateLimited(retry_after=refused.retry_after, scope="lookup") from None
