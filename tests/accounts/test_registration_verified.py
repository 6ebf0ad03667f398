"""Registration verified by a one-time code, through the test client: nothing exists before the
right code; wrong, expired, spent and reused codes; resend cooldown; rate limits; sign-in by
phone and the per-client sign-in limit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from egov.accounts import services_verification
from egov.accounts.models import OneTimeCode, User
from egov.accounts.sms import console
from egov.core.models import AuditEntry
from tests.accounts.factories import PASSWORD, make_citizen

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")
VERIFY = reverse("accounts:register_verify")


@pytest.fixture(autouse=True)
def _fresh_limits_and_outboxes() -> Iterator[None]:
    cache.clear()
    console.outbox.clear()
    yield
    cache.clear()


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "full_name": "Phan Thị Thu",
        "citizen_id": "046195001122",
        "email": "thu@example.vn",
        "phone": "",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(changes)
    return data


def mailed_code() -> str:
    return re.search(r"Mã xác thực của bạn là: (\d{6})", mail.outbox[-1].body).group(1)


def texted_code() -> str:
    return re.search(r"(\d{6})", console.outbox[-1].text).group(1)


def other(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def start(client: Client, **changes: str) -> Any:
    response = client.post(REGISTER, form_data(**changes))
    assert response.status_code == 302 and response["Location"] == VERIFY, response.content.decode()[:2000]
    return response


def pending_row() -> OneTimeCode:
    return OneTimeCode.objects.filter(purpose=OneTimeCode.Purpose.REGISTER).latest("created_at")


def test_nothing_is_created_before_the_code_and_the_password_is_kept_only_hashed() -> None:
    start(Client())
    assert not User.objects.exists()
    row = pending_row()
    assert row.payload["citizen_id"] == "046195001122"
    assert PASSWORD not in str(row.payload) and row.payload["password_hash"].startswith("argon2")
    message = mail.outbox[-1]
    assert message.to == ["thu@example.vn"] and "Mã xác thực" in message.subject
    assert "Kính gửi Phan Thị Thu" in message.body and "10 phút" in message.body
    assert mailed_code() not in row.code_hash


def test_right_code_creates_the_citizen_with_verified_email_signs_in_and_follows_next() -> None:
    client = Client()
    response = client.post(f"{REGISTER}?next=/tai-khoan/", form_data())
    assert response["Location"] == VERIFY
    page = client.get(VERIFY).content.decode()
    assert "Nhập mã xác thực" in page and "t***@example.vn" in page
    response = client.post(VERIFY, {"code": mailed_code()})
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    user = User.objects.get()
    assert user.email_verified_at is not None and user.phone_verified_at is None
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    actions = AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    assert "accounts.citizen_registered" in actions
    assert pending_row().used_at is not None and pending_row().payload == {}


def test_registration_by_phone_only_sends_an_sms_and_verifies_the_phone() -> None:
    client = Client()
    start(client, email="", phone="0935 111 222")
    assert mail.outbox == []
    [sms] = console.outbox
    assert sms.to == "0935111222" and "10 phut" in sms.text
    response = client.post(VERIFY, {"code": texted_code()})
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get()
    assert (user.phone, user.email) == ("0935111222", "")
    assert user.phone_verified_at is not None and user.email_verified_at is None


def test_with_both_contacts_the_chosen_channel_gets_the_code() -> None:
    start(Client(), phone="0935111222", channel="sms")
    assert mail.outbox == [] and len(console.outbox) == 1


def test_without_email_or_phone_the_form_says_so_and_keeps_the_inputs() -> None:
    response = Client().post(REGISTER, form_data(email="", phone=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ít nhất một" in html
    assert 'value="Phan Thị Thu"' in html and 'value="046195001122"' in html
    assert not OneTimeCode.objects.exists()


def test_sms_chosen_without_a_mobile_number_is_refused_beside_the_phone() -> None:
    response = Client().post(REGISTER, form_data(channel="sms"))
    assert "di động" in response.context["form"].errors["phone"][0]
    assert not OneTimeCode.objects.exists()


def test_wrong_code_says_how_many_tries_are_left_and_keeps_what_was_typed() -> None:
    client = Client()
    start(client)
    wrong = other(mailed_code())
    response = client.post(VERIFY, {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mã xác thực không đúng. Bạn còn 4 lần thử." in html
    assert f'value="{wrong}"' in html
    assert not User.objects.exists()
    assert pending_row().attempts == 1


def test_fifth_wrong_code_ends_the_registration_even_for_the_right_code() -> None:
    client = Client()
    start(client)
    right = mailed_code()
    for _ in range(4):
        client.post(VERIFY, {"code": other(right)})
    html = client.post(VERIFY, {"code": other(right)}).content.decode()
    assert "quá 5 lần" in html and "Đăng ký lại" in html
    assert pending_row().payload == {}  # the pending data and password hash are dropped
    response = client.post(VERIFY, {"code": right})
    assert "quá 5 lần" in response.content.decode()
    assert not User.objects.exists()
    # Starting again keeps what was typed (but not the password).
    page = client.get(REGISTER).content.decode()
    assert 'value="046195001122"' in page and PASSWORD not in page


def test_expired_code_is_refused_and_a_resent_code_works() -> None:
    client = Client()
    start(client)
    right = mailed_code()
    OneTimeCode.objects.update(
        created_at=pending_row().created_at - dt.timedelta(minutes=11),
        expires_at=pending_row().created_at - dt.timedelta(minutes=1),
    )
    html = client.post(VERIFY, {"code": right}).content.decode()
    assert "đã hết hạn" in html and not User.objects.exists()
    assert client.post(VERIFY, {"action": "resend"}).status_code == 200
    assert len(mail.outbox) == 2
    response = client.post(VERIFY, {"code": mailed_code()})
    assert response.status_code == 302 and User.objects.count() == 1


def test_resend_within_a_minute_is_refused_with_429_then_allowed() -> None:
    client = Client()
    start(client)
    first = mailed_code()
    response = client.post(VERIFY, {"action": "resend"})
    assert response.status_code == 429
    assert re.search(r"Vui lòng chờ \d+ giây", response.content.decode())
    assert len(mail.outbox) == 1
    OneTimeCode.objects.update(created_at=pending_row().created_at - dt.timedelta(seconds=61))
    response = client.post(VERIFY, {"action": "resend"})
    assert response.status_code == 200 and len(mail.outbox) == 2
    second = mailed_code()
    # The first code no longer works once a new one is sent (unless the draw repeated it).
    if first != second:
        assert "Mã xác thực không đúng" in client.post(VERIFY, {"code": first}).content.decode()
        with pytest.raises(services_verification.CodeExpired):  # its own row ended with the resend
            services_verification.confirm_registration(
                pk=OneTimeCode.objects.order_by("created_at").first().pk, code=first
            )
    assert client.post(VERIFY, {"code": second}).status_code == 302
    assert User.objects.count() == 1


def test_a_used_code_cannot_be_used_again() -> None:
    client = Client()
    start(client)
    code = mailed_code()
    pk = pending_row().pk
    client.post(VERIFY, {"code": code})
    with pytest.raises(services_verification.CodeUsed):
        services_verification.confirm_registration(pk=pk, code=code)
    # A second browser pointed at the same pending row gets the same answer.
    other_client = Client()
    session = other_client.session
    session["accounts.one_time_code"] = {"register": {"pk": pk, "next": ""}}
    session.save()
    html = other_client.post(VERIFY, {"code": code}).content.decode()
    assert "đã được dùng" in html
    assert User.objects.count() == 1


def test_taken_citizen_id_email_or_phone_is_named_without_leaking_the_account() -> None:
    existing = make_citizen(full_name="Người Đã Có", email="da-co@example.vn", phone="0935999888")
    for field, value, words in [
        ("citizen_id", existing.citizen_id, "Số định danh cá nhân này đã có tài khoản."),
        ("email", "DA-CO@example.vn", "Địa chỉ thư điện tử này đã được dùng cho tài khoản khác."),
        ("phone", "0935 999 888", "Số điện thoại này đã được dùng cho tài khoản khác."),
    ]:
        response = Client().post(REGISTER, form_data(**{field: value}))
        html = response.content.decode()
        assert words in response.context["form"].errors[field][0]
        assert "Người Đã Có" not in html
        assert 'value="Phan Thị Thu"' in html
    assert not OneTimeCode.objects.exists() and User.objects.count() == 1


def test_someone_registering_the_same_id_meanwhile_is_reported_at_the_code_step() -> None:
    client = Client()
    start(client)
    make_citizen(citizen_id="046195001122")
    response = client.post(VERIFY, {"code": mailed_code()}, follow=True)
    assert "Số định danh cá nhân này đã có tài khoản." in response.content.decode()
    assert User.objects.count() == 1


def test_verify_page_without_a_pending_registration_goes_back_to_the_form() -> None:
    response = Client().get(VERIFY)
    assert response.status_code == 302 and response["Location"] == REGISTER


@override_settings(EGOV_RATE_LIMITS={"one_time_code": (2, 600)})
def test_codes_are_rate_limited_per_client_with_429() -> None:
    client = Client()
    for n in range(2):
        start(client, citizen_id=f"04619500112{n}", email=f"thu{n}@example.vn")
    response = client.post(REGISTER, form_data(citizen_id="046195001129", email="thu9@example.vn"))
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert 'value="thu9@example.vn"' in response.content.decode()
    assert OneTimeCode.objects.count() == 2


@override_settings(EGOV_RATE_LIMITS={"one_time_code": (2, 600)})
def test_codes_are_rate_limited_per_destination_whatever_the_client() -> None:
    for n in range(2):
        client = Client(REMOTE_ADDR=f"10.0.0.{n + 1}")
        start(client)
        OneTimeCode.objects.update(created_at=pending_row().created_at - dt.timedelta(minutes=2))
    response = Client(REMOTE_ADDR="10.0.0.9").post(REGISTER, form_data())
    assert response.status_code == 429
    assert len(mail.outbox) == 2


# --- Sign-in ------------------------------------------------------------------------------------


def test_citizen_signs_in_with_phone_number() -> None:
    citizen = make_citizen(phone="0935111222")
    client = Client()
    response = client.post(reverse("accounts:login"), {"identifier": "+84 935 111 222", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(citizen.pk)


@override_settings(EGOV_RATE_LIMITS={"sign_in": (3, 300)})
def test_sign_in_is_rate_limited_per_client_with_a_vietnamese_429() -> None:
    citizen = make_citizen()
    client = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(3):
        client.post(reverse("accounts:login"), {"identifier": f"khong-co-{n}", "password": "sai-mat-khau"})
    response = client.post(
        reverse("accounts:login"), {"identifier": citizen.citizen_id, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Bạn đã thao tác quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another client is not affected.
    other_client = Client(REMOTE_ADDR="10.1.1.2")
    response = other_client.post(
        reverse("accounts:login"), {"identifier": citizen.citizen_id, "password": PASSWORD}
    )
    assert response.status_code == 302


@override_settings(EGOV_SMS_BACKEND="http", EGOV_SMS_URL="")
def test_sms_that_cannot_be_sent_is_reported_and_leaves_no_code_behind() -> None:
    client = Client()
    response = client.post(REGISTER, form_data(email="", phone="0935111222"))
    assert response.status_code == 200
    assert "Chưa cấu hình địa chỉ cổng gửi SMS" in response.content.decode()
    assert not OneTimeCode.objects.exists()  # so no cooldown blocks the next try
    with override_settings(EGOV_SMS_BACKEND="console"):
        start(client, email="", phone="0935111222")


def test_codes_expired_for_a_day_are_purged() -> None:
    start(Client())
    start(Client(), citizen_id="046195001123", email="khac@example.vn")
    OneTimeCode.objects.filter(destination="thu@example.vn").update(
        expires_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    assert services_verification.purge_spent_codes() == 1
    assert list(OneTimeCode.objects.values_list("destination", flat=True)) == ["khac@example.vn"]
