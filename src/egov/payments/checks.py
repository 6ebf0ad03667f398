"""`egov check --deploy`: the sandbox gateway must be off in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def sandbox_gateway_off(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if getattr(settings, "EGOV_PAYMENT_SANDBOX", False):
        return [
            checks.Warning(
                "Cổng thanh toán thử nghiệm (sandbox) đang bật: ai cũng có thể ghi nhận thanh toán giả.",
                hint="Đặt EGOV_PAYMENT_SANDBOX=0 khi triển khai thật.",
                id="egov.payments.W001",
            )
        ]
    return []
