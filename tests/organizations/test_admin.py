"""The admin site changes agencies through the services: bad input is shown beside the field and
nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from egov.accounts.models import User
from egov.core.models import AuditEntry
from egov.organizations.models import Agency
from tests.organizations.factories import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, settings: Any) -> Client:
    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    user = User.objects.create_superuser(
        username="quantri", email="quantri@example.vn", password="mat-khau-dai-123", full_name="Quản trị"
    )
    client.force_login(user)
    return client


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Sở Tư pháp",
        "short_name": "stp",
        "identifier": "000.00.05.h57",
        "kind": Agency.Kind.DEPARTMENT,
        "parent": "",
        "administrative_unit": "",
        "address": "",
        "phone": "",
        "email": "",
    }
    data.update(overrides)
    return data


def test_admin_creates_an_agency_through_the_service(admin_client: Client) -> None:
    root = make_agency(identifier="000.00.00.H57")
    response = admin_client.post("/quan-tri/organizations/agency/add/", _form(parent=root.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    agency = Agency.objects.get(identifier="000.00.05.H57")
    assert agency.short_name == "STP"
    assert agency.path == f"/{root.pk}/{agency.pk}/"
    assert AuditEntry.objects.get(action="agency.created", object_id=str(agency.pk)).actor_label.startswith(
        "Quản trị"
    )


@pytest.mark.parametrize(
    ("identifier", "message"),
    [("000.01.00.H57", "để trống"), ("ABC", "không đúng dạng"), ("000.00.00.H57", "đã được cấp")],
)
def test_admin_shows_identifier_errors_beside_the_field(
    admin_client: Client, identifier: str, message: str
) -> None:
    make_agency(identifier="000.00.00.H57")
    response = admin_client.post("/quan-tri/organizations/agency/add/", _form(identifier=identifier))
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["identifier"])
    assert Agency.objects.count() == 1


def test_admin_refuses_to_move_an_agency_under_its_own_unit(admin_client: Client) -> None:
    root = make_agency(identifier="000.00.00.H57")
    department = make_agency(parent=root, identifier="000.00.05.H57")
    division = make_agency(parent=department, identifier="000.01.05.H57")
    response = admin_client.post(
        f"/quan-tri/organizations/agency/{department.pk}/change/",
        _form(parent=division.pk, identifier=department.identifier),
    )
    assert response.status_code == 200
    assert "chính nó" in str(response.context["adminform"].form.errors["parent"])
    department.refresh_from_db()
    assert department.parent == root
