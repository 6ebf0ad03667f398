"""sign_in_with_identity with verified claims given directly (the protocol is tested in test_oidc_flow)."""

from __future__ import annotations

import pytest

from egov.accounts import oidc, services_oidc
from egov.accounts.models import ExternalIdentity, User
from tests.accounts.factories import make_citizen, make_officer

pytestmark = pytest.mark.django_db

PROVIDER = oidc.Provider(key="vneid", name="VNeID", discovery_url="https://x/", client_id="c")
TRUSTED = oidc.Provider(
    key="vneid", name="VNeID", discovery_url="https://x/", client_id="c", trust_citizen_id=True
)


def test_new_account_does_not_take_an_e_mail_address_another_account_has() -> None:
    other = make_citizen()
    user = services_oidc.sign_in_with_identity(
        provider=PROVIDER,
        claims={
            "sub": "s1",
            "citizen_id": "046090002001",
            "email": other.email.upper(),
            "email_verified": True,
        },
    )
    assert user.citizen_id == "046090002001" and user.email == "" and user.email_verified_at is None


def test_disabled_account_is_refused_and_nothing_is_linked() -> None:
    citizen = make_citizen()
    User.objects.filter(pk=citizen.pk).update(is_active=False)
    with pytest.raises(services_oidc.AccountDisabled):
        services_oidc.sign_in_with_identity(
            provider=TRUSTED, claims={"sub": "s2", "citizen_id": citizen.citizen_id}
        )
    assert not ExternalIdentity.objects.filter(subject="s2").exists()


def test_account_linked_to_another_subject_of_the_provider_is_not_linked_again() -> None:
    citizen = make_citizen()
    services_oidc.sign_in_with_identity(
        provider=TRUSTED, claims={"sub": "s3", "citizen_id": citizen.citizen_id}
    )
    with pytest.raises(services_oidc.CitizenIdAlreadyRegistered) as error:
        services_oidc.sign_in_with_identity(
            provider=TRUSTED, claims={"sub": "s4", "citizen_id": citizen.citizen_id}
        )
    assert "đã liên kết với một định danh khác" in error.value.message_vi
    assert list(ExternalIdentity.objects.filter(user=citizen).values_list("subject", flat=True)) == ["s3"]


def test_the_same_subject_at_another_provider_is_another_person() -> None:
    first = services_oidc.sign_in_with_identity(
        provider=PROVIDER, claims={"sub": "s5", "citizen_id": "046090002002"}
    )
    other_provider = oidc.Provider(key="sso-tinh", name="SSO", discovery_url="https://y/", client_id="c")
    with pytest.raises(services_oidc.CitizenIdAlreadyRegistered):
        services_oidc.sign_in_with_identity(
            provider=other_provider, claims={"sub": "s5", "citizen_id": "046090002002"}
        )
    assert ExternalIdentity.objects.get(provider="vneid", subject="s5").user == first


def test_officer_with_totp_is_returned_without_completing_the_sign_in() -> None:
    officer = make_officer(totp=True)
    User.objects.filter(pk=officer.pk).update(citizen_id="046090002003")
    user = services_oidc.sign_in_with_identity(
        provider=TRUSTED, claims={"sub": "s6", "citizen_id": "046090002003"}
    )
    assert user.pk == officer.pk and user.has_totp and user.last_login is None
