"""Public agency directory pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from egov.organizations.models import Agency
from tests.organizations.factories import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Agency]:
    root = make_agency(name="Ủy ban nhân dân thành phố Thử", short_name="UBND", identifier="000.00.00.H57")
    department = make_agency(parent=root, name="Sở Xây dựng", short_name="SXD")
    division = make_agency(parent=department, name="Phòng Quản lý xây dựng", short_name="QLXD")
    return {"root": root, "department": department, "division": division}


def test_directory_shows_the_tree_with_identifiers(client: Client, tree: dict[str, Agency]) -> None:
    response = client.get(reverse("organizations:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for agency in tree.values():
        assert agency.name in html
        assert agency.identifier in html
    assert html.index("Sở Xây dựng") < html.index("Phòng Quản lý xây dựng")


def test_search_without_accents_finds_the_department(client: Client, tree: dict[str, Agency]) -> None:
    response = client.get(reverse("organizations:index"), {"q": "so xay dung"})
    html = response.content.decode()
    assert "Sở Xây dựng" in html
    assert "Phòng Quản lý xây dựng" not in html
    assert "1 cơ quan, đơn vị phù hợp" in html


def test_search_matches_every_word_in_any_order(client: Client, tree: dict[str, Agency]) -> None:
    html = client.get(reverse("organizations:index"), {"q": "xây  SO"}).content.decode()
    assert "Sở Xây dựng" in html
    assert "Phòng Quản lý xây dựng" not in html


def test_search_with_no_match_says_so(client: Client, tree: dict[str, Agency]) -> None:
    response = client.get(reverse("organizations:index"), {"q": "không có"})
    assert "Không tìm thấy cơ quan, đơn vị nào" in response.content.decode()


def test_agency_page_shows_identifier_parent_and_children(client: Client, tree: dict[str, Agency]) -> None:
    department = tree["department"]
    response = client.get(reverse("organizations:agency", args=[department.identifier]))
    assert response.status_code == 200
    html = response.content.decode()
    assert department.identifier in html
    assert tree["root"].name in html
    assert tree["division"].name in html
    assert reverse("organizations:agency", args=[tree["division"].identifier]) in html


def test_agency_page_accepts_a_lower_case_identifier(client: Client, tree: dict[str, Agency]) -> None:
    response = client.get(reverse("organizations:agency", args=["000.00.00.h57"]))
    assert response.status_code == 200


@pytest.mark.parametrize("identifier", ["000.00.00.H99", "not-an-identifier"])
def test_unknown_or_malformed_identifier_is_not_found(
    client: Client, tree: dict[str, Agency], identifier: str
) -> None:
    assert client.get(reverse("organizations:agency", args=[identifier])).status_code == 404


def test_deactivated_agencies_leave_the_directory(client: Client, tree: dict[str, Agency]) -> None:
    from egov.organizations import services

    services.deactivate_agency(actor=None, agency=tree["department"])
    html = client.get(reverse("organizations:index")).content.decode()
    assert "Sở Xây dựng" not in html
    assert (
        client.get(reverse("organizations:agency", args=[tree["department"].identifier])).status_code == 404
    )
