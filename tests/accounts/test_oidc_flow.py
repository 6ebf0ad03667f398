"""Single sign-on end to end against a real OpenID Connect provider (oidc-provider-mock) running on
a free localhost port: Django's test client plays the browser on our side, `requests` submits the
provider's authorization form (the chosen subject, or "deny"), and the provider's redirect comes
back to our callback with the code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import oidc_provider_mock
import pytest
import requests
from django.test import Client, override_settings
from django.urls import reverse

from egov.accounts import sessions
from egov.accounts.models import ExternalIdentity, User
from egov.core.models import AuditEntry
from tests.accounts.factories import make_citizen, make_officer

pytestmark = pytest.mark.django_db

START = "/tai-khoan/dinh-danh/dang-nhap/"
CALLBACK = "/tai-khoan/dinh-danh/ket-qua/"
CITIZEN_ID = "046090001235"


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    # The provider refuses plain HTTP unless told it is a test; the nonce is required so that a
    # client forgetting it fails here.
    import os

    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    with oidc_provider_mock.run_server_in_thread(require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"
    if previous is None:
        os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)


def oidc_settings(provider_url: str, **overrides: Any) -> dict[str, Any]:
    values = {
        "EGOV_OIDC_ENABLED": True,
        "EGOV_OIDC_PROVIDER": "vneid",
        "EGOV_OIDC_NAME": "VNeID",
        "EGOV_OIDC_DISCOVERY_URL": f"{provider_url}/.well-known/openid-configuration",
        "EGOV_OIDC_CLIENT_ID": "egov-hue",
        "EGOV_OIDC_CLIENT_SECRET": "bi-mat",
        "EGOV_OIDC_SCOPES": "openid profile email phone",
        "EGOV_OIDC_CLAIM_CITIZEN_ID": "citizen_id",
        "EGOV_OIDC_TRUST_CITIZEN_ID": False,
    }
    values.update(overrides)
    return values


@pytest.fixture
def enabled(provider_url: str, settings: Any) -> str:
    for name, value in oidc_settings(provider_url).items():
        setattr(settings, name, value)
    return provider_url


def put_person(provider_url: str, sub: str, claims: dict[str, Any]) -> None:
    response = requests.put(f"{provider_url}/users/{quote(sub, safe='')}", json=claims, timeout=5)
    assert response.status_code == 204


def go_to_provider(client: Client, next_url: str = "") -> str:
    """Press "Đăng nhập bằng VNeID": the address of the provider's authorization page."""
    response = client.get(f"{START}?{urlencode({'next': next_url})}" if next_url else START)
    assert response.status_code == 302
    return response["Location"]


def answer_at_provider(authorize_url: str, form: dict[str, str]) -> str:
    """Submit the provider's authorization form; the path and query it sends the browser back to."""
    response = requests.post(authorize_url, data=form, allow_redirects=False, timeout=5)
    assert response.status_code in (302, 303), response.text[:500]
    back = urlsplit(response.headers["Location"])
    assert back.path == CALLBACK
    return f"{back.path}?{back.query}"


