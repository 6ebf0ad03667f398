"""Single sign-on rules without a provider: settings → provider, claims → person."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.accounts import oidc
from egov.core.errors import ValidationFailed


def configured(**values: object) -> SimpleNamespace:
    base: dict[str, object] = {
        "EGOV_OIDC_ENABLED": True,
        "EGOV_OIDC_DISCOVERY_URL": "https://vneid.example/.well-known/openid-configuration",
        "EGOV_OIDC_CLIENT_ID": "egov-hue",
    }
    base.update(values)
    return SimpleNamespace(**base)


def test_no_provider_when_disabled_or_without_discovery_url_or_client_id() -> None:
    assert oidc.provider_from(configured(EGOV_OIDC_ENABLED=False)) is None
    assert oidc.provider_from(configured(EGOV_OIDC_DISCOVERY_URL="")) is None
    assert oidc.provider_from(configured(EGOV_OIDC_CLIENT_ID=" ")) is None
    assert oidc.provider_from(SimpleNamespace()) is None


def test_provider_defaults_name_vneid_and_always_asks_for_openid() -> None:
    provider = oidc.provider_from(configured(EGOV_OIDC_SCOPES="profile,email"))
    assert provider is not None
    assert (provider.key, provider.name, provider.scope) == ("vneid", "VNeID", "openid profile email")
    assert provider.claims == oidc.ClaimMap() and provider.trust_citizen_id is False


def test_provider_reads_the_claim_names_and_the_trust_setting() -> None:
    provider = oidc.provider_from(
        configured(
            EGOV_OIDC_PROVIDER="sso-tinh",
            EGOV_OIDC_NAME="SSO tỉnh",
            EGOV_OIDC_CLAIM_CITIZEN_ID="so_dinh_danh",
            EGOV_OIDC_CLAIM_NAME="ho_ten",
            EGOV_OIDC_TRUST_CITIZEN_ID=True,
        )
    )
    assert provider is not None and provider.key == "sso-tinh" and provider.trust_citizen_id
    assert (provider.claims.citizen_id, provider.claims.name, provider.claims.email) == (
        "so_dinh_danh",
        "ho_ten",
        "email",
    )


def test_claims_become_a_normalised_identity_without_protocol_claims() -> None:
    identity = oidc.identity_from_claims(
        {
            "sub": "abc",
            "iss": "https://vneid.example",
            "nonce": "n",
            "so_dinh_danh": "046 090 001 234",
            "name": "  Nguyễn   Văn An ",
            "email": "An@Example.VN",
            "email_verified": "true",
            "phone_number": "+84 912 345 678",
            "phone_number_verified": True,
        },
        oidc.ClaimMap(citizen_id="so_dinh_danh"),
    )
    assert identity.subject == "abc" and identity.citizen_id == "046090001234"
    assert identity.full_name == "Nguyễn Văn An" and identity.email == "An@example.vn"
    assert identity.email_verified and identity.phone == "0912345678" and identity.phone_verified
    assert "nonce" not in identity.kept_claims and "iss" not in identity.kept_claims
    assert identity.kept_claims["so_dinh_danh"] == "046 090 001 234"


def test_unusable_contact_claims_are_dropped_not_fatal() -> None:
    identity = oidc.identity_from_claims(
        {"sub": "abc", "email": "khong-phai-thu", "email_verified": True, "phone_number": "12", "name": "1"},
        oidc.ClaimMap(),
    )
    assert (identity.email, identity.email_verified, identity.phone, identity.full_name) == (
        "",
        False,
        "",
        "",
    )
    assert identity.citizen_id == ""


def test_no_subject_is_refused() -> None:
    with pytest.raises(ValidationFailed) as error:
        oidc.identity_from_claims({"name": "Ai Đó"}, oidc.ClaimMap())
    assert error.value.code == "oidc.subject_missing"


def test_malformed_citizen_id_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationFailed) as error:
        oidc.identity_from_claims({"sub": "abc", "citizen_id": "12345"}, oidc.ClaimMap())
    assert error.value.code == "oidc.citizen_id_invalid"
    assert "không hợp lệ: số định danh cá nhân phải gồm đúng 12 chữ số" in error.value.message_vi


@given(verified=st.one_of(st.none(), st.booleans(), st.text(max_size=6), st.integers()))
def test_only_true_or_the_string_true_marks_an_address_verified(verified: object) -> None:
    identity = oidc.identity_from_claims(
        {"sub": "s", "email": "a@example.vn", "email_verified": verified}, oidc.ClaimMap()
    )
    expected = verified is True or (isinstance(verified, str) and verified.strip().lower() == "true")
    assert identity.email_verified is expected


def test_user_info_completes_but_never_overrides_the_id_token() -> None:
    merged = oidc.merge_user_info(
        {"sub": "s", "name": "Từ Thẻ"}, {"sub": "s", "name": "Khác", "citizen_id": "046090001234"}
    )
    assert merged == {"sub": "s", "name": "Từ Thẻ", "citizen_id": "046090001234"}


def test_user_info_about_another_subject_is_ignored() -> None:
    assert oidc.merge_user_info({"sub": "s"}, {"sub": "t", "citizen_id": "046090001234"}) == {"sub": "s"}
    assert oidc.merge_user_info({"sub": "s"}, None) == {"sub": "s"}


@pytest.mark.parametrize(
    ("secret", "method", "expected"),
    [
        ("", "client_secret_post", "none"),
        ("bi-mat", "", "client_secret_basic"),
        ("bi-mat", "client_secret_post", "client_secret_post"),
        ("bi-mat", "private_key_jwt", "client_secret_basic"),
    ],
)
def test_token_endpoint_authentication(secret: str, method: str, expected: str) -> None:
    provider = oidc.provider_from(
        configured(EGOV_OIDC_CLIENT_SECRET=secret, EGOV_OIDC_TOKEN_AUTH_METHOD=method)
    )
    assert provider is not None and provider.token_auth_method == expected
