"""Authentication backend that refuses locked accounts (lockout counted in services)."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone


class LockoutAwareBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if user.locked_until and user.locked_until > timezone.now():
            return False
        return super().user_can_authenticate(user)
