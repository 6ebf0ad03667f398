"""What the session remembers between the two steps of signing in."""

from __future__ import annotations

import time
from typing import Any

from django.http import HttpRequest

# Set once the person has passed the second factor in this session (or enrolled in it).
SECOND_FACTOR_DONE = "egov_second_factor_done"
# The person whose password was right and who still has to type a TOTP code.
PENDING_SIGN_IN = "egov_pending_sign_in"
# How long the code step may wait after a correct password.
PENDING_SECONDS = 300


def start_pending(request: HttpRequest, *, user_id: int, backend: str, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_SIGN_IN] = {
        "user_id": user_id,
        "backend": backend,
        "next": next_url,
        "started": int(time.time()),
    }


def pending(request: HttpRequest) -> dict[str, Any] | None:
    """The pending sign-in, if there is one and it is recent enough."""
    data = request.session.get(PENDING_SIGN_IN)
    if not isinstance(data, dict) or int(time.time()) - int(data.get("started", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_SIGN_IN, None)
        return None
    return data


def clear_pending(request: HttpRequest) -> None:
    request.session.pop(PENDING_SIGN_IN, None)


def mark_second_factor_done(request: HttpRequest) -> None:
    request.session[SECOND_FACTOR_DONE] = True


def second_factor_done(request: HttpRequest) -> bool:
    return bool(request.session.get(SECOND_FACTOR_DONE))
