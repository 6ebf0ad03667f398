"""Use cases built on one-time codes (rules in `one_time_codes`): registration verified by a code,
password reset by phone, and a changed e-mail address or phone number confirmed by a code.

Nothing is created before the code is entered: a pending registration waits in the code's
payload (the password only as a `make_password` hash). Sending a code is limited per client
and per destination (core.ratelimit scope "one_time_code") and, for one destination and purpose,
to once a minute. A wrong try is committed before it is reported, so raising the error never
rolls the counter back.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from egov.accounts import one_time_codes as otc
from egov.accounts import rules, services, sms
from egov.accounts.models import OneTimeCode, User
from egov.core import audit, ratelimit
from egov.core.errors import DomainError, ValidationFailed

logger = logging.getLogger(__name__)

Purpose = OneTimeCode.Purpose
Channel = OneTimeCode.Channel


# --- Errors ------------------------------------------------------------------------------------


class WrongCode(ValidationFailed):
    code = "otp.wrong"
    message_en = "The code is wrong."

    def __init__(self, tries_left: int) -> None:
        super().__init__(
            f"Mã xác thực không đúng. Bạn còn {tries_left} lần thử.",
            message_en=f"The code is wrong. {tries_left} tries left.",
            field="code",
            tries_left=tries_left,
        )
        self.tries_left = tries_left


class CodeExpired(ValidationFailed):
    code = "otp.expired"
    message_vi = (
        "Mã xác thực đã hết hạn (mã chỉ dùng được trong 10 phút). Hãy bấm “Gửi lại mã” để nhận mã mới."
    )
    message_en = "The code has expired (codes last 10 minutes). Ask for a new one."

    def __init__(self) -> None:
        super().__init__(field="code")


class TooManyTries(ValidationFailed):
    """The code is spent: the person must start again (a new code, or a new registration)."""

    code = "otp.too_many_tries"
    message_vi = "Bạn đã nhập sai mã quá 5 lần nên mã này không còn dùng được. Vui lòng bắt đầu lại từ đầu."
    message_en = "Too many wrong codes: this code no longer works. Please start again."

    def __init__(self) -> None:
        super().__init__(field="code")


class CodeUsed(ValidationFailed):
    code = "otp.used"
    message_vi = "Mã xác thực này đã được dùng. Vui lòng bắt đầu lại nếu cần."
    message_en = "This code was already used."

    def __init__(self) -> None:
        super().__init__(field="code")


class NoPendingCode(ValidationFailed):
    code = "otp.no_pending"
    message_vi = "Không còn yêu cầu nào đang chờ xác thực. Vui lòng bắt đầu lại."
    message_en = "Nothing is waiting for a code. Please start again."

    def __init__(self) -> None:
        super().__init__(field="code")


class MailNotSent(DomainError):
    code = "mail.not_sent"
    status = 503
    message_vi = "Chưa gửi được thư điện tử. Vui lòng thử lại sau ít phút hoặc nhận mã qua tin nhắn."
    message_en = "The e-mail could not be sent. Please try again later."


class ResendTooSoon(DomainError):
    code = "otp.resend_too_soon"
    status = 429

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Mã vừa được gửi. Vui lòng chờ {seconds} giây nữa rồi mới yêu cầu gửi lại.",
            message_en=f"A code was just sent. Wait {seconds} seconds before asking again.",
            retry_after=seconds,
        )
        self.seconds = seconds


_REFUSALS: dict[otc.Verdict, type[ValidationFailed]] = {
    otc.Verdict.EXPIRED: CodeExpired,
    otc.Verdict.TOO_MANY_TRIES: TooManyTries,
    otc.Verdict.USED: CodeUsed,
}


# --- Issuing and checking codes -----------------------------------------------------------------


def _hash(code: str, *, purpose: str, destination: str) -> str:
    return otc.hash_code(code, key=settings.SECRET_KEY, purpose=purpose, destination=destination)


def _latest(destination: str, purpose: str) -> OneTimeCode | None:
    return (
        OneTimeCode.objects.filter(destination=destination, purpose=purpose).order_by("-created_at").first()
    )


def seconds_until_resend(code: OneTimeCode, *, at: dt.datetime | None = None) -> int:
    """Seconds before another code may go to this code's destination for its purpose."""
    latest = _latest(code.destination, code.purpose)
    return otc.seconds_until_resend(latest.created_at if latest else None, at=at or timezone.now())


def _limit_sending(*, destination: str, client: str) -> None:
    """Rate limits of scope "one_time_code": per client address and per destination."""
    ratelimit.hit("one_time_code", f"client:{client}")
    ratelimit.hit("one_time_code", f"to:{_destination_key(destination)}")


