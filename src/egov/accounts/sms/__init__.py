"""Sending SMS (tin nhắn thương hiệu, "brandname") through a pluggable gateway adapter.

`send(to=..., text=...)` hands the message to the backend named by settings.EGOV_SMS_BACKEND:
"console" (prints the message; the demo and the tests) or "http" (POSTs JSON to a brandname
gateway). A new gateway is a new module with a class decorated `@register("name")`, never a new
`if` branch here.
"""

from __future__ import annotations

from egov.accounts.sms import console, http  # noqa: F401  (register the bundled backends)
from egov.accounts.sms.base import SmsBackend, SmsMessage, SmsNotSent, backend, register, send

__all__ = ["SmsBackend", "SmsMessage", "SmsNotSent", "backend", "register", "send"]
