"""Citizen profile: the applicant prefill of e-forms, and the profile page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from egov.accounts import selectors, services, services_verification
from egov.accounts.models import ExternalIdentity, OneTimeCode, User
from egov.accounts.sms import console
from egov.core.errors import ValidationFailed
from egov.core.models import AuditEntry
from egov.organizations.models import AdministrativeUnit
from tests.accounts.factories import make_citizen, make_officer

pytestmark = pytest.mark.django_db


def make_unit(code: str, name: str, *, parent: AdministrativeUnit | None = None) -> AdministrativeUnit:
    level = AdministrativeUnit.Level.WARD if parent else AdministrativeUnit.Level.PROVINCE
    return AdministrativeUnit.objects.create(
        code=code,
        name=name,
        level=level,
        division_type="phường" if parent else "thành phố trung ương",
        parent=parent,
        codename=name.lower(),
        name_folded=name.lower(),
    )


def test_prefill_joins_address_ward_and_province_in_one_line():
    hue = make_unit("T46", "Thành phố Huế")
    ward = make_unit("T46001", "Phường Thuận Hóa", parent=hue)
    citizen = make_citizen(full_name="Trần Văn An", phone="0912345678", email="an@example.vn")
    citizen.address, citizen.province, citizen.ward = "12 Lê Lợi", hue, ward
    citizen.save()

    prefill = selectors.applicant_prefill(citizen)

    assert prefill == {
        "full_name": "Trần Văn An",
        "citizen_id": citizen.citizen_id,
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "12 Lê Lợi, Phường Thuận Hóa, Thành phố Huế",
    }


def test_prefill_skips_empty_address_parts():
    hue = make_unit("T46", "Thành phố Huế")
    citizen = make_citizen(email="b@example.vn")
    citizen.province, citizen.phone = hue, ""
    citizen.save()

    prefill = selectors.applicant_prefill(citizen)

    assert prefill["address"] == "Thành phố Huế"
    assert prefill["phone"] == ""


def test_prefill_of_anonymous_visitor_is_all_empty():
    assert selectors.applicant_prefill(AnonymousUser()) == {
        "full_name": "",
        "citizen_id": "",
        "phone": "",
        "email": "",
        "address": "",
    }


# --- The profile page ------------------------------------------------------------------------------

PROFILE = "/tai-khoan/ho-so/"


@pytest.fixture(autouse=True)
def _fresh_limits_and_outboxes() -> Iterator[None]:
    cache.clear()
    console.outbox.clear()
    yield
    cache.clear()


@pytest.fixture
def units() -> dict[str, AdministrativeUnit]:
    hue = make_unit("T46", "Thành phố Huế")
    danang = make_unit("T48", "Thành phố Đà Nẵng")
    return {
        "hue": hue,
        "danang": danang,
        "thuan_hoa": make_unit("T46001", "Phường Thuận Hóa", parent=hue),
        "phu_xuan": make_unit("T46002", "Phường Phú Xuân", parent=hue),
        "hai_chau": make_unit("T48001", "Phường Hải Châu", parent=danang),
    }


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def profile_data(user: User, **changes: Any) -> dict[str, Any]:
    data = {
        "full_name": user.full_name,
        "citizen_id": user.citizen_id,
        "address": user.address,
        "province": user.province_id or "",
        "ward": user.ward_id or "",
        "action": "save_profile",
    }
    data.update(changes)
    return data


def test_account_page_links_to_the_profile_page() -> None:
    html = signed_in(make_citizen()).get(reverse("accounts:account")).content.decode()
    assert f'href="{PROFILE}"' in html


def test_profile_saves_name_address_province_and_ward_and_is_audited(units: dict[str, Any]) -> None:
    citizen = make_citizen()
    client = signed_in(citizen)
    response = client.post(
        PROFILE,
        profile_data(
            citizen,
            full_name="Nguyễn  Thị Hoa Mai",
            address=" 12  Lê Lợi ",
            province=units["hue"].pk,
            ward=units["thuan_hoa"].pk,
        ),
    )
    assert response.status_code == 302 and response["Location"] == PROFILE
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.address) == ("Nguyễn Thị Hoa Mai", "12 Lê Lợi")
    assert (citizen.province, citizen.ward) == (units["hue"], units["thuan_hoa"])
    assert selectors.applicant_prefill(citizen)["address"] == "12 Lê Lợi, Phường Thuận Hóa, Thành phố Huế"
    entry = AuditEntry.objects.filter(action="accounts.profile_updated").get()
    assert entry.object_id == str(citizen.pk)


def test_choose_ward_button_reloads_the_wards_of_the_province_keeping_what_was_typed(
    units: dict[str, Any],
) -> None:
    citizen = make_citizen()
    client = signed_in(citizen)
    html = client.get(PROFILE).content.decode()
    assert "Thành phố Huế" in html and "Phường Thuận Hóa" not in html  # no province yet: no wards
    response = client.post(
        PROFILE,
        profile_data(
            citizen,
            full_name="Tên Mới Đang Gõ",
            address="5 Hùng Vương",
            province=units["hue"].pk,
            action="choose_ward",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Phường Thuận Hóa" in html and "Phường Phú Xuân" in html and "Phường Hải Châu" not in html
    assert 'value="Tên Mới Đang Gõ"' in html and 'value="5 Hùng Vương"' in html
    assert f'<option value="{units["hue"].pk}" selected>' in html
    assert "Vui lòng kiểm tra lại" not in html  # nothing judged yet
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Thị Hoa" and citizen.province is None  # nothing saved


def test_ward_of_another_province_is_refused_beside_the_ward(units: dict[str, Any]) -> None:
    citizen = make_citizen()
    response = signed_in(citizen).post(
        PROFILE, profile_data(citizen, province=units["hue"].pk, ward=units["hai_chau"].pk)
    )
    assert "không thuộc tỉnh" in response.context["profile_form"].errors["ward"][0]
    citizen.refresh_from_db()
    assert citizen.ward is None


def test_page_has_no_inline_script_or_style(units: dict[str, Any]) -> None:
    html = signed_in(make_citizen()).get(PROFILE).content.decode()
    assert "<script>" not in html and " style=" not in html and "onchange" not in html


def test_citizen_id_can_be_corrected_while_no_identity_provider_vouched_for_it() -> None:
    citizen = make_citizen()
    response = signed_in(citizen).post(PROFILE, profile_data(citizen, citizen_id="046195009999"))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.citizen_id == citizen.username == "046195009999"


def test_citizen_id_is_read_only_with_an_external_identity() -> None:
    citizen = make_citizen()
    ExternalIdentity.objects.create(user=citizen, provider="vneid", subject="abc")
    client = signed_in(citizen)
    html = client.get(PROFILE).content.decode()
    assert re.search(r'name="citizen_id"[^>]*disabled', html)
    response = client.post(PROFILE, profile_data(citizen, citizen_id="046195009999", full_name="Tên Khác"))
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.citizen_id != "046195009999" and citizen.full_name == "Tên Khác"
    with pytest.raises(ValidationFailed) as caught:
        services.update_profile(user=citizen, full_name="Tên Khác", citizen_id="046195009999")
    assert caught.value.code == "identity.citizen_id_locked"


def test_citizen_id_of_another_account_is_refused() -> None:
    other = make_citizen()
    citizen = make_citizen()
    response = signed_in(citizen).post(PROFILE, profile_data(citizen, citizen_id=other.citizen_id))
    assert "đã có tài khoản" in response.context["profile_form"].errors["citizen_id"][0]


def test_new_email_is_saved_only_after_its_code(units: dict[str, Any]) -> None:
    citizen = make_citizen(email="cu@example.vn")
    client = signed_in(citizen)
    response = client.post(PROFILE, {"action": "change_email", "email_change-email": "Moi@Example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:contact_verify")
    citizen.refresh_from_db()
    assert citizen.email == "cu@example.vn"
    message = mail.outbox[-1]
    assert message.to == ["Moi@example.vn"]
    code = re.search(r"Mã xác thực của bạn là: (\d{6})", message.body).group(1)
    wrong = client.post(reverse("accounts:contact_verify"), {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert "Bạn còn 4 lần thử" in wrong.content.decode()
    response = client.post(reverse("accounts:contact_verify"), {"code": code})
    assert response["Location"] == PROFILE
    citizen.refresh_from_db()
    assert citizen.email == "Moi@example.vn" and citizen.email_verified_at is not None
    entry = AuditEntry.objects.get(action="accounts.contact_changed")
    assert entry.before == {"email": "cu@example.vn"} and entry.after == {"email": "Moi@example.vn"}


def test_new_phone_gets_an_sms_code_and_too_many_tries_change_nothing() -> None:
    citizen = make_citizen(phone="0935111222")
    client = signed_in(citizen)
    client.post(PROFILE, {"action": "change_phone", "phone_change-phone": "0935 333 444"})
    [sms] = console.outbox
    assert sms.to == "0935333444"
    code = re.search(r"(\d{6})", sms.text).group(1)
    for _ in range(5):
        response = client.post(reverse("accounts:contact_verify"), {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert "quá 5 lần" in response.content.decode()
    client.post(reverse("accounts:contact_verify"), {"code": code})
    citizen.refresh_from_db()
    assert citizen.phone == "0935111222" and citizen.phone_verified_at is None


def test_contact_of_another_account_is_refused_and_the_input_kept() -> None:
    make_citizen(email="cua-nguoi-khac@example.vn")
    citizen = make_citizen()
    response = signed_in(citizen).post(
        PROFILE, {"action": "change_email", "email_change-email": "cua-nguoi-khac@example.vn"}
    )
    form = response.context["email_form"]
    assert "đã được dùng" in form.errors["email"][0]
    assert 'value="cua-nguoi-khac@example.vn"' in response.content.decode()
    assert not OneTimeCode.objects.exists()


def test_someone_elses_pending_contact_change_cannot_be_confirmed() -> None:
    owner = make_citizen()
    client = signed_in(owner)
    client.post(PROFILE, {"action": "change_email", "email_change-email": "moi@example.vn"})
    pk = OneTimeCode.objects.get().pk
    intruder = make_citizen()
    with pytest.raises(services_verification.NoPendingCode):
        services_verification.confirm_contact_change(user=intruder, pk=pk, code="000000")
    other_client = signed_in(intruder)
    session = other_client.session
    session["accounts.one_time_code"] = {"change_contact": {"pk": pk, "next": ""}}
    session.save()
    response = other_client.get(reverse("accounts:contact_verify"))
    assert response.status_code == 302 and response["Location"] == PROFILE


def test_profile_needs_a_signed_in_person() -> None:
    response = Client().get(PROFILE)
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_officer_without_citizen_id_can_save_the_profile() -> None:
    officer = make_officer()
    response = signed_in(officer).post(PROFILE, profile_data(officer, address="1 Lê Duẩn"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.address, officer.citizen_id) == ("1 Lê Duẩn", "")
