"""Cash at the one-stop counter: the receiving officer records it (no notification, no citizen start)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from egov.payments import gateways
from egov.payments.errors import GatewayUnavailable
from egov.payments.gateways import Reply, Start


@gateways.register
class CashGateway(gateways.Gateway):
    code = "cash"
    label = _("Tiền mặt tại bộ phận một cửa")
    citizen_can_choose = False
    officer_only = True

    def start(self, *, payment: Any, return_url: str, client_ip: str) -> Start:
        raise GatewayUnavailable(field="gateway")

    def handle_notification(
        self, *, params: Mapping[str, str], body: bytes, headers: Mapping[str, str]
    ) -> Reply:
        return Reply(status=404, content_type="text/plain", body="")
