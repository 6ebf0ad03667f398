"""VietQR payloads (NAPAS, EMVCo merchant-presented QR) for transfers to an account or a card.

Pure Python (no Django). The payload is a list of TLV fields: two-digit id, two-digit length, value
(DOMAIN §7):

    00 payload format "01"
    01 point of initiation: "11" static (payer types the amount), "12" dynamic (amount included)
    38 merchant account information: 00 GUID A000000727,
                                     01 beneficiary {00 bank BIN, 01 account or card number},
                                     02 service QRIBFTTA (to an account) / QRIBFTTC (to a card)
    53 currency "704" (VND)     54 amount (dynamic only)     58 country "VN"
    62 additional data: 01 bill number, 08 purpose of the transaction
    63 CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over everything before the CRC value,
       the "6304" of its own tag and length included, as four upper-case hex digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY = "VN"
STATIC = "11"
DYNAMIC = "12"
CRC_TAG = "6304"

_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[A-Za-z0-9]{1,19}$")
_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")
MAX_AMOUNT_DIGITS = 13  # EMVCo: "54" is at most 13 characters
MAX_ADDITIONAL = 25  # EMVCo: each sub-field of "62" is at most 25 characters


class PayloadError(ValueError):
    """A payload that is not a well-formed VietQR transfer, or values that cannot make one."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def checksum(text: str) -> str:
    """The four hex digits of field 63 for the text before them (which ends with "6304")."""
    return f"{crc16_ccitt_false(text.encode('utf-8')):04X}"


def tlv(tag: str, value: str) -> str:
    """One field: id, length in two digits, value."""
    if len(value) > 99:
        raise PayloadError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def read_tlv(text: str) -> list[tuple[str, str]]:
    """Split a run of TLV fields; the lengths must account for every character."""
    fields: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        head = text[position : position + 4]
        if len(head) < 4 or not head.isdigit():
            raise PayloadError(f"no field id and length at position {position}")
        length = int(head[2:])
        value = text[position + 4 : position + 4 + length]
        if len(value) != length:
            raise PayloadError(f"field {head[:2]} announces {length} characters, {len(value)} follow")
        fields.append((head[:2], value))
        position += 4 + length
    return fields


def plain_text(text: str) -> str:
    """Vietnamese folded to printable ASCII (banks show bill and purpose without diacritics)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join("".join(ch if _PRINTABLE.match(ch) else " " for ch in folded).split())


@dataclass(frozen=True)
class VietQR:
    """A transfer order: to the account (or card) `account` at the bank whose NAPAS BIN is `bank_bin`.

    Without `amount` the code is static (the payer types the amount); with it, dynamic.
    """

    bank_bin: str
    account: str
    card: bool = False
    amount: int | None = None
    bill_number: str = ""
    purpose: str = ""

    @property
    def dynamic(self) -> bool:
        return self.amount is not None

    def check(self) -> None:
        if not _BIN.match(self.bank_bin):
            raise PayloadError("the bank BIN is six digits (e.g. 970403)")
        if not _ACCOUNT.match(self.account):
            raise PayloadError("the account or card number is 1–19 letters or digits")
        if self.amount is not None and (self.amount <= 0 or len(str(self.amount)) > MAX_AMOUNT_DIGITS):
            raise PayloadError("the amount is a positive whole number of đồng, at most 13 digits")
        for name, value in (("bill number", self.bill_number), ("purpose", self.purpose)):
            if len(value) > MAX_ADDITIONAL or not _PRINTABLE.match(value):
                raise PayloadError(f"the {name} is at most 25 printable ASCII characters")


def build(qr: VietQR) -> str:
    """The payload text to put in the QR code, CRC included."""
    qr.check()
    beneficiary = tlv("00", qr.bank_bin) + tlv("01", qr.account)
    merchant = (
        tlv("00", NAPAS_GUID)
        + tlv("01", beneficiary)
        + tlv("02", SERVICE_TO_CARD if qr.card else SERVICE_TO_ACCOUNT)
    )
    text = tlv("00", "01") + tlv("01", DYNAMIC if qr.dynamic else STATIC) + tlv("38", merchant)
    text += tlv("53", CURRENCY_VND)
    if qr.amount is not None:
        text += tlv("54", str(qr.amount))
    text += tlv("58", COUNTRY)
    additional = (tlv("01", qr.bill_number) if qr.bill_number else "") + (
        tlv("08", qr.purpose) if qr.purpose else ""
    )
    if additional:
        text += tlv("62", additional)
    text += CRC_TAG
    return text + checksum(text)


def parse(payload: str) -> VietQR:
    """Read a VietQR transfer payload back; the CRC and every length must be right."""
    if len(payload) < 8 or payload[-8:-4] != CRC_TAG:
        raise PayloadError("the payload does not end with the CRC field 6304")
    if checksum(payload[:-4]) != payload[-4:].upper():
        raise PayloadError("the CRC does not match: the payload was changed or mistyped")
    fields = dict(read_tlv(payload[:-8]))
    if fields.get("00") != "01":
        raise PayloadError("field 00 (payload format) must be 01")
    if fields.get("53", CURRENCY_VND) != CURRENCY_VND:
        raise PayloadError("only VND (704) transfers are VietQR transfers")
    merchant = dict(read_tlv(fields.get("38", "")))
    if merchant.get("00") != NAPAS_GUID:
        raise PayloadError("field 38 does not name NAPAS (A000000727)")
    service = merchant.get("02")
    if service not in (SERVICE_TO_ACCOUNT, SERVICE_TO_CARD):
        raise PayloadError("field 38/02 is neither QRIBFTTA nor QRIBFTTC")
    beneficiary = dict(read_tlv(merchant.get("01", "")))
    amount: int | None = None
    if "54" in fields:
        if not fields["54"].isdigit():
            raise PayloadError("field 54 (amount) is not a whole number of đồng")
        amount = int(fields["54"])
    if fields.get("01") not in (STATIC, DYNAMIC) or (fields["01"] == DYNAMIC) != (amount is not None):
        raise PayloadError("field 01 must be 12 with an amount, 11 without")
    additional = dict(read_tlv(fields.get("62", "")))
    qr = VietQR(
        bank_bin=beneficiary.get("00", ""),
        account=beneficiary.get("01", ""),
        card=service == SERVICE_TO_CARD,
        amount=amount,
        bill_number=additional.get("01", ""),
        purpose=additional.get("08", ""),
    )
    qr.check()
    return qr
