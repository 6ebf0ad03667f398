"""The wire format of our adapter to the national payment platform (Nền tảng thanh toán tập trung).

Pure Python (no Django). DOMAIN §7 says only what the bill holds (fee lines with type, code, name,
amount; the agency; the dossier code; the procedure code; the purpose; the payer) and that there is
no public specification. What follows is therefore the adapter's own, documented assumption, kept
in this one module so that a real specification changes one file:

- **Bill**: ``POST <EGOV_NATIONAL_PAYMENT_URL>`` with a JSON body (UTF-8) and the headers
  ``X-Client-Id: <EGOV_NATIONAL_PAYMENT_CLIENT_ID>`` and
  ``X-Signature: <hex HMAC-SHA256 of the exact body bytes with EGOV_NATIONAL_PAYMENT_SECRET>``.
  The platform answers ``{"code": "00", "message": "...", "paymentUrl": "...", "transactionId": "..."}``;
  any other code is a refusal.
- **Confirmation**: the platform ``POST``\\ s JSON to our notify URL
  (``/thanh-toan/thong-bao/national/``) with ``X-Signature`` computed the same way over its body:
  ``{"billNumber", "transactionId", "amount", "status": "SUCCESS" | "FAILED", "paidAt"}``.
  A shared-secret HMAC is assumed because §7 names no signature scheme.
  We answer ``{"code": ..., "message": ...}`` with the codes of `ReplyCode` (VNPay's meanings).
- Times are ``yyyyMMddHHmmss`` in Vietnam time (as in the national portal's sync, DOMAIN §8).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

VIETNAM_TIME = timezone(timedelta(hours=7), "GMT+7")
DATE_FORMAT = "%Y%m%d%H%M%S"
SIGNATURE_HEADER = "X-Signature"
CLIENT_HEADER = "X-Client-Id"
FEE_TYPES = {"fee": "PHI", "charge": "LE_PHI"}  # procedures.Fee.Kind → the platform's fee type
ACCEPTED = "00"


class ReplyCode(StrEnum):
    RECORDED = "00"
    BILL_NOT_FOUND = "01"
    ALREADY_CONFIRMED = "02"
    INVALID_AMOUNT = "04"
    INVALID_SIGNATURE = "97"
    UNKNOWN_ERROR = "99"


REPLY_MESSAGES: Mapping[ReplyCode, str] = {
    ReplyCode.RECORDED: "Ghi nhận thành công",
    ReplyCode.BILL_NOT_FOUND: "Không tìm thấy hóa đơn",
    ReplyCode.ALREADY_CONFIRMED: "Hóa đơn đã được xác nhận trước đó",
    ReplyCode.INVALID_AMOUNT: "Số tiền không khớp",
    ReplyCode.INVALID_SIGNATURE: "Chữ ký không hợp lệ",
    ReplyCode.UNKNOWN_ERROR: "Lỗi không xác định",
}


class ProtocolError(ValueError):
    reply_code: ReplyCode = ReplyCode.UNKNOWN_ERROR


class InvalidSignature(ProtocolError):
    reply_code = ReplyCode.INVALID_SIGNATURE


class MalformedMessage(ProtocolError):
    reply_code = ReplyCode.UNKNOWN_ERROR


class Refused(ProtocolError):
    """The platform did not accept the bill (its code and message are kept)."""


def sign(body: bytes, secret: str) -> str:
    """Hex HMAC-SHA256 of the exact body bytes."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str, secret: str) -> bool:
    if not secret or not signature:
        return False
    return hmac.compare_digest(sign(body, secret), signature.strip().lower())


def platform_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("platform times need an aware datetime")
    return moment.astimezone(VIETNAM_TIME).strftime(DATE_FORMAT)


@dataclass(frozen=True)
class FeeLine:
    kind: str  # "fee" (phí) or "charge" (lệ phí)
    code: str
    name: str
    amount: int


