"""Password reset by phone: a code by SMS, then the code and a new password. The pages answer the
same whether or not an account has the number."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from egov.accounts.models import OneTimeCode, User
from egov.accounts.sms import console
from egov.core.models import AuditEntry
from tests.accounts.factories import PASSWORD, make_citizen

pytestmark = pytest.mark.django_db

REQUEST = reverse("accounts:phone_reset")
CONFIRM = reverse("accounts:phone_reset_confirm")
NEW_PASSWORD = "Mat-khau-moi-Hue-2026"


@pytest.fixture(autouse=True)
def _fresh_limits_and_outbox() -> Iterator[None]:
    cache.clear()
    console.outbox.clear()
    yield
    cache.clear()


def texted_code() -> str:
    return re.search(r"(\d{6})", console.outbox[-1].text).group(1)


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def reset_form(code: str, password: str = NEW_PASSWORD) -> dict[str, str]:
    return {"code": code, "password": password, "password_again": password}


def test_code_by_sms_and_new_password_reset_the_password_and_end_a_lockout() -> None:
    citizen = make_citizen(phone="0935111222")
    User.objects.filter(pk=citizen.pk).update(
        failed_sign_ins=5, locked_until=timezone.now() + dt.timedelta(hours=1)
    )
    client = Client()
    response = client.post(REQUEST, {"phone": "+84 935 111 222"})
    assert response.status_code == 302 and response["Location"] == CONFIRM
    [sms] = console.outbox
    assert sms.to == "0935111222" and "dat lai mat khau" in sms.text
    response = client.post(CONFIRM, reset_form(texted_code()))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_complete")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD) and citizen.locked_until is None
    actions = AuditEntry.objects.filter(object_id=str(citizen.pk)).values_list("action", flat=True)
    assert "accounts.password_reset_by_phone" in actions
    signed_in = client.post(reverse("accounts:login"), {"identifier": "0935111222", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def _walk(phone: str) -> list[tuple[int, str, str]]:
    """Request a code for `phone`, then try a wrong code five times; return each page's status,
    location and the text of its main error, with the number masked out."""
    client = Client()
    seen = []
    response = client.post(REQUEST, {"phone": phone})
    seen.append((response.status_code, response["Location"], ""))
    page = client.get(CONFIRM).content.decode()
    seen.append((200, "", re.sub(r"\d{4}\*\*\*\d{3}", "…", re.search(r"<h1.*?</p>", page, re.S).group(0))))
    for _ in range(5):
        response = client.post(CONFIRM, reset_form("000000" if not console.outbox else other(texted_code())))
        errors = response.context["form"].errors.get("code", [""])
        seen.append((response.status_code, "", errors[0]))
    return seen


def test_unknown_number_gets_the_same_pages_and_messages_but_no_sms() -> None:
    make_citizen(phone="0935111222")
    known = _walk("0935111222")
    sent = len(console.outbox)
    unknown = _walk("0935111333")
    assert known == unknown
    assert sent == 1 and len(console.outbox) == 1  # nothing went to the unknown number
    assert "Bạn còn 4 lần thử" in known[2][2] and "quá 5 lần" in known[-1][2]


def test_unknown_number_is_held_to_the_same_cooldown() -> None:
    for phone in ("0935111444", "0935111444"):
        response = Client().post(REQUEST, {"phone": phone})
    assert response.status_code == 429 and re.search(r"chờ \d+ giây", response.content.decode())


def test_weak_new_password_is_refused_beside_it_and_costs_no_try() -> None:
    make_citizen(phone="0935111222")
    client = Client()
    client.post(REQUEST, {"phone": "0935111222"})
    response = client.post(CONFIRM, reset_form(texted_code(), password="1234567890"))
    assert "password" in response.context["form"].errors
    assert OneTimeCode.objects.get().attempts == 0
    assert response.context["form"]["code"].value() == texted_code()  # what was typed stays


def test_expired_code_is_refused() -> None:
    citizen = make_citizen(phone="0935111222")
    client = Client()
    client.post(REQUEST, {"phone": "0935111222"})
    OneTimeCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post(CONFIRM, reset_form(texted_code()))
    assert "đã hết hạn" in response.context["form"].errors["code"][0]
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_code_works_once() -> None:
    citizen = make_citizen(phone="0935111222")
    client = Client()
    client.post(REQUEST, {"phone": "0935111222"})
    code = texted_code()
    pk = OneTimeCode.objects.get().pk
    client.post(CONFIRM, reset_form(code))
    replay = Client()
    session = replay.session
    session["accounts.one_time_code"] = {"reset_password": {"pk": pk, "next": ""}}
    session.save()
    response = replay.post(CONFIRM, reset_form(code, password="Mat-khau-khac-Hue-2027"))
    assert "đã được dùng" in response.context["form"].errors["code"][0]
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)


@override_settings(EGOV_RATE_LIMITS={"one_time_code": (2, 600)})
def test_requests_are_rate_limited_per_client() -> None:
    client = Client()
    for phone in ("0935111001", "0935111002"):
        assert client.post(REQUEST, {"phone": phone}).status_code == 302
    response = client.post(REQUEST, {"phone": "0935111003"})
    assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()


def test_bad_number_is_refused_beside_the_field() -> None:
    response = Client().post(REQUEST, {"phone": "12345"})
    assert "Số điện thoại không hợp lệ" in response.context["form"].errors["phone"][0]
    assert not OneTimeCode.objects.exists()


def test_email_reset_page_links_to_the_phone_reset() -> None:
    html = Client().get(reverse("accounts:password_reset")).content.decode()
    assert REQUEST in html