def _destination_key(destination: str) -> str:
    """The destination as a rate-limit key (a keyed hash: the cache never holds contacts)."""
    return otc.hash_code("000000", key=settings.SECRET_KEY, purpose="ratelimit", destination=destination)[:32]


def _issue(
    *,
    purpose: str,
    channel: str,
    destination: str,
    client: str,
    user: User | None = None,
    payload: dict[str, Any] | None = None,
    deliver: bool = True,
    at: dt.datetime | None = None,
) -> OneTimeCode:
    """Make a code for `destination`, store its hash, and send it (after the row is committed).
    Refused within the resend cooldown and past the rate limits. Earlier codes of the same
    destination and purpose stop working."""
    now = at or timezone.now()
    with transaction.atomic():
        latest = _latest(destination, purpose)
        wait = otc.seconds_until_resend(latest.created_at if latest else None, at=now)
        if wait:
            raise ResendTooSoon(wait)
        _limit_sending(destination=destination, client=client)
        OneTimeCode.objects.filter(destination=destination, purpose=purpose, used_at__isnull=True).update(
            expires_at=now, payload={}
        )
        code = otc.new_code()
        row = OneTimeCode.objects.create(
            purpose=purpose,
            channel=channel,
            destination=destination,
            user=user,
            code_hash=_hash(code, purpose=purpose, destination=destination),
            payload=payload or {},
            created_at=now,
            expires_at=otc.expiry(now),
        )
        audit.record(
            user,
            "accounts.one_time_code_sent",
            user,
            purpose=purpose,
            channel=channel,
            to=otc.mask_destination(destination),
            delivered=deliver,
        )
    if deliver:
        try:
            _deliver(row, code)
        except DomainError:
            OneTimeCode.objects.filter(pk=row.pk).delete()  # never delivered: no cooldown for it
            raise
    return row


_SUBJECTS = {
    Purpose.REGISTER: "Mã xác thực đăng ký tài khoản",
    Purpose.RESET_PASSWORD: "Mã xác thực đặt lại mật khẩu",
    Purpose.CHANGE_CONTACT: "Mã xác thực thông tin liên hệ mới",
}
# SMS without diacritics: a Vietnamese text with them is sent as UCS-2, 70 characters a message.
_SMS_TEXTS = {
    Purpose.REGISTER: "Ma xac thuc dang ky tai khoan Cong dich vu cong: {code}. Hieu luc 10 phut. "
    "Khong cung cap ma nay cho bat ky ai.",
    Purpose.RESET_PASSWORD: "Ma xac thuc dat lai mat khau Cong dich vu cong: {code}. Hieu luc 10 phut. "
    "Neu ban khong yeu cau, hay bo qua tin nhan nay.",
    Purpose.CHANGE_CONTACT: "Ma xac thuc so dien thoai moi tren Cong dich vu cong: {code}. Hieu luc 10 phut.",
}