@dataclass(frozen=True)
class Payer:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Bill:
    """What the platform collects: one bill of a dossier's fees."""

    bill_number: str
    agency_id: str  # electronic identifier LLL.KK.JJ.Xnn
    agency_name: str
    dossier_code: str
    procedure_code: str
    purpose: str
    payer: Payer
    fees: Sequence[FeeLine]
    return_url: str
    notify_url: str
    created_at: datetime
    expires_at: datetime | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.fees)

    def document(self) -> dict[str, Any]:
        if not self.fees or any(line.amount < 0 for line in self.fees) or self.amount <= 0:
            raise ValueError("a bill has fee lines with a positive total")
        unknown = {line.kind for line in self.fees} - set(FEE_TYPES)
        if unknown:
            raise ValueError(f"unknown fee kinds {sorted(unknown)}")
        return {
            "billNumber": self.bill_number,
            "agencyCode": self.agency_id,
            "agencyName": self.agency_name,
            "dossierCode": self.dossier_code,
            "procedureCode": self.procedure_code,
            "purpose": self.purpose,
            "amount": self.amount,
            "currency": "VND",
            "payer": {
                "name": self.payer.name,
                "idNumber": self.payer.id_number,
                "phone": self.payer.phone,
                "email": self.payer.email,
                "address": self.payer.address,
            },
            "fees": [
                {"type": FEE_TYPES[line.kind], "code": line.code, "name": line.name, "amount": line.amount}
                for line in self.fees
            ],
            "returnUrl": self.return_url,
            "notifyUrl": self.notify_url,
            "createdAt": platform_time(self.created_at),
            "expiresAt": platform_time(self.expires_at) if self.expires_at else "",
            **self.extra,
        }

    def body(self) -> bytes:
        return json.dumps(self.document(), ensure_ascii=False, separators=(",", ":")).encode()


def request_headers(body: bytes, *, client_id: str, secret: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        CLIENT_HEADER: client_id,
        SIGNATURE_HEADER: sign(body, secret),
    }


@dataclass(frozen=True)
class Accepted:
    payment_url: str
    transaction_id: str


def read_bill_answer(body: bytes) -> Accepted:
    """The platform's answer to a bill: its payment page, or `Refused`."""
    try:
        answer = json.loads(body)
    except ValueError:
        raise Refused("the platform's answer is not JSON") from None
    if not isinstance(answer, dict):
        raise Refused("the platform's answer is not a JSON object")
    if str(answer.get("code")) != ACCEPTED or not answer.get("paymentUrl"):
        raise Refused(f"refused: {answer.get('code')} {answer.get('message', '')}".strip())
    url = str(answer["paymentUrl"])
    if not url.startswith(("https://", "http://")):
        raise Refused("the payment URL is not a web address")
    return Accepted(payment_url=url, transaction_id=str(answer.get("transactionId", "")))


@dataclass(frozen=True)
class Confirmation:
    bill_number: str
    transaction_id: str
    amount: int
    succeeded: bool
    paid_at: datetime | None
    document: Mapping[str, Any]


def read_confirmation(body: bytes, signature: str, secret: str) -> Confirmation:
    """Check the signature over the exact bytes first, then read the confirmation."""
    if not verify(body, signature, secret):
        raise InvalidSignature("X-Signature does not match the body")
    try:
        document = json.loads(body)
    except ValueError:
        raise MalformedMessage("the confirmation is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedMessage("the confirmation is not a JSON object")
    amount = document.get("amount")
    status = document.get("status")
    if not document.get("billNumber") or type(amount) is not int or status not in ("SUCCESS", "FAILED"):
        raise MalformedMessage("billNumber, integer amount and status SUCCESS|FAILED are required")
    paid_at: datetime | None = None
    if document.get("paidAt"):
        try:
            paid_at = datetime.strptime(str(document["paidAt"]), DATE_FORMAT).replace(tzinfo=VIETNAM_TIME)
        except ValueError:
            raise MalformedMessage("paidAt is not yyyyMMddHHmmss") from None
    return Confirmation(
        bill_number=str(document["billNumber"]),
        transaction_id=str(document.get("transactionId", "")),
        amount=amount,
        succeeded=status == "SUCCESS",
        paid_at=paid_at,
        document=document,
    )


def reply(code: ReplyCode) -> bytes:
    return json.dumps({"code": code.value, "message": REPLY_MESSAGES[code]}, ensure_ascii=False).encode()
