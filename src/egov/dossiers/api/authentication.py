"""Who calls the officers' dossier API: a signed-in session (the second factor already passed, see
`egov.accounts.middleware`) or HTTP Basic with the same name and password as the sign-in page.

HTTP Basic goes through the same rules as the sign-in page: a locked account is refused, a wrong
password counts towards the lockout, and an account protected by TOTP is refused (its second factor
cannot travel in a Basic header; such officers use the session, API clients with their own tokens and
scopes come later). Basic is listed first so that an anonymous request gets 401 with
``WWW-Authenticate: Basic``, not 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from egov.accounts import selectors as account_selectors
from egov.accounts import services as account_services


class AccountLocked(exceptions.AuthenticationFailed):
    default_code = "account_locked"
    default_detail = _("Tài khoản đang bị tạm khóa do đăng nhập sai nhiều lần.")


class SecondFactorRequired(exceptions.AuthenticationFailed):
    default_code = "second_factor_required"
    default_detail = _(
        "Tài khoản dùng xác thực hai lớp nên không gọi API bằng HTTP Basic được; hãy đăng nhập (phiên)."
    )


class WrongCredentials(exceptions.AuthenticationFailed):
    default_code = "authentication_failed"
    default_detail = _("Tên đăng nhập hoặc mật khẩu không đúng.")


class LockoutAwareBasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic with the sign-in page's lockout, refusing accounts that have a second factor."""

    www_authenticate_realm = "egov"

    def authenticate_credentials(
        self, userid: str, password: str, request: Request | None = None
    ) -> tuple[Any, None]:
        if account_selectors.locked_until(userid) is not None:
            raise AccountLocked()
        user = authenticate(request=request, username=userid, password=password)
        if user is None:
            account_services.record_failed_sign_in(identifier=userid)
            raise WrongCredentials()
        if user.has_totp:
            raise SecondFactorRequired()
        return user, None


#: The authentication of every officer endpoint, Basic first (401 + WWW-Authenticate when missing).
API_AUTHENTICATION: list[type[authentication.BaseAuthentication]] = [
    LockoutAwareBasicAuthentication,
    authentication.SessionAuthentication,
]


class LockoutAwareBasicScheme(OpenApiAuthenticationExtension):
    """The schema's name for `LockoutAwareBasicAuthentication`: plain HTTP Basic."""

    target_class = LockoutAwareBasicAuthentication
    name = "egovBasicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}
