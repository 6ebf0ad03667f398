"""The SMS adapter interface and its registry."""

from __future__ import annotations

import abc
from dataclasses import dataclass

from django.conf import settings

from egov.core.errors import DomainError

_REGISTRY: dict[str, type[SmsBackend]] = {}


class SmsNotSent(DomainError):
    """The gateway did not accept the message (unreachable, refused, misconfigured)."""

    code = "sms.not_sent"
    status = 503
    message_vi = "Chưa gửi được tin nhắn SMS. Vui lòng thử lại sau ít phút hoặc dùng thư điện tử."
    message_en = "The text message could not be sent. Please try again later or use e-mail."


@dataclass(frozen=True)
class SmsMessage:
    to: str  # national form, e.g. 0912345678
    text: str
    sender: str = ""  # the registered brandname


class SmsBackend(abc.ABC):
    """One SMS gateway. `send` returns when the gateway accepted the message, or raises
    `SmsNotSent`; it never raises anything else for a delivery failure."""

    name: str = ""

    @abc.abstractmethod
    def send(self, message: SmsMessage) -> None: ...


def register(name: str):  # type: ignore[no-untyped-def]
    """Class decorator: make a backend available as settings.EGOV_SMS_BACKEND = name."""

    def decorate(cls: type[SmsBackend]) -> type[SmsBackend]:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return decorate


def backend(name: str | None = None) -> SmsBackend:
    """The configured backend (or the one named)."""
    chosen = name or getattr(settings, "EGOV_SMS_BACKEND", "") or "console"
    try:
        return _REGISTRY[chosen]()
    except KeyError:
        raise SmsNotSent(
            f"Chưa cấu hình đúng cổng gửi SMS (EGOV_SMS_BACKEND={chosen!r}).",
            message_en=f"Unknown SMS backend {chosen!r}.",
        ) from None


def send(*, to: str, text: str) -> SmsMessage:
    """Send one text message through the configured gateway; returns what was sent."""
    message = SmsMessage(to=to, text=text, sender=getattr(settings, "EGOV_SMS_SENDER", "") or "")
    backend().send(message)
    return message
