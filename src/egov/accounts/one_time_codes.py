"""One-time codes sent by e-mail or SMS, in plain Python (no Django): making a code, hashing it,
and deciding whether a typed code is accepted.

A code has six digits drawn with `secrets`. Only a keyed HMAC-SHA256 of it is stored (the key is
the site's SECRET_KEY, and the hash is bound to the code's purpose and destination, so a hash
copied to another row is worthless). A code is valid for ten minutes, is refused after five wrong
tries, works once, and a new one for the same destination may be sent at most once a minute.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

CODE_DIGITS = 6
LIFETIME = dt.timedelta(minutes=10)
MAX_WRONG_TRIES = 5
RESEND_COOLDOWN = dt.timedelta(seconds=60)

_SEPARATORS = re.compile(r"[\s.\-]+")
_CODE = re.compile(rf"^\d{{{CODE_DIGITS}}}$")


def new_code() -> str:
    """A random code of CODE_DIGITS digits (leading zeros kept), from a CSPRNG."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def clean_code(value: str) -> str:
    """The code as typed, without spaces, dots or dashes ("123 456" → "123456")."""
    return _SEPARATORS.sub("", value or "")


def is_well_formed(value: str) -> bool:
    """Whether a (cleaned) value has the shape of a code: exactly CODE_DIGITS digits."""
    return bool(_CODE.match(value))


def hash_code(code: str, *, key: str, purpose: str, destination: str) -> str:
    """Keyed HMAC-SHA256 (hex) of a code, bound to its purpose and destination."""
    message = f"{purpose}\x1f{destination}\x1f{clean_code(code)}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def code_matches(code: str, code_hash: str, *, key: str, purpose: str, destination: str) -> bool:
    """Whether a typed code is the one whose hash is stored (constant-time comparison)."""
    cleaned = clean_code(code)
    if not is_well_formed(cleaned):
        return False
    expected = hash_code(cleaned, key=key, purpose=purpose, destination=destination)
    return hmac.compare_digest(expected, code_hash)


def expiry(created_at: dt.datetime) -> dt.datetime:
    """When a code made at `created_at` stops working."""
    return created_at + LIFETIME


def seconds_until_resend(last_sent_at: dt.datetime | None, *, at: dt.datetime) -> int:
    """How many whole seconds (rounded up) before another code may be sent to the same
    destination for the same purpose; 0 when it may be sent now."""
    if last_sent_at is None:
        return 0
    remaining = (last_sent_at + RESEND_COOLDOWN - at).total_seconds()
    if remaining <= 0:
        return 0
    return int(remaining) + (0 if remaining == int(remaining) else 1)


class Verdict(enum.StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # wrong code, tries left
    EXPIRED = "expired"
    TOO_MANY_TRIES = "too_many_tries"  # this try was (or an earlier one was) the last allowed
    USED = "used"


@dataclass(frozen=True)
class CodeState:
    """What is stored about a code, apart from its hash."""

    expires_at: dt.datetime
    attempts: int = 0  # wrong tries so far
    used_at: dt.datetime | None = None


@dataclass(frozen=True)
class Check:
    """The outcome of typing a code: the verdict, the wrong tries counted after it, the tries
    left, and whether the stored state changes (attempts or used)."""

    verdict: Verdict
    attempts: int
    tries_left: int

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPTED


def check(state: CodeState, *, matches: bool, at: dt.datetime) -> Check:
    """Judge one try. A used code stays used; a code with MAX_WRONG_TRIES wrong tries or past its
    expiry is refused even if right (and the try is not counted); a wrong code counts one try and
    the MAX_WRONG_TRIES-th wrong try ends the code."""
    left = max(0, MAX_WRONG_TRIES - state.attempts)
    if state.used_at is not None:
        return Check(Verdict.USED, state.attempts, left)
    if state.attempts >= MAX_WRONG_TRIES:
        return Check(Verdict.TOO_MANY_TRIES, state.attempts, 0)
    if at >= state.expires_at:
        return Check(Verdict.EXPIRED, state.attempts, left)
    if matches:
        return Check(Verdict.ACCEPTED, state.attempts, left)
    attempts = state.attempts + 1
    left = MAX_WRONG_TRIES - attempts
    return Check(Verdict.WRONG if left > 0 else Verdict.TOO_MANY_TRIES, attempts, left)


def mask_destination(destination: str) -> str:
    """A phone number or e-mail address shown with its middle hidden, to tell the person where
    the code went without printing it whole: 0912***678, h***@example.vn."""
    value = destination or ""
    if "@" in value:
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if len(value) <= 6:
        return "***"
    return f"{value[:4]}***{value[-3:]}"
