"""Who may call the officers' dossier API: a session, or HTTP Basic under the sign-in page's rules."""

from __future__ import annotations

import base64

import pytest
from django.test import override_settings

from egov.accounts.models import User
from tests.accounts.factories import PASSWORD, make_officer
from tests.dossiers.api_setup import api
from tests.dossiers.factories import make_counter, receive

pytestmark = pytest.mark.django_db


def _basic(username: str, password: str):  # type: ignore[no-untyped-def]
    client = api()
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return client


def test_basic_with_the_sign_in_password_reads_the_dossier():
    counter = make_counter()
    dossier = receive(counter)
    response = _basic(counter.officer.username, PASSWORD).get(f"/api/v1/dossiers/{dossier.code}")
    assert response.status_code == 200
    assert response.json()["code"] == dossier.code


def test_session_of_a_signed_in_officer_works():
    counter = make_counter()
    client = api()
    client.force_login(counter.officer)
    assert client.get("/api/v1/dossiers").status_code == 200


def test_wrong_password_is_401_and_counts_towards_the_lockout():
    counter = make_counter()
    response = _basic(counter.officer.username, "sai-mat-khau").get("/api/v1/dossiers")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="egov"'
    assert response.json()["code"] == "http.authentication_failed"
    assert User.objects.get(pk=counter.officer.pk).failed_sign_ins == 1


@override_settings(EGOV_LOCKOUT_ATTEMPTS=2)
def test_locked_account_is_refused_even_with_the_right_password():
    counter = make_counter()
    for _ in range(2):
        _basic(counter.officer.username, "sai-mat-khau").get("/api/v1/dossiers")
    response = _basic(counter.officer.username, PASSWORD).get("/api/v1/dossiers")
    assert response.status_code == 401
    assert response.json()["code"] == "http.account_locked"


def test_account_with_a_second_factor_cannot_use_basic():
    counter = make_counter()
    guarded = make_officer(counter.agency, "receiver", totp=True)
    response = _basic(guarded.username, PASSWORD).get("/api/v1/dossiers")
    assert response.status_code == 401
    assert response.json()["code"] == "http.second_factor_required"


def test_every_officer_endpoint_needs_sign_in():
    dossier = receive(make_counter())
    client = api()
    for method, path in [
        ("get", "/api/v1/dossiers"),
        ("post", "/api/v1/dossiers"),
        ("get", f"/api/v1/dossiers/{dossier.code}"),
        ("post", f"/api/v1/dossiers/{dossier.code}/actions"),
        ("get", f"/api/v1/dossiers/{dossier.code}/timeline"),
        ("get", f"/api/v1/dossiers/{dossier.code}/files"),
        ("post", f"/api/v1/dossiers/{dossier.code}/files"),
        ("get", f"/api/v1/dossiers/{dossier.code}/files/1"),
    ]:
        response = getattr(client, method)(path, {}, format="json") if method == "post" else client.get(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "http.not_authenticated", path
