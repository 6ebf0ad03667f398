"""Second-factor enforcement for every page, the admin site (/quan-tri/) included.

- A person with TOTP whose session has not passed the code step is signed out and sent to sign in.
- Administrators (superusers, ADMINISTRATOR memberships) without TOTP, and anyone reaching the
  admin site without TOTP, are sent to set it up first, when settings.EGOV_REQUIRE_ADMIN_TOTP is on.
So the admin site can never be reached with a password alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from egov.accounts import selectors, sessions

# Pages of this app a half-signed-in person must still reach.
EXEMPT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "verify",
        "totp_setup",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.app_name == "accounts" and match.url_name in EXEMPT_URL_NAMES:
            return None
        if match is not None and match.url_name == "set_language":
            return None
        if user.has_totp:
            if sessions.second_factor_done(request):
                return None
            logout(request)
            return redirect_to_login(request.get_full_path())
        if not settings.EGOV_REQUIRE_ADMIN_TOTP:
            return None
        admin_area = match is not None and match.app_name == "admin"
        if admin_area or selectors.second_factor_status(user).required:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('accounts:totp_setup')}?{query}")
        return None
