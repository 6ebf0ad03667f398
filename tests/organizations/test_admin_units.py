"""`egov load_admin_units`: the 34 provinces and 3,321 communes/wards of vietnam-provinces."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from egov.organizations.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_admin_units", stdout=out)
    return out.getvalue()


def test_loading_creates_34_provinces_and_3321_communes_and_wards() -> None:
    output = _load()
    assert AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).count() == 34
    assert AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD).count() == 3321
    assert "Thêm mới 3355" in output
    assert not AdministrativeUnit.objects.filter(
        level=AdministrativeUnit.Level.WARD, parent__isnull=True
    ).exists()


def test_hue_has_its_wards_with_official_codes_and_folded_names() -> None:
    _load()
    hue = AdministrativeUnit.objects.get(code="46")
    assert hue.name == "Thành phố Huế"
    wards = hue.children.all()
    assert wards.count() == 40
    phu_xuan = wards.get(name="Phường Phú Xuân")
    assert len(phu_xuan.code) == 5 and phu_xuan.code.isdigit()
    assert phu_xuan.name_folded == "phuong phu xuan"
    assert phu_xuan.division_type == "phường"


def test_second_run_changes_nothing_and_says_so() -> None:
    _load()
    before = list(AdministrativeUnit.objects.order_by("pk").values())
    output = _load()
    assert "Thêm mới 0, cập nhật 0, giữ nguyên 3355" in output
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == before


def test_a_changed_name_is_restored_from_the_package() -> None:
    _load()
    AdministrativeUnit.objects.filter(code="46").update(name="Tỉnh Thừa Thiên Huế")
    output = _load()
    assert "cập nhật 1" in output
    assert AdministrativeUnit.objects.get(code="46").name == "Thành phố Huế"
