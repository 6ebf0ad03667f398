"""VNPay 2.1.0 wire protocol: the signed payment URL, the check of a returned query, the IPN reply.

Pure Python (no Django) so that the signing rules are tested in microseconds (DOMAIN §7):

- the request carries `vnp_Version, vnp_Command=pay, vnp_TmnCode, vnp_Amount` (VND × 100),
  `vnp_CurrCode=VND, vnp_TxnRef, vnp_OrderInfo, vnp_OrderType, vnp_Locale, vnp_ReturnUrl, vnp_IpAddr,
  vnp_CreateDate, vnp_ExpireDate` (yyyyMMddHHmmss, GMT+7);
- the signature is HMAC-SHA512 (hex) with the merchant's hash secret over the parameters sorted by
  key, each value form-encoded as VNPay's reference code does (`urllib.parse.quote_plus`, space →
  `+`), joined with `&`; it travels as `vnp_SecureHash`;
- a returned query (IPN or browser return) is checked by dropping `vnp_SecureHash` and
  `vnp_SecureHashType`, re-signing the remaining `vnp_*` parameters the same way and comparing in
  constant time;
- the IPN is answered with JSON `{"RspCode": "00", "Message": "Confirm Success"}` and the codes
  below. Only `vnp_ResponseCode=00` together with `vnp_TransactionStatus=00` means paid.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from urllib.parse import quote_plus

VERSION = "2.1.0"
COMMAND_PAY = "pay"
CURRENCY = "VND"
VIETNAM_TIME = timezone(timedelta(hours=7), "GMT+7")
DATE_FORMAT = "%Y%m%d%H%M%S"
SIGNATURE_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
SUCCESS = "00"

# VNPay asks for the order description without diacritics and without special characters.
_ORDER_INFO_ALLOWED = re.compile(r"[^A-Za-z0-9 .,:_\-/()#]")
_ORDER_INFO_MAX = 255
_TXN_REF = re.compile(r"^[A-Za-z0-9._\-]{1,100}$")


class IpnCode(StrEnum):
    """`RspCode` of our answer to VNPay's IPN (their integration guide, §IPN)."""

    CONFIRMED = "00"
    ORDER_NOT_FOUND = "01"
    ALREADY_CONFIRMED = "02"
    INVALID_AMOUNT = "04"
    INVALID_SIGNATURE = "97"
    UNKNOWN_ERROR = "99"


IPN_MESSAGES: Mapping[IpnCode, str] = {
    IpnCode.CONFIRMED: "Confirm Success",
    IpnCode.ORDER_NOT_FOUND: "Order not found",
    IpnCode.ALREADY_CONFIRMED: "Order already confirmed",
    IpnCode.INVALID_AMOUNT: "Invalid amount",
    IpnCode.INVALID_SIGNATURE: "Invalid Signature",
    IpnCode.UNKNOWN_ERROR: "Unknown error",
}


class ProtocolError(ValueError):
    """A query that cannot be trusted or read; `ipn_code` is what the IPN answer must say."""

    ipn_code: IpnCode = IpnCode.UNKNOWN_ERROR


class InvalidSignature(ProtocolError):
    ipn_code = IpnCode.INVALID_SIGNATURE


class MalformedQuery(ProtocolError):
    ipn_code = IpnCode.UNKNOWN_ERROR


def canonical_query(params: Mapping[str, str]) -> str:
    """The text VNPay signs: parameters sorted by key, `key=quote_plus(value)` joined with `&`."""
    return "&".join(f"{quote_plus(key)}={quote_plus(str(value))}" for key, value in sorted(params.items()))


def sign(params: Mapping[str, str], secret: str) -> str:
    """HMAC-SHA512 (lowercase hex) of the canonical query with the merchant's hash secret."""
    return hmac.new(secret.encode(), canonical_query(params).encode(), hashlib.sha512).hexdigest()


def vnpay_time(moment: datetime) -> str:
    """`yyyyMMddHHmmss` in GMT+7 (the time zone VNPay expects whatever the server's is)."""
    if moment.tzinfo is None:
        raise ValueError("VNPay times need an aware datetime")
    return moment.astimezone(VIETNAM_TIME).strftime(DATE_FORMAT)


def parse_vnpay_time(text: str) -> datetime:
    """Read a `yyyyMMddHHmmss` GMT+7 time (vnp_PayDate, vnp_CreateDate) as an aware datetime."""
    return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VIETNAM_TIME)


