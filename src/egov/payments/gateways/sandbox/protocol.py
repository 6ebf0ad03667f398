"""The sandbox gateway's notification format, in plain Python.

A notification is a form with ``reference``, ``amount`` (VND), ``result`` ("00" success, anything
else a failure) and ``transaction``, plus ``signature``: HMAC-SHA256 (hex) with the sandbox secret
over the other fields sorted by name and joined as ``name=value`` with ``&``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

FIELDS = ("reference", "amount", "result", "transaction")
SUCCESS = "00"


def canonical(fields: Mapping[str, str]) -> str:
    return "&".join(f"{name}={fields[name]}" for name in sorted(fields) if name != "signature")


def sign(fields: Mapping[str, str], secret: str) -> str:
    if not secret:
        raise ValueError("the sandbox secret is empty")
    return hmac.new(secret.encode(), canonical(fields).encode(), hashlib.sha256).hexdigest()


def signed(fields: Mapping[str, str], secret: str) -> dict[str, str]:
    """``fields`` with their signature."""
    values = {name: str(fields[name]) for name in FIELDS}
    return {**values, "signature": sign(values, secret)}


def verify(fields: Mapping[str, str], secret: str) -> bool:
    """Whether every field is present and the signature matches (constant-time comparison)."""
    if any(name not in fields for name in (*FIELDS, "signature")):
        return False
    values = {name: str(fields[name]) for name in FIELDS}
    return hmac.compare_digest(sign(values, secret), str(fields["signature"]))
