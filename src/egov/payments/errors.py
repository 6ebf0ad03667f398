"""The payments app's domain failures (stable codes, Vietnamese and English messages)."""

from __future__ import annotations

from egov.core.errors import Conflict, ValidationFailed


class NothingToPay(ValidationFailed):
    code = "payments.nothing_to_pay"
    message_vi = "Thủ tục của hồ sơ không thu phí, lệ phí."
    message_en = "The dossier's procedure charges no fees."


class NotPayable(Conflict):
    code = "payments.not_payable"
    message_vi = "Khoản thanh toán này không còn chờ thanh toán."
    message_en = "This payment is no longer waiting to be paid."


class GatewayUnavailable(ValidationFailed):
    code = "payments.gateway_unavailable"
    message_vi = "Cổng thanh toán này hiện không dùng được; hãy chọn cổng khác."
    message_en = "This payment gateway is not available; choose another one."


class WrongAmount(ValidationFailed):
    code = "payments.wrong_amount"
    message_vi = "Số tiền nhận không khớp với số tiền phải nộp."
    message_en = "The amount received does not match the amount due."


class RefundTooLarge(ValidationFailed):
    code = "payments.refund_too_large"
    message_vi = "Số tiền hoàn vượt quá số tiền đã nộp (trừ các lần đã hoàn)."
    message_en = "The refund exceeds the amount paid (less earlier refunds)."
