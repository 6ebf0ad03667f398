"""Use cases that change accounts: registration, officers, sign-in counting, TOTP, password reset.

One transaction each, an audit entry in the same transaction. Failures that must be remembered
(a wrong password, a wrong code) are committed first and reported afterwards, so that raising the
error never rolls the counter back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.accounts import permissions, rules, selectors
from egov.accounts.models import SignInThrottle, User
from egov.core import audit
from egov.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from egov.organizations.models import AdministrativeUnit, Agency


class AccountLocked(DomainError):
    """Too many consecutive failures: sign-in is refused until `locked_until`."""

    code = "auth.locked"
    status = 403
    message_en = "Too many failed attempts: signing in is blocked for a while."

    def __init__(self, locked_until: dt.datetime) -> None:
        local = timezone.localtime(locked_until)
        super().__init__(
            "Bạn đã nhập sai quá nhiều lần. Để bảo vệ tài khoản, việc đăng nhập tạm khóa đến "
            f"{local:%H:%M} ngày {local:%d/%m/%Y}. Bạn có thể dùng chức năng “Quên mật khẩu”.",
            locked_until=locked_until.isoformat(),
        )
        self.locked_until = locked_until


class InvalidTotpCode(ValidationFailed):
    code = "auth.totp_invalid"
    message_vi = (
        "Mã xác thực không đúng hoặc đã được dùng. Hãy nhập mã 6 chữ số mới nhất trong ứng dụng xác thực."
    )
    message_en = "The code is wrong or was already used; enter the latest 6-digit code."

    def __init__(self) -> None:
        super().__init__(field="code")


class TotpAlreadyEnabled(Conflict):
    code = "auth.totp_already_enabled"
    message_vi = "Tài khoản đã bật xác thực hai lớp. Muốn đổi thiết bị, hãy nhờ quản trị viên đặt lại."
    message_en = "Two-factor authentication is already on; ask an administrator to reset it."


class IdentityTaken(Conflict):
    code = "identity.taken"
    message_en = "Another account already uses this value."


def _lockout_policy() -> dict[str, int]:
    return {
        "max_attempts": settings.EGOV_LOCKOUT_ATTEMPTS,
        "lock_minutes": settings.EGOV_LOCKOUT_MINUTES,
    }


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(
            " ".join(error.messages),
            code="identity.password_weak",
            message_en="The password is too weak.",
            field="password",
        ) from error


def validate_new_password(password: str, user: User) -> None:
    """The configured password validators, as a ValidationFailed beside the "password" field."""
    _validate_password(password, user)


def _ensure_free(
    field: str, value: str, *, message_vi: str, exclude_pk: int | None = None, report_as: str = ""
) -> None:
    if not value:
        return
    lookup = {f"{field}__iexact" if field == "email" else field: value}
    taken = User.objects.filter(**lookup)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise IdentityTaken(message_vi, field=report_as or field)


def _profile(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "citizen_id": user.citizen_id,
        "kind": user.kind,
        "is_active": user.is_active,
        "address": user.address,
        "province_id": user.province_id,
        "ward_id": user.ward_id,
    }


def _save_new(user: User) -> None:
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # a concurrent registration with the same id or e-mail
        raise IdentityTaken(
            "Số định danh hoặc thư điện tử này vừa được dùng cho một tài khoản khác.", field="citizen_id"
        ) from error


# --- Accounts ----------------------------------------------------------------------------------


def register_citizen(
    *,
    full_name: str,
    citizen_id: str,
    phone: str = "",
    email: str = "",
    password: str = "",
    password_hash: str = "",
    verified: str = "",
    at: dt.datetime | None = None,
) -> User:
    """Create a citizen's account. The citizen id is the user name; they may sign in with it, their
    e-mail address or their phone number. At least one contact (e-mail or phone) is required.

    The portal calls this only once a one-time code sent to that contact was entered
    (`services_verification.confirm_registration`), with the password already hashed and
    `verified` naming the contact ("email" or "sms") that is then marked verified. Commands, the
    demo and tests pass a clear `password`."""
    name = rules.normalize_full_name(full_name)
    number = rules.normalize_citizen_id(citizen_id)
    phone_number = rules.normalize_phone(phone) if phone else ""
    address = rules.normalize_email(email) if email else ""
    require_a_contact(email=address, phone=phone_number)
    user = User(
        username=number,
        full_name=name,
        citizen_id=number,
        phone=phone_number,
        email=address,
        kind=User.Kind.CITIZEN,
    )
    if password_hash:
        user.password = password_hash
    else:
        _validate_password(password, user)
        user.set_password(password)
    now = at or timezone.now()
    if verified == "email" and address:
        user.email_verified_at = now
    if verified == "sms" and phone_number:
        user.phone_verified_at = now
    with transaction.atomic():
        ensure_identity_free(citizen_id=number, email=address, phone=phone_number)
        _save_new(user)
        audit.record(user, "accounts.citizen_registered", user, after=_profile(user), verified=verified)
    return user


def require_a_contact(*, email: str, phone: str) -> None:
    """A citizen's account needs an e-mail address or a phone number to receive codes."""
    if not email and not phone:
        raise ValidationFailed(
            "Vui lòng nhập thư điện tử hoặc số điện thoại (ít nhất một) để nhận mã xác thực.",
            code="identity.contact_required",
            message_en="Enter an e-mail address or a phone number (at least one).",
            field="email",
        )