def _deliver(row: OneTimeCode, code: str) -> None:
    if row.channel == Channel.SMS:
        sms.send(to=row.destination, text=_SMS_TEXTS[Purpose(row.purpose)].format(code=code))
        return
    context = {
        "code": code,
        "purpose": row.purpose,
        "minutes": int(otc.LIFETIME.total_seconds() // 60),
        "province_name": settings.EGOV_PROVINCE_NAME or "egov",
        "name": (row.user.full_name if row.user else row.payload.get("full_name", "")),
    }
    with translation.override("vi"):  # the e-mail is Vietnamese, like the other notices
        body = render_to_string("accounts/verification/email_code.txt", context)
    try:
        send_mail(f"{_SUBJECTS[Purpose(row.purpose)]}: {code}", body, None, [row.destination])
    except OSError as error:  # SMTP errors are OSErrors
        logger.warning("One-time code e-mail not sent: %s", error)
        raise MailNotSent() from error


def _check(row: OneTimeCode, code: str, *, at: dt.datetime) -> otc.Check:
    """Judge a try against a locked row and store its effect (attempts, spent payload)."""
    matches = otc.code_matches(
        code, row.code_hash, key=settings.SECRET_KEY, purpose=row.purpose, destination=row.destination
    )
    result = otc.check(
        otc.CodeState(expires_at=row.expires_at, attempts=row.attempts, used_at=row.used_at),
        matches=matches,
        at=at,
    )
    if result.attempts != row.attempts:
        row.attempts = result.attempts
        if result.verdict is otc.Verdict.TOO_MANY_TRIES:
            row.payload = {}  # the pending registration (and its password hash) is dropped
        row.save(update_fields=["attempts", "payload"])
    return result


def _refusal(result: otc.Check) -> ValidationFailed:
    if result.verdict is otc.Verdict.WRONG:
        return WrongCode(result.tries_left)
    return _REFUSALS[result.verdict]()


def _consume(*, pk: int, code: str, purpose: str, at: dt.datetime, then: Any) -> Any:
    """Check `code` against the pending row `pk`; on success call `then(row)` in the same
    transaction and mark the row used. A failure is committed, then raised."""
    with transaction.atomic():
        row = OneTimeCode.objects.select_for_update().filter(pk=pk, purpose=purpose).first()
        if row is None:
            raise NoPendingCode()
        result = _check(row, code, at=at)
        if result.accepted:
            outcome = then(row)
            row.used_at, row.payload = at, {}
            row.save(update_fields=["used_at", "payload"])
            return outcome
    raise _refusal(result)


def pending(pk: int | None, purpose: str) -> OneTimeCode | None:
    """The code row a session points at, if it still exists."""
    if not pk:
        return None
    return OneTimeCode.objects.filter(pk=pk, purpose=purpose).select_related("user").first()


def resend(*, row: OneTimeCode, client: str, at: dt.datetime | None = None) -> OneTimeCode:
    """Send a new code for the same pending request (the old one stops working)."""
    if row.used_at is not None or (row.purpose == Purpose.REGISTER and not row.payload):
        raise NoPendingCode()
    return _issue(
        purpose=row.purpose,
        channel=row.channel,
        destination=row.destination,
        client=client,
        user=row.user,
        payload=dict(row.payload),
        deliver=not (row.purpose == Purpose.RESET_PASSWORD and row.user is None),
        at=at,
    )


# --- Registration ------------------------------------------------------------------------------


def start_registration(
    *,
    full_name: str,
    citizen_id: str,
    email: str,
    phone: str,
    password: str,
    channel: str = "",
    client: str,
    at: dt.datetime | None = None,
) -> OneTimeCode:
    """Step 1 of a citizen's registration: check everything, then send a code to the chosen
    contact (e-mail, or SMS to a mobile number). No account exists until `confirm_registration`."""
    name = rules.normalize_full_name(full_name)
    number = rules.normalize_citizen_id(citizen_id)
    phone_number = rules.normalize_phone(phone) if phone else ""
    address = rules.normalize_email(email) if email else ""
    services.require_a_contact(email=address, phone=phone_number)
    if not channel:
        channel = Channel.EMAIL if address else Channel.SMS
    if channel == Channel.EMAIL and not address:
        raise ValidationFailed(
            "Bạn chọn nhận mã qua thư điện tử: vui lòng nhập địa chỉ thư điện tử.",
            code="identity.email_required",
            message_en="Enter the e-mail address to receive the code.",
            field="email",
        )
    if channel == Channel.SMS and not (phone_number and rules.is_mobile_phone(phone_number)):
        raise ValidationFailed(
            "Bạn chọn nhận mã qua tin nhắn: vui lòng nhập số điện thoại di động.",
            code="identity.mobile_required",
            message_en="Enter a mobile number to receive the code by SMS.",
            field="phone",
        )
    services.validate_new_password(password, User(username=number, full_name=name, email=address))
    services.ensure_identity_free(citizen_id=number, email=address, phone=phone_number)
    payload = {
        "full_name": name,
        "citizen_id": number,
        "email": address,
        "phone": phone_number,
        "password_hash": make_password(password),
    }
    destination = address if channel == Channel.EMAIL else phone_number
    return _issue(
        purpose=Purpose.REGISTER,
        channel=channel,
        destination=destination,
        client=client,
        payload=payload,
        at=at,
    )


def confirm_registration(*, pk: int, code: str, at: dt.datetime | None = None) -> User:
    """Step 2: the right code creates the account, its contact marked verified. A wrong code
    counts a try; the fifth wrong one, or an expired code, means starting again (or resending)."""
    now = at or timezone.now()

    def create(row: OneTimeCode) -> User:
        data = row.payload
        if not data.get("password_hash"):
            raise NoPendingCode()
        return services.register_citizen(
            full_name=data["full_name"],
            citizen_id=data["citizen_id"],
            phone=data["phone"],
            email=data["email"],
            password_hash=data["password_hash"],
            verified=row.channel,
            at=now,
        )

    user: User = _consume(pk=pk, code=code, purpose=Purpose.REGISTER, at=now, then=create)
    return user


# --- Password reset by phone -------------------------------------------------------------------


def _account_with_phone(phone: str) -> User | None:
    found = list(User.objects.filter(phone=phone, is_active=True)[:2])
    return found[0] if len(found) == 1 else None


def request_phone_reset(*, phone: str, client: str, at: dt.datetime | None = None) -> OneTimeCode:
    """Someone asks for a password-reset code by SMS. Whether or not an account has this number,
    a code row is made, the same limits apply and the same answer is given; only a real account
    gets the SMS (a number without an account gets a code nobody knows)."""
    number = rules.normalize_phone(phone)
    user = _account_with_phone(number)
    return _issue(
        purpose=Purpose.RESET_PASSWORD,
        channel=Channel.SMS,
        destination=number,
        client=client,
        user=user,
        deliver=user is not None and rules.is_mobile_phone(number),
        at=at,
    )


def reset_password_by_phone(*, pk: int, code: str, password: str, at: dt.datetime | None = None) -> User:
    """Set a new password with the code sent to the account's phone; any lockout ends with it.
    A weak password is refused before the code is tried, so it costs no try."""
    now = at or timezone.now()
    row = OneTimeCode.objects.filter(pk=pk, purpose=Purpose.RESET_PASSWORD).select_related("user").first()
    if row is None:
        raise NoPendingCode()
    # The same check whether or not the number has an account, so the answer tells nothing.
    services.validate_new_password(password, row.user or User(phone=row.destination))

    def reset(locked: OneTimeCode) -> User:
        if locked.user_id is None:  # a guessed code for a number without an account
            raise _refusal(
                otc.Check(otc.Verdict.WRONG, locked.attempts, otc.MAX_WRONG_TRIES - locked.attempts)
            )
        user = User.objects.select_for_update().get(pk=locked.user_id)
        user.set_password(password)
        user.failed_sign_ins, user.locked_until = 0, None
        user.save(update_fields=["password", "failed_sign_ins", "locked_until"])
        audit.record(
            user, "accounts.password_reset_by_phone", user, to=otc.mask_destination(locked.destination)
        )
        return user

    user: User = _consume(pk=pk, code=code, purpose=Purpose.RESET_PASSWORD, at=now, then=reset)
    return user


# --- Changing one's e-mail address or phone number ----------------------------------------------


def start_contact_change(
    *,
    user: User,
    email: str | None = None,
    phone: str | None = None,
    client: str,
    at: dt.datetime | None = None,
) -> OneTimeCode:
    """Send a code to a new e-mail address or phone number; it replaces the old one only when
    the code comes back (`confirm_contact_change`)."""
    if (email is None) == (phone is None):
        raise ValueError("exactly one of email and phone")
    if email is not None:
        field, value, channel = "email", rules.normalize_email(email), Channel.EMAIL
    else:
        field, value, channel = "phone", rules.normalize_phone(phone or ""), Channel.SMS
        if not rules.is_mobile_phone(value):
            raise ValidationFailed(
                "Mã xác thực được gửi bằng tin nhắn nên cần một số điện thoại di động.",
                code="identity.mobile_required",
                message_en="A mobile number is needed to receive the code by SMS.",
                field="phone",
            )
    if value == getattr(user, field):
        raise ValidationFailed(
            "Đây đã là thông tin liên hệ hiện tại của bạn.",
            code="identity.contact_unchanged",
            message_en="This is already your contact.",
            field=field,
        )
    services.ensure_identity_free(**{field: value}, exclude_pk=user.pk)
    return _issue(
        purpose=Purpose.CHANGE_CONTACT,
        channel=channel,
        destination=value,
        client=client,
        user=user,
        payload={"field": field, "value": value},
        at=at,
    )


def confirm_contact_change(*, user: User, pk: int, code: str, at: dt.datetime | None = None) -> User:
    """The right code saves the new contact, marked verified now."""
    now = at or timezone.now()
    row = pending(pk, Purpose.CHANGE_CONTACT)
    if row is None or row.user_id != user.pk:
        raise NoPendingCode()

    def change(locked: OneTimeCode) -> User:
        field, value = locked.payload["field"], locked.payload["value"]
        services.ensure_identity_free(**{field: value}, exclude_pk=user.pk)
        person = User.objects.select_for_update().get(pk=user.pk)
        before = {field: getattr(person, field)}
        setattr(person, field, value)
        setattr(person, f"{field}_verified_at", now)
        person.save(update_fields=[field, f"{field}_verified_at"])
        audit.record(person, "accounts.contact_changed", person, before=before, after={field: value})
        return person

    person: User = _consume(pk=pk, code=code, purpose=Purpose.CHANGE_CONTACT, at=now, then=change)
    return person


def purge_spent_codes(*, at: dt.datetime | None = None) -> int:
    """Delete codes that expired more than a day ago (their payloads hold pending registrations).
    Meant for the scheduler; returns how many rows went."""
    cutoff = (at or timezone.now()) - dt.timedelta(days=1)
    deleted, _ = OneTimeCode.objects.filter(expires_at__lt=cutoff).delete()
    return deleted
