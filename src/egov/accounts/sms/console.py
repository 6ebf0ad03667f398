"""The "console" SMS backend: prints the message and keeps it in `outbox` (demo, development,
tests). Nothing leaves the machine."""

from __future__ import annotations

import logging
import sys

from egov.accounts.sms.base import SmsBackend, SmsMessage, register

logger = logging.getLogger("egov.sms")

#: Messages "sent" since the process started (tests empty it), like django.core.mail.outbox.
outbox: list[SmsMessage] = []


@register("console")
class ConsoleBackend(SmsBackend):
    def send(self, message: SmsMessage) -> None:
        outbox.append(message)
        logger.info("SMS (console) to %s", message.to)
        sender = f" [{message.sender}]" if message.sender else ""
        sys.stdout.write(f"--- SMS{sender} → {message.to}\n{message.text}\n---\n")
        sys.stdout.flush()