CITIZEN_ID_TAKEN = "Số định danh cá nhân này đã có tài khoản."
EMAIL_TAKEN = "Địa chỉ thư điện tử này đã được dùng cho tài khoản khác."
PHONE_TAKEN = "Số điện thoại này đã được dùng cho tài khoản khác."


def ensure_identity_free(
    *, citizen_id: str = "", email: str = "", phone: str = "", exclude_pk: int | None = None
) -> None:
    """Refuse a citizen id, e-mail address or phone number another account already has; the
    message says which value is taken and nothing about that account."""
    _ensure_free("citizen_id", citizen_id, message_vi=CITIZEN_ID_TAKEN, exclude_pk=exclude_pk)
    _ensure_free(
        "username", citizen_id, message_vi=CITIZEN_ID_TAKEN, exclude_pk=exclude_pk, report_as="citizen_id"
    )
    _ensure_free("email", email, message_vi=EMAIL_TAKEN, exclude_pk=exclude_pk)
    _ensure_free("phone", phone, message_vi=PHONE_TAKEN, exclude_pk=exclude_pk)


def create_officer(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    password: str | None,
    phone: str = "",
    agency: Agency | None = None,
    role: str = "",
    totp_secret: str = "",
) -> User:
    """Create an officer's account, optionally with a first role in an agency. `actor=None` is
    the system (commands, demo); otherwise the actor needs "accounts.manage_members" on the agency.
    Without a password the account cannot sign in until a password reset. A `totp_secret` is
    taken as already confirmed (used by the demo)."""
    from egov.organizations import services as organization_services

    name = rules.normalize_full_name(full_name)
    login = (username or "").strip()
    if not login or len(login) > 150 or any(char.isspace() for char in login):
        raise ValidationFailed(
            "Tên đăng nhập không được để trống và không chứa khoảng trắng.",
            code="identity.username_invalid",
            message_en="The user name is required and has no spaces.",
            field="username",
        )
    address = rules.normalize_email(email) if email else ""
    phone_number = rules.normalize_phone(phone) if phone else ""
    user = User(username=login, full_name=name, email=address, phone=phone_number, kind=User.Kind.OFFICER)
    if password:
        _validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    if totp_secret:
        user.totp_secret = totp_secret
        user.totp_confirmed_at = timezone.now()
    with transaction.atomic():
        if actor is not None:
            permissions.require(actor, "accounts.manage_members", agency)
        _ensure_free("username", login, message_vi="Tên đăng nhập này đã có người dùng.")
        _ensure_free("email", address, message_vi="Địa chỉ thư điện tử này đã được dùng cho tài khoản khác.")
        _save_new(user)
        audit.record(actor, "accounts.officer_created", user, after=_profile(user), totp=bool(totp_secret))
        if agency is not None and role:
            organization_services.add_membership(actor=actor, user=user, agency=agency, role=role)
    return user


