"""Sessions that expire: after ``EGOV_SESSION_IDLE_MINUTES`` without a request (default 60), and in
any case ``EGOV_SESSION_MAX_HOURS`` after signing in (default 12), the person is signed out and asked
to sign in again — on a shared computer at a commune office, a forgotten session must not stay open.

The idle limit is the session cookie's age (`SESSION_COOKIE_AGE`), renewed by activity; to keep one
database write per request away, the renewal happens at most once a minute per session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

SIGNED_IN_AT = "egov_signed_in_at"
RENEWED_AT = "egov_session_renewed_at"
RENEW_EVERY_SECONDS = 60


def max_seconds() -> int:
    return int(float(getattr(settings, "EGOV_SESSION_MAX_HOURS", 12)) * 3600)


class SessionExpiryMiddleware:
    """Signs out a session past its absolute lifetime and renews the idle window of an active one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SIGNED_IN_AT, now)
            if now - int(started) > max_seconds():
                logout(request)
                messages.info(request, _("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại."))
            elif now - int(session.get(RENEWED_AT, 0)) >= RENEW_EVERY_SECONDS:
                session[RENEWED_AT] = now  # modified: Django re-sends the cookie with a fresh age
        return self.get_response(request)
