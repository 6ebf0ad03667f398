"""Sign-in, second factor, admin protection, password reset, registration and the account page,
through the test client."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from egov.accounts import rules, sessions
from egov.accounts.models import User
from egov.organizations.models import Role
from tests.accounts.factories import PASSWORD, SECRET, make_agency, make_citizen, make_officer

pytestmark = pytest.mark.django_db

LOGIN = "/tai-khoan/dang-nhap/"


def sign_in(client: Client, identifier: str, password: str = PASSWORD, next_url: str = "") -> object:
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(url, {"identifier": identifier, "password": password})


def current_code(secret: str = SECRET) -> str:
    return rules.totp_code(secret, at=timezone.now())


def test_citizen_signs_in_with_citizen_id_and_goes_to_next_page() -> None:
    citizen = make_citizen()
    client = Client()
    response = sign_in(client, citizen.citizen_id, next_url="/tai-khoan/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    page = client.get("/tai-khoan/")
    assert page.status_code == 200 and citizen.full_name in page.content.decode()


def test_wrong_password_shows_vietnamese_message_and_no_session() -> None:
    officer = make_officer()
    client = Client()
    response = sign_in(client, officer.username, "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(EGOV_LOCKOUT_ATTEMPTS=3, EGOV_LOCKOUT_MINUTES=15)
@pytest.mark.parametrize("known", [True, False])
def test_lockout_message_is_the_same_for_real_and_unknown_names(known: bool) -> None:
    name = make_officer().username if known else "ai.do.khong.co"
    client = Client()
    for _ in range(2):
        assert "không đúng" in sign_in(client, name, "sai-mat-khau").content.decode()
    locked = sign_in(client, name, "sai-mat-khau").content.decode()
    assert "tạm khóa đến" in locked and re.search(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}", locked)
    # Even the right password is refused while locked, with the same message.
    again = sign_in(client, name, PASSWORD).content.decode()
    assert "tạm khóa đến" in again and "_auth_user_id" not in client.session


def test_officer_with_totp_must_enter_code_before_being_signed_in() -> None:
    officer = make_officer(totp=True)
    client = Client()
    response = sign_in(client, officer.username, next_url="/tai-khoan/")
    assert response["Location"] == reverse("accounts:verify")
    assert "_auth_user_id" not in client.session
    assert client.get("/tai-khoan/").status_code == 302  # not signed in yet
    wrong = client.post(reverse("accounts:verify"), {"code": "12345"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    done = client.post(reverse("accounts:verify"), {"code": current_code()})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/"
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert client.get("/tai-khoan/").status_code == 200


def test_verify_step_without_password_step_goes_back_to_sign_in() -> None:
    response = Client().get(reverse("accounts:verify"))
    assert response.status_code == 302 and response["Location"] == LOGIN


def test_session_with_totp_user_but_no_second_factor_is_signed_out() -> None:
    officer = make_officer(totp=True)
    client = Client()
    client.force_login(officer)
    response = client.get("/tai-khoan/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


@override_settings(EGOV_REQUIRE_ADMIN_TOTP=True)
def test_administrator_without_totp_is_sent_to_enrollment_then_reaches_admin() -> None:
    admin = make_officer(make_agency(), Role.ADMINISTRATOR)
    User.objects.filter(pk=admin.pk).update(is_staff=True)
    client = Client()
    assert sign_in(client, admin.username, next_url="/quan-tri/").status_code == 302
    blocked = client.get("/tai-khoan/")
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("accounts:totp_setup"))
    assert client.get("/quan-tri/")["Location"].startswith(reverse("accounts:totp_setup"))
    page = client.get(reverse("accounts:totp_setup") + "?next=/quan-tri/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    admin.refresh_from_db()
    secret = admin.totp_secret
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    bad = client.post(reverse("accounts:totp_setup") + "?next=/quan-tri/", {"code": "000000"})
    assert bad.status_code == 200 or current_code(secret) == "000000"
    ok = client.post(reverse("accounts:totp_setup") + "?next=/quan-tri/", {"code": current_code(secret)})
    assert ok.status_code == 302 and ok["Location"] == "/quan-tri/"
    assert client.get("/quan-tri/").status_code == 200


@override_settings(EGOV_REQUIRE_ADMIN_TOTP=True)
def test_staff_cannot_reach_admin_with_password_only() -> None:
    staff = make_officer()
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    client = Client()
    sign_in(client, staff.username)
    assert client.get("/tai-khoan/").status_code == 200  # not an administrator: portal pages are fine
    response = client.get("/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:totp_setup"))


@override_settings(EGOV_REQUIRE_ADMIN_TOTP=False)
def test_demo_setting_lets_administrator_in_with_password_only() -> None:
    admin = User.objects.create_superuser("qt", "qt@hue.gov.vn", PASSWORD, full_name="Quản Trị Viên")
    client = Client()
    sign_in(client, admin.username)
    assert client.get("/quan-tri/").status_code == 200


def test_admin_login_page_is_the_portal_sign_in() -> None:
    response = Client().get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fquan-tri%2F"


def test_signed_in_user_with_second_factor_reaches_admin() -> None:
    admin = User.objects.create_superuser("qt2", "qt2@hue.gov.vn", PASSWORD, full_name="Quản Trị Viên")
    User.objects.filter(pk=admin.pk).update(totp_secret=SECRET, totp_confirmed_at=timezone.now())
    client = Client()
    sign_in(client, "qt2")
    client.post(reverse("accounts:verify"), {"code": current_code()})
    assert client.session.get(sessions.SECOND_FACTOR_DONE) is True
    assert client.get("/quan-tri/").status_code == 200


def test_password_reset_mail_is_vietnamese_and_its_link_sets_a_new_password() -> None:
    citizen = make_citizen(email="hoa@example.vn")
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": "HOA@example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hoa@example.vn"] and "Đặt lại mật khẩu" in message.subject
    assert "Kính gửi Nguyễn Thị Hoa" in message.body
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-Hue-2026", "new_password2": "Mat-khau-moi-Hue-2026"},
    )
    assert done.status_code == 302 and done["Location"] == reverse("accounts:password_reset_complete")
    citizen.refresh_from_db()
    assert citizen.check_password("Mat-khau-moi-Hue-2026")
    assert client.get(link, follow=True).context["validlink"] is False  # the link works once


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing() -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "khong-ai@example.vn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_registration_with_bad_input_shows_messages_beside_fields_and_saves_nothing() -> None:
    response = Client().post(
        reverse("accounts:register"),
        {
            "full_name": "Nguyễn 123",
            "citizen_id": "12345",
            "phone": "0123",
            "email": "khong-phai-thu",
            "password": PASSWORD,
            "password_again": "khac-han",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"full_name", "citizen_id", "phone", "email", "password_again"}
    assert "12 chữ số" in form.errors["citizen_id"][0]
    assert "Hai lần nhập mật khẩu không giống nhau." in response.content.decode()
    assert not User.objects.exists()


def test_registration_with_good_input_sends_a_code_and_the_code_creates_the_citizen() -> None:
    client = Client()
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Phan Thị Thu",
            "citizen_id": "046195001122",
            "phone": "0935 111 222",
            "email": "thu@example.vn",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:register_verify")
    assert not User.objects.exists()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post(reverse("accounts:register_verify"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    user = User.objects.get()
    assert (user.username, user.phone, user.kind) == ("046195001122", "0935111222", User.Kind.CITIZEN)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_registration_with_taken_citizen_id_shows_message_beside_it() -> None:
    existing = make_citizen()
    response = Client().post(
        reverse("accounts:register"),
        {
            "full_name": "Phan Thị Thu",
            "citizen_id": existing.citizen_id,
            "phone": "0935111222",
            "email": "thu2@example.vn",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert "đã có tài khoản" in response.context["form"].errors["citizen_id"][0]
    assert User.objects.count() == 1


def test_account_page_lists_roles_and_second_factor_status() -> None:
    agency = make_agency(name="Sở Xây dựng thử")
    officer = make_officer(agency, Role.SPECIALIST)
    client = Client()
    client.force_login(officer)
    html = client.get(reverse("accounts:account")).content.decode()
    assert "Sở Xây dựng thử" in html and "Chuyên viên xử lý" in html and "Chưa bật" in html


def test_sign_out_needs_post_and_ends_the_session() -> None:
    citizen = make_citizen()
    client = Client()
    client.force_login(citizen)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert "_auth_user_id" in client.session
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_officer_created_without_password_sets_first_one_through_reset_link() -> None:
    officer = make_officer(password=None, email="moi@hue.gov.vn")
    assert not officer.has_usable_password()
    Client().post(reverse("accounts:password_reset"), {"email": "moi@hue.gov.vn"})
    assert len(mail.outbox) == 1 and officer.username in mail.outbox[0].body


def test_admin_action_resets_a_lost_second_factor() -> None:
    admin = User.objects.create_superuser("qt3", "qt3@hue.gov.vn", PASSWORD, full_name="Quản Trị Viên")
    User.objects.filter(pk=admin.pk).update(totp_secret=SECRET, totp_confirmed_at=timezone.now())
    officer = make_officer(make_agency(), Role.SPECIALIST, totp=True)
    client = Client()
    sign_in(client, "qt3")
    client.post(reverse("accounts:verify"), {"code": current_code()})
    response = client.post(
        "/quan-tri/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [officer.pk]},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.has_totp


def test_admin_user_pages_render_with_vietnamese_labels() -> None:
    admin = User.objects.create_superuser("qt4", "qt4@hue.gov.vn", PASSWORD, full_name="Quản Trị Viên")
    User.objects.filter(pk=admin.pk).update(totp_secret=SECRET, totp_confirmed_at=timezone.now())
    client = Client()
    sign_in(client, "qt4")
    client.post(reverse("accounts:verify"), {"code": current_code()})
    assert "xác thực hai lớp" in client.get("/quan-tri/accounts/user/").content.decode().lower()
    add = client.get("/quan-tri/accounts/user/add/").content.decode()
    assert "họ và tên" in add.lower()
    change = client.get(f"/quan-tri/accounts/user/{admin.pk}/change/").content.decode()
    assert "Bảo vệ đăng nhập" in change
