"""Account use cases: registration, officers, lockout counting, TOTP, password reset."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from egov.accounts import rules, selectors, services
from egov.accounts.models import SignInThrottle, User
from egov.core.errors import PermissionDenied, ValidationFailed
from egov.core.models import AuditEntry
from egov.organizations.models import Role
from tests.accounts.factories import PASSWORD, SECRET, make_agency, make_citizen, make_officer

pytestmark = pytest.mark.django_db


def actions_for(user: User) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_citizen_registration_normalizes_identity_and_uses_citizen_id_as_user_name() -> None:
    user = services.register_citizen(
        full_name="  Trần   Văn Bình ",
        citizen_id="046 095 012 345",
        phone="+84 912 345 678",
        email="Binh@Example.VN",
        password=PASSWORD,
    )
    user.refresh_from_db()
    assert (user.username, user.citizen_id) == ("046095012345", "046095012345")
    assert (user.full_name, user.phone, user.email) == ("Trần Văn Bình", "0912345678", "Binh@example.vn")
    assert user.kind == User.Kind.CITIZEN and user.check_password(PASSWORD)
    assert actions_for(user) == ["accounts.citizen_registered"]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("citizen_id", "12345", "identity.citizen_id_invalid"),
        ("phone", "12345", "identity.phone_invalid"),
        ("email", "khong-phai-thu", "identity.email_invalid"),
        ("full_name", "Bình 2", "identity.full_name_invalid"),
        ("password", "1234567890", "identity.password_weak"),
    ],
)
def test_citizen_registration_with_bad_field_saves_nothing(field: str, value: str, code: str) -> None:
    data = {
        "full_name": "Trần Văn Bình",
        "citizen_id": "046095012345",
        "phone": "0912345678",
        "email": "binh@example.vn",
        "password": PASSWORD,
    }
    data[field] = value
    with pytest.raises(ValidationFailed) as caught:
        services.register_citizen(**data)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert not User.objects.exists()


def test_second_registration_with_same_citizen_id_or_email_is_refused() -> None:
    first = make_citizen()
    with pytest.raises(services.IdentityTaken) as caught:
        make_citizen(citizen_id=first.citizen_id)
    assert caught.value.field == "citizen_id"
    with pytest.raises(services.IdentityTaken) as caught:
        make_citizen(email=first.email.upper())
    assert caught.value.field == "email"
    assert User.objects.count() == 1


def test_officer_created_by_leader_of_parent_agency_gets_role_below_it() -> None:
    top = make_agency()
    division = make_agency(top)
    leader = make_officer(top, Role.LEADER)
    officer = services.create_officer(
        actor=leader,
        username="chuyenvien.a",
        full_name="Lê Thị Hạnh",
        email="hanh@hue.gov.vn",
        password=None,
        agency=division,
        role=Role.SPECIALIST,
    )
    assert officer.kind == User.Kind.OFFICER and not officer.has_usable_password()
    assert list(officer.memberships.values_list("agency_id", "role")) == [(division.pk, Role.SPECIALIST)]
    assert "accounts.officer_created" in actions_for(officer)


def test_officer_creation_outside_own_subtree_is_refused_and_leaves_nothing() -> None:
    top = make_agency()
    left, right = make_agency(top), make_agency(top)
    leader = make_officer(left, Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.create_officer(
            actor=leader,
            username="nguoi.ngoai",
            full_name="Lê Văn Tâm",
            email="",
            password=None,
            agency=right,
            role=Role.SPECIALIST,
        )
    assert not User.objects.filter(username="nguoi.ngoai").exists()


@override_settings(EGOV_LOCKOUT_ATTEMPTS=3, EGOV_LOCKOUT_MINUTES=10)
def test_third_failure_locks_account_and_success_later_resets_counter() -> None:
    user = make_officer()
    now = timezone.now()
    assert services.record_failed_sign_in(identifier=user.username, at=now) is None
    assert services.record_failed_sign_in(identifier=user.email.upper(), at=now) is None
    until = services.record_failed_sign_in(identifier=user.username, at=now)
    assert until == now + dt.timedelta(minutes=10)
    user.refresh_from_db()
    assert (user.failed_sign_ins, user.locked_until) == (3, until)
    assert actions_for(user).count("accounts.sign_in_failed") == 3
    assert "accounts.locked" in actions_for(user)
    services.record_successful_sign_in(user=user)
    user.refresh_from_db()
    assert (user.failed_sign_ins, user.locked_until) == (0, None)


@override_settings(EGOV_LOCKOUT_ATTEMPTS=2, EGOV_LOCKOUT_MINUTES=15)
def test_unknown_name_is_locked_like_a_real_one_without_storing_the_name() -> None:
    now = timezone.now()
    services.record_failed_sign_in(identifier="khong.ton.tai", at=now)
    until = services.record_failed_sign_in(identifier="KHONG.TON.TAI", at=now)
    assert until == now + dt.timedelta(minutes=15)
    assert selectors.locked_until("khong.ton.tai", at=now) == until
    assert not SignInThrottle.objects.filter(key__icontains="khong").exists()
    assert SignInThrottle.objects.count() == 1


def test_totp_enrollment_needs_a_correct_code_and_then_refuses_reuse() -> None:
    user = make_officer()
    secret = services.enroll_totp(user=user)
    now = timezone.now()
    with pytest.raises(services.InvalidTotpCode):
        services.confirm_totp(
            user=user, code="000000" if rules.totp_code(secret, at=now) != "000000" else "111111"
        )
    user.refresh_from_db()
    assert not user.has_totp
    code = rules.totp_code(secret, at=now)
    services.confirm_totp(user=user, code=code, at=now)
    user.refresh_from_db()
    assert user.has_totp and user.totp_last_step == rules.totp_step(now)
    with pytest.raises(services.InvalidTotpCode):
        services.verify_totp(user=user, code=code, at=now)  # same code again: replay
    assert [a for a in actions_for(user) if a.startswith("accounts.totp")] == [
        "accounts.totp_enrollment_started",
        "accounts.totp_enabled",
    ]


def test_enrolling_again_once_enabled_is_refused() -> None:
    user = make_officer(totp=True)
    with pytest.raises(services.TotpAlreadyEnabled):
        services.enroll_totp(user=user)


def test_verify_accepts_previous_step_and_completes_sign_in() -> None:
    user = make_officer(totp=True)
    now = timezone.now()
    previous = rules.totp_code(SECRET, at=now - dt.timedelta(seconds=30))
    services.record_failed_sign_in(identifier=user.username, at=now)
    services.verify_totp(user=user, code=previous, at=now)
    user.refresh_from_db()
    assert user.failed_sign_ins == 0
    assert actions_for(user)[-1] == "accounts.signed_in"


@override_settings(EGOV_LOCKOUT_ATTEMPTS=2)
def test_wrong_codes_count_as_failed_sign_ins_and_lock() -> None:
    user = make_officer(totp=True)
    now = timezone.now()
    wrong = "123456" if rules.totp_code(SECRET, at=now) != "123456" else "654321"
    with pytest.raises(services.InvalidTotpCode):
        services.verify_totp(user=user, code=wrong, at=now)
    with pytest.raises(services.AccountLocked) as caught:
        services.verify_totp(user=user, code=wrong, at=now)
    assert "tạm khóa đến" in caught.value.message_vi
    with pytest.raises(services.AccountLocked):
        services.verify_totp(user=user, code=rules.totp_code(SECRET, at=now), at=now)


def test_administrator_of_the_agency_resets_second_factor_others_cannot() -> None:
    top = make_agency()
    admin = make_officer(top, Role.ADMINISTRATOR)
    stranger = make_officer(make_agency(), Role.ADMINISTRATOR)
    user = make_officer(make_agency(top), Role.SPECIALIST, totp=True)
    with pytest.raises(PermissionDenied):
        services.reset_totp(actor=stranger, user=user)
    services.reset_totp(actor=admin, user=user)
    user.refresh_from_db()
    assert not user.has_totp and user.totp_secret == ""
    assert "accounts.totp_reset" in actions_for(user)


def test_password_reset_sets_password_and_ends_lockout() -> None:
    user = make_citizen()
    User.objects.filter(pk=user.pk).update(
        failed_sign_ins=5, locked_until=timezone.now() + dt.timedelta(hours=1)
    )
    services.reset_password(user=user, password="Mat-khau-moi-2026")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026") and user.locked_until is None
    assert "accounts.password_reset" in actions_for(user)


def test_sign_in_name_may_be_user_name_email_or_citizen_id() -> None:
    citizen = make_citizen(email="Lan@Example.vn")
    assert selectors.user_for_sign_in(citizen.citizen_id) == citizen
    assert selectors.user_for_sign_in(f" {citizen.citizen_id[:4]} {citizen.citizen_id[4:]} ") == citizen
    assert selectors.user_for_sign_in("LAN@example.VN") == citizen
    assert selectors.user_for_sign_in("khong-co") is None


def test_sign_in_name_may_be_a_phone_number_in_any_written_form() -> None:
    citizen = make_citizen(phone="0935111222")
    assert selectors.user_for_sign_in("0935 111 222") == citizen
    assert selectors.user_for_sign_in("+84935111222") == citizen
    assert selectors.user_for_sign_in("0935111223") is None


def test_phone_shared_by_two_accounts_signs_in_neither() -> None:
    make_citizen(phone="0935111222")
    make_officer(phone="0935111222")
    assert selectors.user_for_sign_in("0935111222") is None


def test_second_registration_with_same_phone_is_refused() -> None:
    first = make_citizen()
    with pytest.raises(services.IdentityTaken) as caught:
        make_citizen(phone=first.phone)
    assert caught.value.field == "phone" and "Số điện thoại này" in caught.value.message_vi


def test_registration_needs_an_email_or_a_phone() -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_citizen(phone="", email="")
    assert caught.value.code == "identity.contact_required"
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
@override_settings(EGOV_LOCKOUT_ATTEMPTS=100)
def test_concurrent_failures_are_all_counted() -> None:
    import threading

    from django.db import connection

    user = make_officer()
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            for _ in range(3):
                services.record_failed_sign_in(identifier=user.username)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    user.refresh_from_db()
    assert user.failed_sign_ins == 12