def update_profile(
    *,
    user: User,
    full_name: str,
    address: str = "",
    province: AdministrativeUnit | None = None,
    ward: AdministrativeUnit | None = None,
    citizen_id: str | None = None,
) -> User:
    """A person corrects their own profile: name, citizen id, address line, province and ward
    (which must be one of the province's). The citizen id cannot change once an identity
    provider vouched for the account (it has an external identity); `None` leaves it as it is.
    E-mail and phone change only through a one-time code (`services_verification`)."""
    name = rules.normalize_full_name(full_name)
    line = " ".join((address or "").split())
    if len(line) > 300:
        raise ValidationFailed(
            "Địa chỉ dài quá 300 ký tự.",
            code="identity.address_invalid",
            message_en="Address too long.",
            field="address",
        )
    if province is not None and province.level != AdministrativeUnit.Level.PROVINCE:
        raise ValidationFailed(
            "Hãy chọn một tỉnh, thành phố trong danh sách.",
            code="identity.province_invalid",
            message_en="Choose a province from the list.",
            field="province",
        )
    if ward is not None and (province is None or ward.parent_id != province.pk):
        raise ValidationFailed(
            "Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn. "
            "Hãy bấm “Chọn xã, phường” để tải lại danh sách.",
            code="identity.ward_invalid",
            message_en="The ward is not in the chosen province.",
            field="ward",
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = _profile(user)
        number = user.citizen_id
        typed = (citizen_id or "").strip()
        if citizen_id is not None and (typed or user.kind == User.Kind.CITIZEN):
            number = rules.normalize_citizen_id(typed)  # a citizen always keeps a valid citizen id
        elif citizen_id is not None:
            number = ""
        if number != user.citizen_id:
            if user.external_identities.exists():
                raise ValidationFailed(
                    "Số định danh cá nhân đã được xác minh qua tài khoản định danh điện tử "
                    "nên không sửa được.",
                    code="identity.citizen_id_locked",
                    message_en="The citizen id was verified by an identity provider and cannot change.",
                    field="citizen_id",
                )
            ensure_identity_free(citizen_id=number, exclude_pk=user.pk)
        fields = ["full_name", "address", "province", "ward"]
        if number != user.citizen_id:
            if user.username == user.citizen_id and number:
                user.username = number
                fields.append("username")
            user.citizen_id = number
            fields.append("citizen_id")
        user.full_name, user.address, user.province, user.ward = name, line, province, ward
        user.save(update_fields=fields)
        after = _profile(user)
        if after != before:
            audit.record(user, "accounts.profile_updated", user, before=before, after=after)
    return user


# --- Sign-in counting --------------------------------------------------------------------------


def record_failed_sign_in(
    *, identifier: str, reason: str = "password", at: dt.datetime | None = None
) -> dt.datetime | None:
    """Count a failed sign-in (wrong password or wrong second-factor code) for the account behind
    `identifier`, or for the unknown name itself, and lock after settings.EGOV_LOCKOUT_ATTEMPTS
    consecutive failures for settings.EGOV_LOCKOUT_MINUTES. Returns the lock's end if locked."""
    now = at or timezone.now()
    with transaction.atomic():
        found = selectors.user_for_sign_in(identifier)
        if found is not None:
            user = User.objects.select_for_update().get(pk=found.pk)
            state = rules.after_failed_sign_in(
                rules.LockoutState(user.failed_sign_ins, user.locked_until), at=now, **_lockout_policy()
            )
            newly_locked = state.locked_until != user.locked_until and state.locked_until is not None
            user.failed_sign_ins, user.locked_until = state.failures, state.locked_until
            user.save(update_fields=["failed_sign_ins", "locked_until"])
            audit.record(None, "accounts.sign_in_failed", user, reason=reason, failures=state.failures)
            if newly_locked:
                audit.record(
                    None,
                    "accounts.locked",
                    user,
                    until=state.locked_until.isoformat(),
                    failures=state.failures,
                )
        else:
            key = selectors.throttle_key(identifier)
            SignInThrottle.objects.get_or_create(key=key)
            throttle = SignInThrottle.objects.select_for_update().get(key=key)
            state = rules.after_failed_sign_in(
                rules.LockoutState(throttle.failed_sign_ins, throttle.locked_until),
                at=now,
                **_lockout_policy(),
            )
            throttle.failed_sign_ins, throttle.locked_until = state.failures, state.locked_until
            throttle.save(update_fields=["failed_sign_ins", "locked_until", "updated_at"])
            audit.record(None, "accounts.sign_in_failed", None, reason="unknown_name", name_hash=key[:16])
    return state.locked_until if state.is_locked(now) else None


def record_successful_sign_in(*, user: User, method: str = "password") -> User:
    """A complete sign-in (password, and second factor when the account has one): the failure
    counter starts again from zero."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.failed_sign_ins, user.locked_until = 0, None
        user.last_login = timezone.now()
        user.save(update_fields=["failed_sign_ins", "locked_until", "last_login"])
        audit.record(user, "accounts.signed_in", user, method=method)
    return user


def record_sign_out(*, user: User) -> None:
    with transaction.atomic():
        audit.record(user, "accounts.signed_out", user)


# --- TOTP second factor (RFC 6238) -------------------------------------------------------------


def enroll_totp(*, user: User) -> str:
    """Start (or restart) setting up an authenticator app: a new secret, not yet in force until
    `confirm_totp`. Refused when a confirmed secret already exists."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.has_totp:
            raise TotpAlreadyEnabled()
        user.totp_secret = rules.new_totp_secret()
        user.totp_confirmed_at = None
        user.totp_last_step = None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        audit.record(user, "accounts.totp_enrollment_started", user)
    return user.totp_secret


def confirm_totp(*, user: User, code: str, at: dt.datetime | None = None) -> User:
    """Turn the second factor on once the person proves their app shows the right code."""
    now = at or timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.has_totp:
            raise TotpAlreadyEnabled()
        step = rules.matching_totp_step(user.totp_secret, code, at=now, last_used_step=user.totp_last_step)
        if step is None:
            raise InvalidTotpCode()
        user.totp_confirmed_at = now
        user.totp_last_step = step
        user.save(update_fields=["totp_confirmed_at", "totp_last_step"])
        audit.record(user, "accounts.totp_enabled", user, before={"totp": False}, after={"totp": True})
    return user


def verify_totp(*, user: User, code: str, at: dt.datetime | None = None) -> User:
    """Second step of signing in. Accepts a code of the current time step or one step either
    side; refuses a step already used (no replay). A wrong code counts as a failed sign-in, and
    on success the sign-in is complete (counter reset, audited)."""
    now = at or timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.locked_until and locked.locked_until > now:
            raise AccountLocked(locked.locked_until)
        step = (
            rules.matching_totp_step(locked.totp_secret, code, at=now, last_used_step=locked.totp_last_step)
            if locked.has_totp
            else None
        )
        if step is not None:
            locked.totp_last_step = step
            locked.save(update_fields=["totp_last_step"])
    if step is None:
        until = record_failed_sign_in(identifier=locked.username, reason="totp", at=now)
        if until is not None:
            raise AccountLocked(until)
        raise InvalidTotpCode()
    return record_successful_sign_in(user=locked, method="password+totp")


def reset_totp(*, actor: User, user: User) -> User:
    """An administrator turns a person's second factor off (lost phone); they enrol again at the
    next sign-in. Needs "accounts.manage_members" in one of the person's agencies."""
    from egov.organizations import selectors as organization_selectors

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        agencies = [membership.agency for membership in organization_selectors.memberships_of(user)]
        allowed = actor.is_superuser or any(
            permissions.can(actor, "accounts.manage_members", agency) for agency in agencies
        )
        if not allowed or not actor.is_active:
            raise PermissionDenied(
                "Bạn không có quyền đặt lại xác thực hai lớp của người này.",
                message_en="You may not reset this person's second factor.",
            )
        had = user.has_totp
        user.totp_secret, user.totp_confirmed_at, user.totp_last_step = "", None, None
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_step"])
        audit.record(actor, "accounts.totp_reset", user, before={"totp": had}, after={"totp": False})
    return user


# --- Password reset ----------------------------------------------------------------------------


def record_password_reset_requested(*, user: User) -> None:
    """Someone asked for a reset link for this account (the link went to its e-mail address)."""
    with transaction.atomic():
        audit.record(None, "accounts.password_reset_requested", user)


def reset_password(*, user: User, password: str) -> User:
    """Set a new password from a valid reset link; any lockout ends with it."""
    _validate_password(password, user)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(password)
        user.failed_sign_ins, user.locked_until = 0, None
        user.save(update_fields=["password", "failed_sign_ins", "locked_until"])
        audit.record(user, "accounts.password_reset", user)
    return user
