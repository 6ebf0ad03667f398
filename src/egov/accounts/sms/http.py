"""The "http" SMS backend: POSTs the message as JSON to a brandname gateway.

Request: ``POST settings.EGOV_SMS_URL`` with ``Authorization: Bearer settings.EGOV_SMS_TOKEN`` and
``{"sender": EGOV_SMS_SENDER, "to": "84912345678", "text": "..."}`` (the number in international
form without "+", as Vietnamese brandname gateways expect). Any 2xx answer means accepted; anything
else, a timeout or an unreachable gateway raises `SmsNotSent`. A gateway with another shape gets
its own backend module.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

from egov.accounts.sms.base import SmsBackend, SmsMessage, SmsNotSent, register

logger = logging.getLogger("egov.sms")
TIMEOUT_SECONDS = 10


def international(number: str) -> str:
    """0912345678 → 84912345678."""
    return "84" + number[1:] if number.startswith("0") else number.lstrip("+")


@register("http")
class HttpGatewayBackend(SmsBackend):
    def send(self, message: SmsMessage) -> None:
        url = getattr(settings, "EGOV_SMS_URL", "")
        if not url:
            raise SmsNotSent(
                "Chưa cấu hình địa chỉ cổng gửi SMS (EGOV_SMS_URL).", message_en="EGOV_SMS_URL is not set."
            )
        body = json.dumps(
            {"sender": message.sender, "to": international(message.to), "text": message.text},
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Accept", "application/json")
        token = getattr(settings, "EGOV_SMS_TOKEN", "")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            logger.warning("SMS gateway unreachable: %s", error)
            raise SmsNotSent() from error
        if not 200 <= status < 300:
            logger.warning("SMS gateway refused the message: HTTP %s", status)
            raise SmsNotSent()
