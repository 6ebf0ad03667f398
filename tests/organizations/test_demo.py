"""The demo province (Thành phố Huế): its agencies are complete, valid and created only once."""

from __future__ import annotations

import pytest

from egov.organizations import demo, rules, selectors
from egov.organizations.models import AdministrativeUnit, Agency, Position

pytestmark = pytest.mark.django_db


def test_demo_creates_the_province_tree_with_valid_unique_identifiers() -> None:
    agencies = demo.create_demo_agencies()
    root = agencies["UBND"]
    assert root.identifier == "000.00.00.H57"
    assert root.name == "Ủy ban nhân dân thành phố Huế"
    assert selectors.top_agency() == root
    assert agencies["SXD"].parent == root
    assert agencies["QLXD"].parent == agencies["SXD"]
    assert agencies["TTPVHCC"].kind == Agency.Kind.SERVICE_CENTRE
    identifiers = list(Agency.objects.values_list("identifier", flat=True))
    assert len(identifiers) == len(set(identifiers)) == len(agencies)
    for agency in Agency.objects.exclude(pk=root.pk):
        parsed = rules.parse_identifier(agency.identifier)
        assert str(parsed.parent()) == agency.parent.identifier
    short_names = list(Agency.objects.values_list("short_name", flat=True))
    assert len(short_names) == len(set(short_names))


def test_every_hue_ward_has_its_peoples_committee() -> None:
    agencies = demo.create_demo_agencies()
    wards = AdministrativeUnit.objects.filter(parent__code=demo.PROVINCE_CODE)
    committees = Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE)
    assert committees.count() == wards.count() == 40
    assert set(committees.values_list("administrative_unit_id", flat=True)) == set(
        wards.values_list("pk", flat=True)
    )
    phu_xuan = committees.get(administrative_unit__name="Phường Phú Xuân")
    assert phu_xuan.name == "Ủy ban nhân dân phường Phú Xuân"
    assert agencies[phu_xuan.short_name] == phu_xuan
    assert phu_xuan.parent == agencies["UBND"]


def test_running_the_demo_twice_creates_nothing_new() -> None:
    first = demo.create_demo_agencies()
    counts = (Agency.objects.count(), Position.objects.count())
    second = demo.create_demo_agencies()
    assert (Agency.objects.count(), Position.objects.count()) == counts
    assert {k: v.pk for k, v in first.items()} == {k: v.pk for k, v in second.items()}


def test_ward_short_names_get_a_number_when_initials_collide() -> None:
    taken = {"UBND-PTH"}
    assert demo.ward_short_name("Phường Thuận Hóa", set()) == "UBND-PTH"
    assert demo.ward_short_name("Phường Thủy Hiệp", taken) == "UBND-PTH2"
