"""Citizen profile: the applicant prefill of e-forms, and the profile page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from egov.accounts import selectors
from egov.organizations.models import AdministrativeUnit
from tests.accounts.factories import make_citizen

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
