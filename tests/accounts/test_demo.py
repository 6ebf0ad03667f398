"""Demo people: idempotent, one of each role, the administrator with a fixed TOTP secret."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from egov.accounts import demo, permissions, rules, selectors
from egov.accounts.models import User
from egov.organizations.demo import create_demo_agencies
from egov.organizations.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies() -> dict:
    return create_demo_agencies()


def test_demo_people_are_idempotent_and_cover_every_role_scoped_to_their_agencies(agencies: dict) -> None:
    first = demo.create_demo_people(agencies)
    count, memberships = User.objects.count(), Membership.objects.count()
    assert demo.create_demo_people(agencies) == first
    assert (User.objects.count(), Membership.objects.count()) == (count, memberships)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert all(login.password == demo.DEMO_PASSWORD for login in first)
    assert any(login.role.startswith("Công dân") for login in first)

    # The demo citizen's profile prefills e-forms: verified e-mail, an address in a ward of the province.
    citizen = User.objects.get(citizen_id=demo.CITIZEN_ID)
    assert citizen.email_verified_at is not None
    assert citizen.ward.parent == citizen.province and citizen.province.code == "46"
    prefill = selectors.applicant_prefill(citizen)
    assert prefill["address"] == f"12 Lê Lợi, {citizen.ward.name}, {citizen.province.name}"

    # The administrator: superuser with the fixed TOTP secret the demo prints.
    admin_login = next(login for login in first if login.username == demo.ADMIN_USERNAME)
    assert admin_login.totp_secret == demo.ADMIN_TOTP_SECRET
    admin = User.objects.get(username=demo.ADMIN_USERNAME)
    assert admin.is_superuser and admin.has_totp and admin.check_password(demo.DEMO_PASSWORD)
    assert permissions.is_administrator(admin)

    # One person holds two roles in two agencies.
    held = Membership.objects.filter(user__username="stp.kiemnhiem")
    assert {m.role for m in held} == {Role.SPECIALIST, Role.RECEIVER}
    assert len({m.agency_id for m in held}) == 2

    # Roles are scoped: the specialist processes in their division only, the director everywhere below.
    specialist = User.objects.get(username="sxd.chuyenvien")
    division = specialist.memberships.get().agency
    assert permissions.can(specialist, "dossiers.process", division)
    assert not permissions.can(specialist, "dossiers.process", division.parent)
    assert permissions.can(User.objects.get(username="sxd.giamdoc"), "documents.sign", division)


def test_totp_code_command_prints_the_current_code(
    agencies: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    demo.create_demo_people(agencies)
    call_command("totp-code", demo.ADMIN_USERNAME)
    printed = capsys.readouterr().out.strip()
    now = timezone.now()
    assert rules.matching_totp_step(demo.ADMIN_TOTP_SECRET, printed, at=now, last_used_step=None) is not None
    with pytest.raises(CommandError, match="chưa bật"):
        call_command("totp-code", "sxd.vanthu")
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("totp-code", "khong-ai")
