"""Read queries about people: finding the account behind a sign-in name, lockout status, roles."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from egov.accounts import permissions, rules
from egov.accounts.models import SignInThrottle, User
from egov.core.errors import ValidationFailed
from egov.organizations.models import AdministrativeUnit

_CITIZEN_ID = re.compile(r"^\d{12}$")


def user_for_sign_in(identifier: str) -> User | None:
    """The account a sign-in name designates: the user name, or else the e-mail address (any
    case), or else the 12-digit citizen id (spaces ignored), or else the phone number (any
    written form `rules.normalize_phone` accepts; only if a single account has it). Citizens
    usually type their citizen id, e-mail or phone; officers their user name."""
    name = (identifier or "").strip()
    if not name:
        return None
    user = User.objects.filter(username=name).first()
    if user is not None:
        return user
    if "@" in name:
        return User.objects.filter(email__iexact=name).first()
    digits = re.sub(r"[\s.\-]+", "", name)
    if _CITIZEN_ID.match(digits):
        return User.objects.filter(citizen_id=digits).first()
    try:
        phone = rules.normalize_phone(name)
    except ValidationFailed:
        return None
    # A phone number signs in only when exactly one account has it.
    found = list(User.objects.filter(phone=phone)[:2])
    return found[0] if len(found) == 1 else None


def throttle_key(identifier: str) -> str:
    """A keyed hash of an unknown sign-in name (the name itself is never stored)."""
    normalized = " ".join((identifier or "").split()).casefold()
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def locked_until(identifier: str, *, at: dt.datetime | None = None) -> dt.datetime | None:
    """Until when sign-in with this name is refused, or None. Unknown names are throttled exactly
    like real ones so that the answer reveals nothing about which accounts exist."""
    now = at or timezone.now()
    user = user_for_sign_in(identifier)
    if user is not None:
        until = user.locked_until
    else:
        until = (
            SignInThrottle.objects.filter(key=throttle_key(identifier))
            .values_list("locked_until", flat=True)
            .first()
        )
    return until if until is not None and until > now else None


def users(*, kind: str = "", q: str = "") -> QuerySet[User]:
    """Accounts for administration lists, filtered by kind and by name, user name or e-mail."""
    qs = User.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(username__icontains=q) | Q(email__icontains=q))
    return qs.order_by("full_name", "username")


@dataclass(frozen=True)
class SecondFactorStatus:
    """What the second-factor middleware needs to know about a signed-in person."""

    has_totp: bool
    required: bool


def second_factor_status(user: User) -> SecondFactorStatus:
    """Whether the person has TOTP, and whether policy requires it (administrators, when
    settings.EGOV_REQUIRE_ADMIN_TOTP is on)."""
    required = bool(settings.EGOV_REQUIRE_ADMIN_TOTP) and permissions.is_administrator(user)
    return SecondFactorStatus(has_totp=user.has_totp, required=required)


def applicant_prefill(user: User) -> dict[str, str]:
    """The applicant block of an e-form, filled from a citizen's profile: full name, citizen id,
    phone, e-mail and one address line "address, ward, province" (empty parts skipped). Every
    value is a string, empty when unknown; an anonymous or missing user gives all empty strings."""
    keys = ("full_name", "citizen_id", "phone", "email", "address")
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return dict.fromkeys(keys, "")
    parts = [(user.address or "").strip()]
    for unit_id in (user.ward_id, user.province_id):
        if unit_id:
            parts.append(
                AdministrativeUnit.objects.filter(pk=unit_id).values_list("name", flat=True).first() or ""
            )
    return {
        "full_name": user.full_name or "",
        "citizen_id": user.citizen_id or "",
        "phone": user.phone or "",
        "email": user.email or "",
        "address": ", ".join(part for part in parts if part),
    }
