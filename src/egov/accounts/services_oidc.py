"""Use case of single sign-on: the person an OpenID Connect provider vouched for becomes a user.

The provider's stable subject identifier (`sub`), never its e-mail, identifies the person. The
protocol checks (state, PKCE, nonce, ID token signature against the provider's keys) happen before
this is called, in views_oidc.py; here only verified claims arrive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from egov.accounts import oidc, services
from egov.accounts.models import ExternalIdentity, User
from egov.core import audit
from egov.core.errors import Conflict, DomainError, ValidationFailed


class CitizenIdMissing(ValidationFailed):
    code = "oidc.citizen_id_missing"
    message_vi = (
        "Nhà cung cấp định danh không gửi số định danh cá nhân của bạn, nên chưa thể tạo hoặc liên kết "
        "tài khoản. Hãy đồng ý chia sẻ số định danh khi đăng nhập, hoặc đăng nhập bằng mật khẩu."
    )
    message_en = "The identity provider did not send your citizen id, so no account can be found or created."


class CitizenIdAlreadyRegistered(Conflict):
    code = "oidc.citizen_id_registered"
    message_vi = (
        "Số định danh cá nhân này đã có tài khoản trên cổng. Hãy đăng nhập bằng số định danh và mật khẩu; "
        "nếu quên mật khẩu, dùng chức năng “Quên mật khẩu”."
    )
    message_en = "An account with this citizen id already exists: sign in with its password."


class AccountDisabled(DomainError):
    code = "oidc.account_disabled"
    status = 403
    message_vi = "Tài khoản liên kết với định danh này đã bị vô hiệu hóa. Vui lòng liên hệ bộ phận một cửa."
    message_en = "The account linked to this identity is disabled."


def _new_citizen(identity: oidc.Identity, provider: oidc.Provider) -> User:
    now = timezone.now()
    user = User(
        username=identity.citizen_id,
        full_name=identity.full_name,
        citizen_id=identity.citizen_id,
        phone=identity.phone,
        email=identity.email,
        kind=User.Kind.CITIZEN,
        email_verified_at=now if identity.email_verified else None,
        phone_verified_at=now if identity.phone_verified else None,
    )
    # Signed in through the provider only; a password can be set later with "Quên mật khẩu".
    user.set_unusable_password()
    if User.objects.filter(username=identity.citizen_id).exists():
        raise CitizenIdAlreadyRegistered()
    if identity.email and User.objects.filter(email__iexact=identity.email).exists():
        # The address belongs to another account: the new one starts without it.
        user.email, user.email_verified_at = "", None
    user.save()
    return user


def _find_or_create(identity: oidc.Identity, provider: oidc.Provider) -> tuple[User, str, ExternalIdentity]:
    link = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider.key, subject=identity.subject)
        .first()
    )
    if link is not None:
        return link.user, "known", link
    if not identity.citizen_id:
        raise CitizenIdMissing()
    existing = User.objects.select_for_update().filter(citizen_id=identity.citizen_id).first()
    if existing is not None:
        if not provider.trust_citizen_id:
            raise CitizenIdAlreadyRegistered()
        if ExternalIdentity.objects.filter(user=existing, provider=provider.key).exists():
            # Already linked to another subject of the same provider: never a second one silently.
            raise CitizenIdAlreadyRegistered(
                "Tài khoản có số định danh này đã liên kết với một định danh khác của nhà cung cấp. "
                "Vui lòng liên hệ bộ phận một cửa.",
                message_en="The account with this citizen id is linked to another identity of this provider.",
            )
        user, outcome = existing, "linked"
    else:
        user, outcome = _new_citizen(identity, provider), "created"
    link = ExternalIdentity(user=user, provider=provider.key, subject=identity.subject)
    return user, outcome, link


def sign_in_with_identity(*, provider: oidc.Provider, claims: Mapping[str, Any]) -> User:
    """Sign a person in with the verified claims of `provider`: the account already linked to the
    subject; else, when the provider is trusted for citizen ids, the account with that citizen id,
    now linked; else a new citizen account made from the claims (no usable password; e-mail and
    phone marked verified when the provider says so).

    An account with a second factor (TOTP) is returned without the sign-in being complete: the
    caller sends the person through the code step, which records it. Otherwise the sign-in is
    recorded here, in the same transaction as the link and its audit entry."""
    identity = oidc.identity_from_claims(claims, provider.claims)
    try:
        with transaction.atomic():
            user, outcome, link = _find_or_create(identity, provider)
            if not user.is_active:
                raise AccountDisabled()
            link.claims = identity.kept_claims
            link.last_sign_in_at = timezone.now()
            link.save()
            details = {"provider": provider.key, "subject": identity.subject}
            if outcome == "created":
                audit.record(user, "accounts.oidc_account_created", user, after=_profile(user), **details)
            elif outcome == "linked":
                audit.record(user, "accounts.oidc_linked", user, **details)
            audit.record(user, "accounts.oidc_signed_in", user, second_factor=user.has_totp, **details)
            if not user.has_totp:
                user = services.record_successful_sign_in(user=user, method=f"oidc:{provider.key}")
    except IntegrityError as error:
        # A concurrent first sign-in of the same person won the race: theirs is the link to use.
        if not ExternalIdentity.objects.filter(provider=provider.key, subject=identity.subject).exists():
            raise CitizenIdAlreadyRegistered() from error
        return sign_in_with_identity(provider=provider, claims=claims)
    return user


def _profile(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "citizen_id": user.citizen_id,
        "email": user.email,
        "phone": user.phone,
        "email_verified": user.email_verified_at is not None,
        "phone_verified": user.phone_verified_at is not None,
        "kind": user.kind,
    }