def order_info_text(text: str) -> str:
    """VNPay's `vnp_OrderInfo`: Vietnamese without diacritics, no special characters, ≤ 255 chars."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _ORDER_INFO_ALLOWED.sub(" ", folded)
    return " ".join(folded.split())[:_ORDER_INFO_MAX]


@dataclass(frozen=True)
class PaymentRequest:
    """One redirect of the payer to VNPay's payment page."""

    tmn_code: str
    amount_vnd: int
    txn_ref: str
    order_info: str
    return_url: str
    ip_addr: str
    created_at: datetime
    expires_in: timedelta = timedelta(minutes=15)
    order_type: str = "other"
    locale: str = "vn"
    bank_code: str = ""

    def params(self) -> dict[str, str]:
        """The unsigned `vnp_*` parameters (optional ones only when given, as VNPay's sample does)."""
        if self.amount_vnd <= 0:
            raise ValueError("the amount must be a positive number of đồng")
        if not _TXN_REF.match(self.txn_ref):
            raise ValueError(f"vnp_TxnRef {self.txn_ref!r} has characters VNPay does not accept")
        if self.locale not in ("vn", "en"):
            raise ValueError("vnp_Locale is vn or en")
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": COMMAND_PAY,
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(self.amount_vnd * 100),
            "vnp_CurrCode": CURRENCY,
            "vnp_TxnRef": self.txn_ref,
            "vnp_OrderInfo": order_info_text(self.order_info) or self.txn_ref,
            "vnp_OrderType": self.order_type,
            "vnp_Locale": self.locale,
            "vnp_ReturnUrl": self.return_url,
            "vnp_IpAddr": self.ip_addr,
            "vnp_CreateDate": vnpay_time(self.created_at),
            "vnp_ExpireDate": vnpay_time(self.created_at + self.expires_in),
        }
        if self.bank_code:
            params["vnp_BankCode"] = self.bank_code
        return params

    def url(self, *, base_url: str, secret: str) -> str:
        """The signed payment URL: `base?<canonical query>&vnp_SecureHash=<hmac>`."""
        params = self.params()
        separator = "&" if "?" in base_url else "?"
        return f"{base_url}{separator}{canonical_query(params)}&vnp_SecureHash={sign(params, secret)}"


def signed_fields(query: Mapping[str, str]) -> dict[str, str]:
    """The parameters the signature covers: every `vnp_*` one except the signature fields."""
    return {k: v for k, v in query.items() if k.startswith("vnp_") and k not in SIGNATURE_FIELDS}


def verify(query: Mapping[str, str], secret: str) -> bool:
    """True when `vnp_SecureHash` is the HMAC of the other `vnp_*` parameters (constant-time compare)."""
    received = str(query.get("vnp_SecureHash", "")).strip().lower()
    if not received or not secret:
        return False
    return hmac.compare_digest(sign(signed_fields(query), secret), received)


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """A query string with its `vnp_SecureHash`, as VNPay sends IPNs and returns (for fakes and tests)."""
    return f"{canonical_query(params)}&vnp_SecureHash={sign(params, secret)}"


@dataclass(frozen=True)
class PaymentResult:
    """What a verified IPN or return query says about one transaction."""

    txn_ref: str
    amount_vnd: int
    response_code: str
    transaction_status: str
    transaction_no: str
    bank_code: str
    pay_date: datetime | None
    tmn_code: str

    @property
    def succeeded(self) -> bool:
        """Paid only when both the response code and the transaction status are `00`."""
        return self.response_code == SUCCESS and self.transaction_status == SUCCESS


def read_result(query: Mapping[str, str], secret: str) -> PaymentResult:
    """Check the signature first, then read the fields; raise InvalidSignature or MalformedQuery."""
    if not verify(query, secret):
        raise InvalidSignature("vnp_SecureHash does not match the parameters")
    try:
        raw_amount = query["vnp_Amount"]
        txn_ref = query["vnp_TxnRef"]
        response_code = query["vnp_ResponseCode"]
    except KeyError as missing:
        raise MalformedQuery(f"missing {missing.args[0]}") from None
    if not raw_amount.isdigit() or int(raw_amount) % 100:
        raise MalformedQuery(f"vnp_Amount {raw_amount!r} is not a whole number of đồng × 100")
    pay_date: datetime | None = None
    if query.get("vnp_PayDate"):
        try:
            pay_date = parse_vnpay_time(query["vnp_PayDate"])
        except ValueError:
            raise MalformedQuery(f"vnp_PayDate {query['vnp_PayDate']!r} is not yyyyMMddHHmmss") from None
    return PaymentResult(
        txn_ref=txn_ref,
        amount_vnd=int(raw_amount) // 100,
        response_code=response_code,
        # DOMAIN §7: paid needs both codes; a query without the status is not a payment.
        transaction_status=query.get("vnp_TransactionStatus", ""),
        transaction_no=query.get("vnp_TransactionNo", ""),
        bank_code=query.get("vnp_BankCode", ""),
        pay_date=pay_date,
        tmn_code=query.get("vnp_TmnCode", ""),
    )


def ipn_reply(code: IpnCode) -> bytes:
    """The JSON body VNPay expects in answer to an IPN."""
    return json.dumps({"RspCode": code.value, "Message": IPN_MESSAGES[code]}).encode()
