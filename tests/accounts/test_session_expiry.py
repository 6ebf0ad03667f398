"""Sessions expire: idle past SESSION_COOKIE_AGE (renewed by activity), and at most
EGOV_SESSION_MAX_HOURS after signing in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egov.accounts import session_expiry
from tests.accounts.factories import make_citizen

pytestmark = pytest.mark.django_db


def test_the_idle_window_is_the_cookie_age_and_activity_renews_it(client, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(make_citizen())
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 200
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 1800  # re-sent with a fresh age: activity keeps the session


def test_activity_renews_the_cookie_at_most_once_a_minute(client):
    client.force_login(make_citizen())
    client.get(reverse("accounts:account"))
    again = client.get(reverse("accounts:account"))
    assert "sessionid" not in again.cookies  # no session write for a request seconds later


def test_a_session_older_than_the_maximum_is_signed_out_with_a_message(client, settings, monkeypatch):
    settings.EGOV_SESSION_MAX_HOURS = 1
    client.force_login(make_citizen())
    assert client.get(reverse("accounts:account")).status_code == 200
    real = session_expiry.time.time
    monkeypatch.setattr(session_expiry.time, "time", lambda: real() + 3601)
    response = client.get(reverse("accounts:account"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
