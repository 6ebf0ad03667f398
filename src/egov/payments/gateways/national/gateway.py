"""The national payment platform (thanh toán qua Cổng Dịch vụ công quốc gia): bill out, confirmation in.

Settings (or environment variables of the same names):
  EGOV_NATIONAL_PAYMENT_URL         where bills are posted (the platform's bill endpoint)
  EGOV_NATIONAL_PAYMENT_CLIENT_ID   our client id at the platform (header X-Client-Id)
  EGOV_NATIONAL_PAYMENT_SECRET      the shared secret of both signatures; never logged nor stored
  EGOV_NATIONAL_PAYMENT_NOTIFY_URL  where the platform confirms (default
                                    <EGOV_PUBLIC_URL>/thanh-toan/thong-bao/national/)
  EGOV_NATIONAL_PAYMENT_TIMEOUT     seconds to wait for the platform (default 10)

The wire format is an assumption documented in `protocol` (§7 gives no specification).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.payments import gateways, services
from egov.payments.errors import GatewayUnavailable
from egov.payments.gateways import Reply, Start
from egov.payments.gateways.base import setting
from egov.payments.gateways.national import protocol
from egov.payments.gateways.national.protocol import Bill, FeeLine, Payer, ReplyCode
from egov.payments.rules import Outcome

logger = logging.getLogger(__name__)
MAX_ANSWER_BYTES = 64 * 1024

REPLY_CODES: Mapping[Outcome, ReplyCode] = {
    Outcome.CONFIRMED: ReplyCode.RECORDED,
    Outcome.FAILED_RECORDED: ReplyCode.RECORDED,
    Outcome.ALREADY_CONFIRMED: ReplyCode.ALREADY_CONFIRMED,
    Outcome.NOT_PAYABLE: ReplyCode.ALREADY_CONFIRMED,
    Outcome.UNKNOWN_ORDER: ReplyCode.BILL_NOT_FOUND,
    Outcome.WRONG_AMOUNT: ReplyCode.INVALID_AMOUNT,
}


def _reply(code: ReplyCode) -> Reply:
    return Reply(status=200, content_type="application/json", body=protocol.reply(code).decode())


class PlatformUnavailable(GatewayUnavailable):
    code = "payments.national_unavailable"
    message_vi = (
        "Nền tảng thanh toán quốc gia không nhận hóa đơn lúc này; hãy thử lại sau hoặc chọn cách khác."
    )
    message_en = (
        "The national payment platform did not accept the bill; try again later or choose another way."
    )


def bill_for(payment: Any, *, return_url: str) -> Bill:
    """The platform's bill of one payment: its fee lines, agency, dossier, procedure and payer."""
    dossier = payment.dossier
    notify_url = setting("EGOV_NATIONAL_PAYMENT_NOTIFY_URL") or (
        f"{setting('EGOV_PUBLIC_URL', 'http://127.0.0.1:8000').rstrip('/')}/thanh-toan/thong-bao/national/"
    )
    return Bill(
        bill_number=payment.reference,
        agency_id=dossier.agency.identifier,
        agency_name=dossier.agency.name,
        dossier_code=dossier.code,
        procedure_code=dossier.version.procedure.national_code,
        purpose=f"Nộp phí, lệ phí hồ sơ {dossier.code}",
        payer=Payer(
            name=payment.payer_name or dossier.applicant_name,
            id_number=dossier.applicant_citizen_id,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
            address=dossier.applicant_address,
        ),
        fees=[
            FeeLine(kind=item.kind, code=item.code, name=item.name, amount=int(item.amount))
            for item in payment.items.all()
        ],
        return_url=return_url,
        notify_url=notify_url,
        created_at=timezone.now(),
        expires_at=payment.expires_at,
    )


@gateways.register
class NationalPlatformGateway(gateways.Gateway):
    code = "national"
    label = _("Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia")

    def _secret(self) -> str:
        return setting("EGOV_NATIONAL_PAYMENT_SECRET")

    def is_enabled(self) -> bool:
        return bool(setting("EGOV_NATIONAL_PAYMENT_URL") and self._secret())

    def start(self, *, payment: Any, return_url: str, client_ip: str) -> Start:
        if not self.is_enabled():
            raise GatewayUnavailable(field="gateway")
        body = bill_for(payment, return_url=return_url).body()
        request = urllib.request.Request(
            setting("EGOV_NATIONAL_PAYMENT_URL"),
            data=body,
            method="POST",
            headers=protocol.request_headers(
                body, client_id=setting("EGOV_NATIONAL_PAYMENT_CLIENT_ID"), secret=self._secret()
            ),
        )
        timeout = float(setting("EGOV_NATIONAL_PAYMENT_TIMEOUT", "10"))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = response.read(MAX_ANSWER_BYTES)
            accepted = protocol.read_bill_answer(answer)
        except urllib.error.HTTPError as error:
            logger.warning("national platform refused bill %s: HTTP %s", payment.reference, error.code)
            raise PlatformUnavailable(field="gateway") from None
        except (OSError, protocol.Refused) as error:
            logger.warning("national platform: bill %s not accepted: %s", payment.reference, error)
            raise PlatformUnavailable(field="gateway") from None
        return Start(redirect_url=accepted.payment_url)

    def handle_notification(
        self, *, params: Mapping[str, str], body: bytes, headers: Mapping[str, str]
    ) -> Reply:
        """The platform's signed confirmation; a bad signature is answered 97 without touching the DB."""
        signature = next(
            (value for key, value in headers.items() if key.lower() == protocol.SIGNATURE_HEADER.lower()), ""
        )
        try:
            confirmation = protocol.read_confirmation(body, signature, self._secret())
        except protocol.InvalidSignature:
            logger.warning("national platform confirmation with a bad signature")
            return _reply(ReplyCode.INVALID_SIGNATURE)
        except protocol.MalformedMessage as error:
            services.record_rejected_notification(
                gateway_code=self.code,
                reference="",
                raw={"body": body[:2000].decode(errors="replace")},
                why="malformed",
            )
            logger.warning("national platform confirmation signed but unreadable: %s", error)
            return _reply(ReplyCode.UNKNOWN_ERROR)
        try:
            outcome = services.record_gateway_result(
                reference=confirmation.bill_number,
                amount=confirmation.amount,
                succeeded=confirmation.succeeded,
                gateway_code=self.code,
                gateway_reference=confirmation.transaction_id,
                at=confirmation.paid_at if confirmation.succeeded else None,
                raw=dict(confirmation.document),
            )
        except Exception:
            logger.exception("national platform confirmation of %r not recorded", confirmation.bill_number)
            return _reply(ReplyCode.UNKNOWN_ERROR)
        return _reply(REPLY_CODES.get(outcome, ReplyCode.UNKNOWN_ERROR))
