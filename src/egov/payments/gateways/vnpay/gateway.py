"""VNPay (cổng thanh toán VNPAY, version 2.1.0): redirect, IPN, browser return.

Settings (or environment variables of the same names):
  EGOV_VNPAY_TMN_CODE        the merchant's terminal code (vnp_TmnCode)
  EGOV_VNPAY_HASH_SECRET     the merchant's hash secret (vnp_HashSecret); never logged nor stored
  EGOV_VNPAY_URL             the payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html
  EGOV_VNPAY_EXPIRE_MINUTES  how long VNPay's page accepts the payment (default 15)

The IPN address to give VNPay is ``<EGOV_PUBLIC_URL>/thanh-toan/thong-bao/vnpay/``. Only the IPN
changes a payment; the browser return shows what VNPay claims and what our database says.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from egov.payments import gateways, services
from egov.payments.errors import GatewayUnavailable
from egov.payments.gateways import Reply, ReturnInfo, Start
from egov.payments.gateways.base import setting
from egov.payments.gateways.vnpay import protocol
from egov.payments.gateways.vnpay.protocol import IpnCode, PaymentRequest
from egov.payments.rules import Outcome

logger = logging.getLogger(__name__)

IPN_CODES: Mapping[Outcome, IpnCode] = {
    Outcome.CONFIRMED: IpnCode.CONFIRMED,
    Outcome.FAILED_RECORDED: IpnCode.CONFIRMED,  # the failure is recorded: VNPay need not repeat it
    Outcome.ALREADY_CONFIRMED: IpnCode.ALREADY_CONFIRMED,
    Outcome.NOT_PAYABLE: IpnCode.ALREADY_CONFIRMED,  # the order no longer waits for payment
    Outcome.UNKNOWN_ORDER: IpnCode.ORDER_NOT_FOUND,
    Outcome.WRONG_AMOUNT: IpnCode.INVALID_AMOUNT,
}

# vnp_ResponseCode meanings (VNPay's integration guide), shown on the return page.
RESPONSE_MESSAGES: Mapping[str, Any] = {
    "00": _("VNPay báo giao dịch thành công."),
    "07": _("Giao dịch bị nghi ngờ gian lận; ngân hàng đã trừ tiền và đang kiểm tra."),
    "09": _("Thẻ hoặc tài khoản chưa đăng ký dịch vụ Internet Banking."),
    "10": _("Xác thực thông tin thẻ hoặc tài khoản sai quá 3 lần."),
    "11": _("Đã hết thời gian chờ thanh toán."),
    "12": _("Thẻ hoặc tài khoản bị khóa."),
    "13": _("Mật khẩu xác thực giao dịch (OTP) không đúng."),
    "24": _("Bạn đã hủy giao dịch."),
    "51": _("Tài khoản không đủ số dư."),
    "65": _("Tài khoản đã vượt quá hạn mức giao dịch trong ngày."),
    "75": _("Ngân hàng thanh toán đang bảo trì."),
    "79": _("Nhập sai mật khẩu thanh toán quá số lần quy định."),
}


def _reply(code: IpnCode) -> Reply:
    return Reply(status=200, content_type="application/json", body=protocol.ipn_reply(code).decode())


@gateways.register
class VNPayGateway(gateways.Gateway):
    code = "vnpay"
    label = _("VNPay (thẻ ATM, thẻ quốc tế, ví và QR của ngân hàng)")

    def _secret(self) -> str:
        return setting("EGOV_VNPAY_HASH_SECRET")

    def is_enabled(self) -> bool:
        return bool(setting("EGOV_VNPAY_TMN_CODE") and self._secret() and setting("EGOV_VNPAY_URL"))

    def start(self, *, payment: Any, return_url: str, client_ip: str) -> Start:
        """A fresh vnp_TxnRef per attempt (VNPay refuses a reference it saw the same day)."""
        if not self.is_enabled():
            raise GatewayUnavailable(field="gateway")
        order_ref = f"{payment.reference}-{payment.attempts.filter(gateway=self.code).count() + 1}"
        language = translation.get_language() or "vi"
        request = PaymentRequest(
            tmn_code=setting("EGOV_VNPAY_TMN_CODE"),
            amount_vnd=int(payment.amount),
            txn_ref=order_ref,
            order_info=f"Thanh toan phi, le phi ho so {payment.dossier.code}, hoa don {payment.reference}",
            return_url=return_url,
            ip_addr=client_ip or "127.0.0.1",
            created_at=timezone.now(),
            expires_in=timedelta(minutes=int(setting("EGOV_VNPAY_EXPIRE_MINUTES", "15"))),
            locale="en" if language.startswith("en") else "vn",
        )
        return Start(
            redirect_url=request.url(base_url=setting("EGOV_VNPAY_URL"), secret=self._secret()),
            order_ref=order_ref,
        )

    def handle_notification(
        self, *, params: Mapping[str, str], body: bytes, headers: Mapping[str, str]
    ) -> Reply:
        """VNPay's IPN (GET). A bad signature is answered 97 without touching the database."""
        try:
            result = protocol.read_result(params, self._secret())
        except protocol.InvalidSignature:
            logger.warning("vnpay IPN with a bad signature for %r", params.get("vnp_TxnRef", ""))
            return _reply(IpnCode.INVALID_SIGNATURE)
        except protocol.MalformedQuery as error:
            services.record_rejected_notification(
                gateway_code=self.code, reference=params.get("vnp_TxnRef", ""), raw=params, why="malformed"
            )
            logger.warning("vnpay IPN signed but unreadable: %s", error)
            return _reply(IpnCode.UNKNOWN_ERROR)
        try:
            outcome = services.record_gateway_result(
                reference=result.txn_ref,
                amount=result.amount_vnd,
                succeeded=result.succeeded,
                gateway_code=self.code,
                gateway_reference=result.transaction_no,
                at=result.pay_date if result.succeeded else None,
                raw=protocol.signed_fields(params),
            )
        except Exception:  # VNPay repeats an IPN answered 99: nothing is lost
            logger.exception("vnpay IPN for %r could not be recorded", result.txn_ref)
            return _reply(IpnCode.UNKNOWN_ERROR)
        return _reply(IPN_CODES.get(outcome, IpnCode.UNKNOWN_ERROR))

    def describe_return(self, *, params: Mapping[str, str]) -> ReturnInfo:
        """What VNPay claims on the browser return; the page shows the database's state."""
        reference = params.get("vnp_TxnRef", "")
        try:
            result = protocol.read_result(params, self._secret())
        except protocol.ProtocolError:
            return ReturnInfo(
                reference=reference,
                claimed_success=None,
                message=str(_("Không xác thực được kết quả VNPay gửi về; hãy xem trạng thái bên dưới.")),
            )
        message = RESPONSE_MESSAGES.get(result.response_code, _("VNPay báo giao dịch không thành công."))
        if result.response_code == protocol.SUCCESS and not result.succeeded:
            message = _("VNPay chưa xác nhận giao dịch.")
        return ReturnInfo(reference=result.txn_ref, claimed_success=result.succeeded, message=str(message))
