"""Identity and sign-in rules in plain Python (no Django): citizen id numbers, phone numbers,
e-mail addresses, full names, the lockout counter and the TOTP time-step check.

Each `normalize_*` returns the canonical form or raises ValidationFailed with a Vietnamese message
and the name of the form field it belongs beside.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

import pyotp

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

# Thông tư 59/2021/TT-BCA art. 7: the 4th digit encodes century of birth and gender
# (0/1: 20th century male/female, 2/3: 21st, 4/5: 22nd, 6/7: 23rd, 8/9: 24th).
_CENTURY_START = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 2300, 9: 2300}
# Nobody alive was born before this many years ago; a birth year beyond the current one is a typo.
MAX_AGE_YEARS = 130

_DIGITS_12 = re.compile(r"^\d{12}$")
# Mobile numbers (since the 2018 prefix change): 03[2-9], 05[25689], 07[06-9], 08[1-9], 09x + 7 digits.
_MOBILE = re.compile(r"^0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$")
# Landlines (since 2017): 0 + area code starting with 2 (2-3 digits) + subscriber = 11 digits.
_LANDLINE = re.compile(r"^02\d{9}$")
_EMAIL_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_EMAIL_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
FULL_NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class CitizenId:
    """The parts a 12-digit citizen id encodes."""

    number: str
    province_code: str
    is_female: bool
    birth_year: int


def _citizen_id_error(message_vi: str, message_en: str) -> ValidationFailed:
    return ValidationFailed(
        message_vi, code="identity.citizen_id_invalid", message_en=message_en, field="citizen_id"
    )


def parse_citizen_id(value: str, *, current_year: int | None = None) -> CitizenId:
    """Read a 12-digit citizen id (số định danh cá nhân / CCCD, Thông tư 59/2021/TT-BCA art. 7):
    province code (3 digits), century-and-gender digit, last two digits of the birth year, six
    random digits. The birth year must not be in the future nor more than MAX_AGE_YEARS ago."""
    year_now = current_year if current_year is not None else dt.date.today().year
    cleaned = re.sub(r"[\s.\-]+", "", value or "")
    if not _DIGITS_12.match(cleaned):
        raise _citizen_id_error(
            "Số định danh cá nhân phải gồm đúng 12 chữ số.",
            "A citizen id number has exactly 12 digits.",
        )
    if cleaned[:3] not in CITIZEN_ID_PROVINCE_CODES:
        raise _citizen_id_error(
            f"Ba chữ số đầu ({cleaned[:3]}) không phải mã tỉnh, thành phố hợp lệ.",
            f"The first three digits ({cleaned[:3]}) are not a valid province code.",
        )
    century_digit = int(cleaned[3])
    birth_year = _CENTURY_START[century_digit] + int(cleaned[4:6])
    if birth_year > year_now or birth_year < year_now - MAX_AGE_YEARS:
        raise _citizen_id_error(
            f"Chữ số thứ 4 và thứ 5–6 cho năm sinh {birth_year}, không hợp lý; vui lòng kiểm tra lại số.",
            f"Digits 4 to 6 give the birth year {birth_year}, which is not plausible.",
        )
    return CitizenId(
        number=cleaned, province_code=cleaned[:3], is_female=century_digit % 2 == 1, birth_year=birth_year
    )


def normalize_citizen_id(value: str, *, current_year: int | None = None) -> str:
    """The citizen id without spaces or separators, if it is plausible (see `parse_citizen_id`)."""
    return parse_citizen_id(value, current_year=current_year).number


def normalize_phone(value: str) -> str:
    """A Vietnamese phone number in national form (0xxxxxxxxx mobile, 02xxxxxxxxx landline);
    the international forms +84…, 0084…, 84… and the common typo +840… are accepted."""
    cleaned = re.sub(r"[\s.\-()]", "", value or "")
    for prefix in ("+84", "0084"):
        if cleaned.startswith(prefix):
            cleaned = "0" + cleaned[len(prefix) :].removeprefix("0")
            break
    else:
        if cleaned.startswith("84") and len(cleaned) in (11, 12):
            cleaned = "0" + cleaned[2:]
    if not (_MOBILE.match(cleaned) or _LANDLINE.match(cleaned)):
        raise ValidationFailed(
            "Số điện thoại không hợp lệ: số di động gồm 10 chữ số (ví dụ 0912 345 678), "
            "số cố định gồm 11 chữ số bắt đầu bằng 02.",
            code="identity.phone_invalid",
            message_en="Not a Vietnamese phone number: 10-digit mobile or 11-digit landline starting 02.",
            field="phone",
        )
    return cleaned


def is_mobile_phone(normalized: str) -> bool:
    """Whether a normalized phone number can receive SMS."""
    return bool(_MOBILE.match(normalized))


def normalize_email(value: str) -> str:
    """An e-mail address (RFC 5321 limits: 64 characters before @, 254 in all) with its domain in
    lower case; an internationalized domain is stored in its ASCII (punycode) form."""
    cleaned = (value or "").strip()
    local, at, domain = cleaned.rpartition("@")
    error = ValidationFailed(
        "Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.vn).",
        code="identity.email_invalid",
        message_en="Not a valid e-mail address.",
        field="email",
    )
    if not at or not local or len(local) > 64 or not _EMAIL_LOCAL.match(local):
        raise error
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise error from exc
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise error
    normalized = f"{local}@{ascii_domain}"
    if len(normalized) > 254:
        raise error
    return normalized


def normalize_full_name(value: str) -> str:
    """A person's full name: letters (Vietnamese diacritics included), spaces between words, and
    an apostrophe or hyphen inside a word (names of ethnic minorities: H'Hen Niê, Y-Moan).
    Returned in Unicode NFC with single spaces."""
    cleaned = " ".join(unicodedata.normalize("NFC", value or "").split())

    def fail(message_vi: str, message_en: str) -> ValidationFailed:
        return ValidationFailed(
            message_vi, code="identity.full_name_invalid", message_en=message_en, field="full_name"
        )

    if len(cleaned) < 2:
        raise fail("Vui lòng nhập đầy đủ họ và tên.", "Please enter the full name.")
    if len(cleaned) > FULL_NAME_MAX_LENGTH:
        raise fail(
            f"Họ và tên dài quá {FULL_NAME_MAX_LENGTH} ký tự.",
            f"The name is longer than {FULL_NAME_MAX_LENGTH} characters.",
        )
    for word in cleaned.split(" "):
        for index, char in enumerate(word):
            category = unicodedata.category(char)
            if category.startswith("L") or (category.startswith("M") and index > 0):
                continue
            inner = 0 < index < len(word) - 1
            if char in "'’-" and inner and word[index - 1] not in "'’-":
                continue
            raise fail(
                "Họ và tên chỉ gồm chữ cái (có dấu tiếng Việt) và khoảng trắng.",
                "A name holds only letters (Vietnamese diacritics allowed) and spaces.",
            )
    return cleaned


# --- Lockout -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockoutState:
    """Consecutive failed sign-ins and the time the account stays locked until (if any)."""

    failures: int = 0
    locked_until: dt.datetime | None = None

    def is_locked(self, at: dt.datetime) -> bool:
        return self.locked_until is not None and self.locked_until > at


def after_failed_sign_in(
    state: LockoutState, *, at: dt.datetime, max_attempts: int, lock_minutes: int
) -> LockoutState:
    """One more failure. The `max_attempts`-th consecutive failure locks for `lock_minutes`;
    attempts while locked change nothing (the lock is not extended); once a lock has expired the
    count starts again from zero."""
    if state.is_locked(at):
        return state
    failures = 0 if state.locked_until is not None else state.failures
    failures += 1
    if failures >= max_attempts:
        return LockoutState(failures=failures, locked_until=at + dt.timedelta(minutes=lock_minutes))
    return LockoutState(failures=failures, locked_until=None)


# --- TOTP (RFC 6238) -----------------------------------------------------------------------------

TOTP_INTERVAL_SECONDS = 30
TOTP_DIGITS = 6


def new_totp_secret() -> str:
    """A random base32 secret (160 bits) for an authenticator app."""
    return pyotp.random_base32(32)


def totp_step(at: dt.datetime) -> int:
    """The RFC 6238 time step (30-second counter since the Unix epoch) that contains `at`."""
    return int(at.timestamp()) // TOTP_INTERVAL_SECONDS


def totp_code(secret: str, *, at: dt.datetime) -> str:
    """The code an authenticator app shows at `at`."""
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL_SECONDS).at(at)


def matching_totp_step(secret: str, code: str, *, at: dt.datetime, last_used_step: int | None) -> int | None:
    """The time step a code belongs to, accepting one step of clock drift either way (RFC 6238
    §5.2), or None. A step at or before `last_used_step` is refused so a code cannot be replayed."""
    cleaned = re.sub(r"\s+", "", code or "")
    if not re.fullmatch(rf"\d{{{TOTP_DIGITS}}}", cleaned) or not secret:
        return None
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL_SECONDS)
    current = totp_step(at)
    for step in (current - 1, current, current + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), cleaned):
            return step
    return None


def totp_provisioning_uri(secret: str, *, account_name: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL_SECONDS).provisioning_uri(
        name=account_name, issuer_name=issuer
    )
