"""Authentication backend: sign-in by user name, e-mail, citizen id or phone number (see
`selectors.user_for_sign_in`); locked accounts refused.

The lockout itself is counted in `services.record_failed_sign_in`; this backend only refuses an
account while it is locked, and spends the same hashing time whether or not the name exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils import timezone

from egov.accounts import selectors
from egov.accounts.models import User


class LockoutAwareBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = selectors.user_for_sign_in(username)
        if user is None:
            # Run the hasher once anyway so that timing does not tell which names exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user: Any) -> bool:
        if user.locked_until and user.locked_until > timezone.now():
            return False
        return super().user_can_authenticate(user)
