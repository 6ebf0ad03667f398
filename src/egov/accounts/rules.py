"""Identity rules in plain Python: citizen id numbers, phone numbers, e-mail addresses.

Each `normalize_*` returns the canonical form or raises ValidationFailed with a Vietnamese message.
"""

from __future__ import annotations

import re

from egov.core.errors import ValidationFailed

# Province/city codes that prefix a 12-digit citizen id (Thông tư 59/2021/TT-BCA, annex I): the
# 63 pre-2025 provinces, numbered 001..096 with gaps. Ids issued before the 2025 merger keep them.
CITIZEN_ID_PROVINCE_CODES = frozenset(
    {
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
        "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
        "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
        "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
        "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
    }
)  # fmt: skip

_DIGITS_12 = re.compile(r"^\d{12}$")
# Mobile: 03x, 05x, 07x, 08x, 09x + 7 digits; landline: 02xx + 7..8 digits.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{8,9}$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


def normalize_citizen_id(value: str) -> str:
    """A 12-digit citizen id (số định danh cá nhân / CCCD): province code, gender-century digit,
    two digits of the birth year, six random digits."""
    cleaned = re.sub(r"\s+", "", value or "")
    if not _DIGITS_12.match(cleaned):
        raise ValidationFailed(
            "Số định danh cá nhân phải gồm đúng 12 chữ số.",
            code="identity.citizen_id_invalid",
            message_en="A citizen id number has exactly 12 digits.",
            field="citizen_id",
        )
    if cleaned[:3] not in CITIZEN_ID_PROVINCE_CODES:
        raise ValidationFailed(
            f"Ba chữ số đầu ({cleaned[:3]}) không phải mã tỉnh, thành phố hợp lệ.",
            code="identity.citizen_id_invalid",
            message_en=f"The first three digits ({cleaned[:3]}) are not a valid province code.",
            field="citizen_id",
        )
    return cleaned


def normalize_phone(value: str) -> str:
    """A Vietnamese phone number in national form (0xxxxxxxxx); +84/84 prefixes are accepted."""
    cleaned = re.sub(r"[\s.\-()]", "", value or "")
    if cleaned.startswith("+84"):
        cleaned = "0" + cleaned[3:]
    elif cleaned.startswith("84") and len(cleaned) in (11, 12):
        cleaned = "0" + cleaned[2:]
    if not (_MOBILE.match(cleaned) or _LANDLINE.match(cleaned)):
        raise ValidationFailed(
            "Số điện thoại không hợp lệ: cần 10 chữ số bắt đầu bằng 0 (di động) hoặc số cố định 02…",
            code="identity.phone_invalid",
            message_en="Not a Vietnamese phone number: 10 digits starting with 0, or a 02… landline.",
            field="phone",
        )
    return cleaned


def normalize_email(value: str) -> str:
    cleaned = (value or "").strip()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise ValidationFailed(
            "Địa chỉ thư điện tử không hợp lệ.",
            code="identity.email_invalid",
            message_en="Not a valid e-mail address.",
            field="email",
        )
    local, _, domain = cleaned.rpartition("@")
    return f"{local}@{domain.lower()}"
