"""The sandbox gateway: pays on a local page, without any outside service (demo, tests).

Its page (/thanh-toan/sandbox/<reference>/) has "Thanh toán thành công" and "Thanh toán thất bại"
buttons; the button sends a notification signed with EGOV_PAYMENT_SANDBOX_SECRET (derived from
SECRET_KEY when empty) through `notify`, the same path as a real gateway's server-to-server call
(/thanh-toan/thong-bao/sandbox/), then the browser goes back to the return page. Turn it off in
production with EGOV_PAYMENT_SANDBOX=0.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.payments import gateways, services
from egov.payments.errors import GatewayUnavailable
from egov.payments.gateways import Reply, ReturnInfo, Start
from egov.payments.gateways.sandbox import protocol
from egov.payments.rules import Outcome

logger = logging.getLogger(__name__)

CODES = {
    Outcome.CONFIRMED: "00",
    Outcome.ALREADY_CONFIRMED: "02",
    Outcome.UNKNOWN_ORDER: "01",
    Outcome.WRONG_AMOUNT: "04",
    Outcome.FAILED_RECORDED: "00",
    Outcome.NOT_PAYABLE: "02",
}


def secret() -> str:
    configured = getattr(settings, "EGOV_PAYMENT_SANDBOX_SECRET", "")
    if configured:
        return str(configured)
    return hmac.new(settings.SECRET_KEY.encode(), b"egov.payments.sandbox", hashlib.sha256).hexdigest()


def _reply(code: str, status: int = 200) -> Reply:
    return Reply(status=status, content_type="application/json", body=json.dumps({"code": code}))


@gateways.register
class SandboxGateway(gateways.Gateway):
    code = "sandbox"
    label = _("Cổng thanh toán thử nghiệm (sandbox)")
    citizen_can_choose = True

    def is_enabled(self) -> bool:
        return bool(getattr(settings, "EGOV_PAYMENT_SANDBOX", False))

    def start(self, *, payment: Any, return_url: str, client_ip: str) -> Start:
        if not self.is_enabled():
            raise GatewayUnavailable(field="gateway")
        page = reverse("payments:sandbox:page", args=[payment.reference])
        return Start(redirect_url=f"{page}?{urlencode({'return': return_url})}")

    def handle_notification(
        self, *, params: Mapping[str, str], body: bytes, headers: Mapping[str, str]
    ) -> Reply:
        if not self.is_enabled():
            return _reply("99", status=404)
        reference = str(params.get("reference", ""))
        if not protocol.verify(params, secret()):
            logger.warning("sandbox notification with a bad signature for %r", reference)
            services.record_rejected_notification(
                gateway_code=self.code, reference=reference, raw=params, why="signature"
            )
            return _reply("97", status=400)
        try:
            amount = int(params["amount"])
        except ValueError:
            return _reply("99", status=400)
        outcome = services.record_gateway_result(
            reference=reference,
            amount=amount,
            succeeded=params["result"] == protocol.SUCCESS,
            gateway_code=self.code,
            gateway_reference=str(params["transaction"]),
            at=timezone.now(),
            raw=params,
        )
        return _reply(CODES[outcome])

    def describe_return(self, *, params: Mapping[str, str]) -> ReturnInfo:
        result = params.get("result", "")
        return ReturnInfo(
            reference=str(params.get("reference", "")),
            claimed_success=None if not result else result == protocol.SUCCESS,
        )
