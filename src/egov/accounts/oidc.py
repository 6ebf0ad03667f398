"""Single sign-on with OpenID Connect: the configured provider and what its claims mean to us.

Plain Python, no Django: `provider_from(settings)` reads the EGOV_OIDC_* values of any object that
has them (Django's settings in the app, a namespace in tests), `identity_from_claims` turns the
claims of a verified ID token (and user info) into the person they describe. The protocol itself
(discovery, PKCE, state, nonce, signature checks) is Authlib's, in views_oidc.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from egov.accounts import rules
from egov.core.errors import ValidationFailed

# Claims about the token itself, not the person: not kept with the linked identity.
PROTOCOL_CLAIMS = frozenset(
    {
        "iss",
        "aud",
        "exp",
        "iat",
        "nbf",
        "nonce",
        "at_hash",
        "c_hash",
        "auth_time",
        "azp",
        "sid",
        "jti",
        "acr",
        "amr",
    }
)


@dataclass(frozen=True)
class ClaimMap:
    """Names of the claims that hold each piece of a person's profile."""

    citizen_id: str = "citizen_id"
    name: str = "name"
    phone: str = "phone_number"
    email: str = "email"
    phone_verified: str = "phone_number_verified"
    email_verified: str = "email_verified"


@dataclass(frozen=True)
class Provider:
    """The one configured OpenID Connect provider (VNeID, or another the province chooses)."""

    key: str
    name: str
    discovery_url: str
    client_id: str
    client_secret: str = ""
    scopes: tuple[str, ...] = ("openid", "profile", "email", "phone")
    claims: ClaimMap = field(default_factory=ClaimMap)
    # The provider vouches for citizen ids: an account with the same id is linked, not refused.
    trust_citizen_id: bool = False
    timeout: float = 10.0
    # How the client proves itself at the token endpoint: client_secret_basic, client_secret_post,
    # or none (a public client, PKCE only); without a secret it is always none.
    token_auth_method: str = "client_secret_basic"

    @property
    def scope(self) -> str:
        return " ".join(self.scopes)


def provider_from(source: Any) -> Provider | None:
    """The provider described by EGOV_OIDC_* attributes of `source`, or None when single sign-on
    is off or incompletely configured (no discovery URL or no client id)."""
    if not getattr(source, "EGOV_OIDC_ENABLED", False):
        return None
    discovery_url = str(getattr(source, "EGOV_OIDC_DISCOVERY_URL", "") or "").strip()
    client_id = str(getattr(source, "EGOV_OIDC_CLIENT_ID", "") or "").strip()
    if not discovery_url or not client_id:
        return None
    scopes = tuple(str(getattr(source, "EGOV_OIDC_SCOPES", "") or "").replace(",", " ").split())
    if "openid" not in scopes:
        scopes = ("openid", *scopes)
    defaults = ClaimMap()
    return Provider(
        key=str(getattr(source, "EGOV_OIDC_PROVIDER", "") or "vneid").strip(),
        name=str(getattr(source, "EGOV_OIDC_NAME", "") or "VNeID").strip(),
        discovery_url=discovery_url,
        client_id=client_id,
        client_secret=str(getattr(source, "EGOV_OIDC_CLIENT_SECRET", "") or ""),
        scopes=scopes,
        claims=ClaimMap(
            citizen_id=getattr(source, "EGOV_OIDC_CLAIM_CITIZEN_ID", "") or defaults.citizen_id,
            name=getattr(source, "EGOV_OIDC_CLAIM_NAME", "") or defaults.name,
            phone=getattr(source, "EGOV_OIDC_CLAIM_PHONE", "") or defaults.phone,
            email=getattr(source, "EGOV_OIDC_CLAIM_EMAIL", "") or defaults.email,
        ),
        trust_citizen_id=bool(getattr(source, "EGOV_OIDC_TRUST_CITIZEN_ID", False)),
        timeout=float(getattr(source, "EGOV_OIDC_TIMEOUT", 10.0) or 10.0),
        token_auth_method=_token_auth_method(source),
    )


TOKEN_AUTH_METHODS = frozenset({"client_secret_basic", "client_secret_post", "none"})


def _token_auth_method(source: Any) -> str:
    if not getattr(source, "EGOV_OIDC_CLIENT_SECRET", ""):
        return "none"
    method = str(getattr(source, "EGOV_OIDC_TOKEN_AUTH_METHOD", "") or "").strip()
    return method if method in TOKEN_AUTH_METHODS else "client_secret_basic"


@dataclass(frozen=True)
class Identity:
    """A person as the provider describes them, normalised to our rules. Values the provider gave
    in a form we cannot use (a malformed phone number or e-mail) are left empty, except the citizen
    id: a malformed one means the claim mapping is wrong, and is refused."""

    subject: str
    citizen_id: str = ""
    full_name: str = ""
    email: str = ""
    email_verified: bool = False
    phone: str = ""
    phone_verified: bool = False
    kept_claims: dict[str, Any] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return str(value).strip()


def _verified(value: Any) -> bool:
    # Some providers send "true" as a string.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _or_empty(normalize: Any, value: str) -> str:
    if not value:
        return ""
    try:
        return str(normalize(value))
    except ValidationFailed:
        return ""


def identity_from_claims(
    claims: Mapping[str, Any], mapping: ClaimMap, *, current_year: int | None = None
) -> Identity:
    """Read the person from a provider's claims. Raises ValidationFailed when there is no subject
    or when the citizen id claim is present but is not a valid 12-digit citizen id."""
    subject = _text(claims.get("sub"))
    if not subject:
        raise ValidationFailed(
            "Nhà cung cấp định danh không gửi mã định danh người dùng (sub).",
            code="oidc.subject_missing",
            message_en="The identity provider sent no subject identifier.",
        )
    raw_citizen_id = _text(claims.get(mapping.citizen_id))
    citizen_id = ""
    if raw_citizen_id:
        try:
            citizen_id = rules.normalize_citizen_id(raw_citizen_id, current_year=current_year)
        except ValidationFailed as error:
            raise ValidationFailed(
                "Số định danh cá nhân nhận từ nhà cung cấp định danh không hợp lệ: "
                + error.message_vi[0].lower()
                + error.message_vi[1:],
                code="oidc.citizen_id_invalid",
                message_en="The citizen id sent by the identity provider is not valid: " + error.message_en,
            ) from error
    email = _or_empty(rules.normalize_email, _text(claims.get(mapping.email)))
    phone = _or_empty(rules.normalize_phone, _text(claims.get(mapping.phone)))
    return Identity(
        subject=subject,
        citizen_id=citizen_id,
        full_name=_or_empty(rules.normalize_full_name, _text(claims.get(mapping.name))),
        email=email,
        email_verified=bool(email) and _verified(claims.get(mapping.email_verified)),
        phone=phone,
        phone_verified=bool(phone) and _verified(claims.get(mapping.phone_verified)),
        kept_claims={name: value for name, value in claims.items() if name not in PROTOCOL_CLAIMS},
    )


def merge_user_info(
    id_token_claims: Mapping[str, Any], user_info: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The ID token's claims completed by the user info endpoint's answer. User info about another
    subject is ignored (OpenID Connect Core §5.3.2); the ID token's own claims are never replaced."""
    merged = dict(id_token_claims)
    if user_info and _text(user_info.get("sub")) == _text(id_token_claims.get("sub")):
        for name, value in user_info.items():
            merged.setdefault(name, value)
    return merged