def sign_in_at_provider(client: Client, sub: str, next_url: str = "") -> Any:
    back = answer_at_provider(go_to_provider(client, next_url), {"sub": sub})
    return client.get(back)


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def shown_messages(client: Client, response: Any) -> str:
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_authorization_request_uses_pkce_s256_state_and_nonce(enabled: str) -> None:
    query = parse_qs(urlsplit(go_to_provider(Client())).query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["egov-hue"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email", "phone"}
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK}"]


def test_first_sign_in_creates_a_citizen_account_from_the_claims(enabled: str) -> None:
    put_person(
        enabled,
        "vneid-0001",
        {
            "name": "Trần Văn Bình",
            "citizen_id": CITIZEN_ID,
            "email": "binh@example.vn",
            "email_verified": True,
            "phone_number": "+84912000111",
            "phone_number_verified": False,
        },
    )
    client = Client()
    response = sign_in_at_provider(client, "vneid-0001", next_url="/tai-khoan/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    user = User.objects.get(citizen_id=CITIZEN_ID)
    assert signed_in_user_id(client) == str(user.pk)
    assert (user.full_name, user.username, user.kind) == ("Trần Văn Bình", CITIZEN_ID, User.Kind.CITIZEN)
    assert (user.email, user.phone) == ("binh@example.vn", "0912000111")
    assert user.email_verified_at is not None and user.phone_verified_at is None
    assert not user.has_usable_password()
    link = ExternalIdentity.objects.get(user=user)
    assert (link.provider, link.subject, link.claims["citizen_id"]) == ("vneid", "vneid-0001", CITIZEN_ID)
    assert "nonce" not in link.claims and link.last_sign_in_at is not None
    actions = set(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert {"accounts.oidc_account_created", "accounts.oidc_signed_in", "accounts.signed_in"} <= actions
    assert client.get("/tai-khoan/").status_code == 200


def test_second_sign_in_with_the_same_subject_is_the_same_account(enabled: str) -> None:
    put_person(enabled, "vneid-0002", {"name": "Lê Thị Cúc", "citizen_id": "046190001236"})
    first = Client()
    sign_in_at_provider(first, "vneid-0002")
    # The provider now reports another name and no citizen id: the subject alone decides.
    put_person(enabled, "vneid-0002", {"name": "Lê Thị Cúc Hoa"})
    second = Client()
    response = sign_in_at_provider(second, "vneid-0002")
    assert response.status_code == 302
    assert signed_in_user_id(second) == signed_in_user_id(first) is not None
    assert User.objects.filter(citizen_id="046190001236").count() == 1
    assert ExternalIdentity.objects.get(subject="vneid-0002").claims["name"] == "Lê Thị Cúc Hoa"


def test_existing_account_with_the_citizen_id_is_linked_when_the_provider_is_trusted(
    enabled: str, settings: Any
) -> None:
    settings.EGOV_OIDC_TRUST_CITIZEN_ID = True
    citizen = make_citizen()
    put_person(enabled, "vneid-0003", {"name": "Ai Đó Khác", "citizen_id": citizen.citizen_id})
    client = Client()
    response = sign_in_at_provider(client, "vneid-0003")
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(citizen.pk)
    assert ExternalIdentity.objects.get(subject="vneid-0003").user == citizen
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Thị Hoa" and citizen.has_usable_password()  # profile untouched
    assert AuditEntry.objects.filter(action="accounts.oidc_linked", object_id=str(citizen.pk)).exists()


def test_existing_account_with_the_citizen_id_is_not_linked_when_trust_is_off(enabled: str) -> None:
    citizen = make_citizen()
    put_person(enabled, "vneid-0004", {"name": "Kẻ Giả Danh", "citizen_id": citizen.citizen_id})
    client = Client()
    response = sign_in_at_provider(client, "vneid-0004", next_url="/tai-khoan/")
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=%2Ftai-khoan%2F"
    assert signed_in_user_id(client) is None
    assert not ExternalIdentity.objects.filter(subject="vneid-0004").exists()
    assert "Số định danh cá nhân này đã có tài khoản trên cổng" in shown_messages(client, response)


def test_a_stale_or_forged_state_is_refused(enabled: str) -> None:
    put_person(enabled, "vneid-0005", {"name": "Phạm Văn Dũng", "citizen_id": "046090001237"})
    victim = Client()
    back = answer_at_provider(go_to_provider(victim), {"sub": "vneid-0005"})
    # Someone else's browser (no such state in its session) and a tampered state both fail.
    attacker = Client()
    go_to_provider(attacker)
    for client, url in ((attacker, back), (victim, back.replace("state=", "state=x"))):
        response = client.get(url)
        assert signed_in_user_id(client) is None
        assert "không hợp lệ hoặc đã hết hạn" in shown_messages(client, response)
    assert not User.objects.filter(citizen_id="046090001237").exists()


def test_the_providers_answer_works_only_once(enabled: str) -> None:
    put_person(enabled, "vneid-0006", {"name": "Võ Thị Én", "citizen_id": "046190001238"})
    client = Client()
    back = answer_at_provider(go_to_provider(client), {"sub": "vneid-0006"})
    assert client.get(back).status_code == 302 and signed_in_user_id(client) is not None
    again = Client()
    response = again.get(back)
    assert signed_in_user_id(again) is None and response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_person_who_declines_at_the_provider_gets_a_message(enabled: str) -> None:
    client = Client()
    back = answer_at_provider(go_to_provider(client), {"action": "deny"})
    assert "error=access_denied" in back
    response = client.get(back)
    assert signed_in_user_id(client) is None
    assert "Bạn đã không đồng ý đăng nhập bằng VNeID" in shown_messages(client, response)


def test_unreachable_provider_gives_a_message_not_an_error_page(provider_url: str, settings: Any) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for name, value in oidc_settings(f"http://127.0.0.1:{port}").items():
        setattr(settings, name, value)
    client = Client()
    response = client.get(f"{START}?next=/tai-khoan/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=%2Ftai-khoan%2F"
    assert "Không kết nối được với VNeID" in shown_messages(client, response)


def test_provider_going_down_between_redirect_and_callback_gives_a_message(
    provider_url: str, settings: Any
) -> None:
    client = Client()
    with oidc_provider_mock.run_server_in_thread() as failing:
        url = f"http://localhost:{failing.server_port}"
        for name, value in oidc_settings(url).items():
            setattr(settings, name, value)
        put_person(url, "vneid-0007", {"name": "Đỗ Văn Giang", "citizen_id": "046090001239"})
        back = answer_at_provider(go_to_provider(client), {"sub": "vneid-0007"})
    # The provider stopped before its token endpoint could be asked for the tokens.
    response = client.get(back)
    assert signed_in_user_id(client) is None
    assert "Không kết nối được với VNeID" in shown_messages(client, response)
    assert not User.objects.filter(citizen_id="046090001239").exists()


def test_missing_citizen_id_claim_gives_a_message(enabled: str) -> None:
    put_person(enabled, "vneid-0008", {"name": "Không Có Số"})
    client = Client()
    response = sign_in_at_provider(client, "vneid-0008")
    assert signed_in_user_id(client) is None
    assert "không gửi số định danh cá nhân" in shown_messages(client, response)
    assert not ExternalIdentity.objects.filter(subject="vneid-0008").exists()


def test_officer_with_totp_goes_through_the_code_step(enabled: str, settings: Any) -> None:
    settings.EGOV_OIDC_TRUST_CITIZEN_ID = True
    officer = make_officer(totp=True)
    User.objects.filter(pk=officer.pk).update(citizen_id="046090001240")
    put_person(enabled, "vneid-0009", {"name": "Cán Bộ", "citizen_id": "046090001240"})
    client = Client()
    response = sign_in_at_provider(client, "vneid-0009", next_url="/tai-khoan/")
    assert response["Location"] == reverse("accounts:verify")
    assert signed_in_user_id(client) is None
    pending = client.session[sessions.PENDING_SIGN_IN]
    assert pending["user_id"] == officer.pk and pending["next"] == "/tai-khoan/"
    assert not AuditEntry.objects.filter(action="accounts.signed_in", object_id=str(officer.pk)).exists()


def test_next_pointing_elsewhere_is_dropped(enabled: str) -> None:
    put_person(enabled, "vneid-0010", {"name": "Hồ Thị Kim", "citizen_id": "046190001241"})
    client = Client()
    response = sign_in_at_provider(client, "vneid-0010", next_url="https://ke-gian.example/")
    assert response["Location"] == reverse("web:home")
    assert signed_in_user_id(client) is not None


def test_button_shows_only_when_enabled(provider_url: str) -> None:
    with override_settings(EGOV_OIDC_ENABLED=False):
        page = Client().get("/tai-khoan/dang-nhap/").content.decode()
        assert "Đăng nhập bằng VNeID" not in page
        assert Client().get(START).status_code == 404
    with override_settings(**oidc_settings(provider_url)):
        page = Client().get("/tai-khoan/dang-nhap/?next=/tai-khoan/").content.decode()
        assert f'href="{START}?next=%2Ftai-khoan%2F"' in page and "Đăng nhập bằng VNeID" in page


def test_id_token_not_signed_by_the_providers_published_key_is_refused(enabled: str) -> None:
    from joserfc.jwk import RSAKey

    from egov.accounts import views_oidc

    put_person(enabled, "vneid-0011", {"name": "Giả Mạo", "citizen_id": "046090001242"})
    client = Client()
    back = answer_at_provider(go_to_provider(client), {"sub": "vneid-0011"})
    # Our client now holds another key under the provider's key id, as if the keys had been swapped.
    authlib_client = views_oidc._client(views_oidc.provider())
    published = authlib_client.fetch_jwk_set(force=True)["keys"][0]
    impostor = RSAKey.generate_key(2048, parameters={"kid": published["kid"]}, private=True)
    authlib_client.server_metadata["jwks"] = {"keys": [impostor.as_dict(private=False)]}
    try:
        response = client.get(back)
    finally:
        authlib_client.server_metadata.pop("jwks", None)
    assert signed_in_user_id(client) is None
    assert "Không kiểm chứng được thông tin đăng nhập" in shown_messages(client, response)
    assert not User.objects.filter(citizen_id="046090001242").exists()


def test_people_of_the_dev_provider_can_sign_in(enabled: str) -> None:
    from egov.accounts.management.commands.oidc_dev_provider import DEMO_PEOPLE

    for sub, claims in DEMO_PEOPLE:
        put_person(enabled, sub, claims)
        client = Client()
        assert sign_in_at_provider(client, sub).status_code == 302
        user = User.objects.get(pk=signed_in_user_id(client))
        assert (user.citizen_id, user.full_name) == (claims["citizen_id"], claims["name"])


@pytest.mark.parametrize(("secret", "method"), [("", ""), ("bi-mat", "client_secret_post")])
def test_public_client_and_secret_in_the_body_work_too(
    enabled: str, settings: Any, secret: str, method: str
) -> None:
    settings.EGOV_OIDC_CLIENT_SECRET, settings.EGOV_OIDC_TOKEN_AUTH_METHOD = secret, method
    sub = f"vneid-auth-{method or 'none'}"
    put_person(enabled, sub, {"name": "Mai Văn Lộc", "citizen_id": f"04609000{1243 + len(method)}"})
    client = Client()
    assert sign_in_at_provider(client, sub).status_code == 302
    assert ExternalIdentity.objects.get(subject=sub).user_id == int(signed_in_user_id(client) or 0)
