"""Read-only API: /api/v1/agencies/ and /api/v1/administrative-units/, documented in the schema."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from egov.organizations.models import Agency
from tests.organizations.factories import make_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Agency]:
    root = make_agency(name="Ủy ban nhân dân thành phố Thử", short_name="UBND", identifier="000.00.00.H57")
    department = make_agency(parent=root, name="Sở Tư pháp", short_name="STP")
    commune = make_agency(
        parent=root,
        name="Ủy ban nhân dân phường Thuận Hóa",
        short_name="UBND-PTH",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
    )
    return {"root": root, "department": department, "commune": commune}


def _identifiers(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["identifier"] for item in response.json()["results"]]


def test_agency_list_is_in_tree_order(client: Client, tree: dict[str, Agency]) -> None:
    assert _identifiers(client.get("/api/v1/agencies/"))[0] == "000.00.00.H57"
    assert len(_identifiers(client.get("/api/v1/agencies/"))) == 3


def test_agency_filters(client: Client, tree: dict[str, Agency]) -> None:
    dept, commune = tree["department"], tree["commune"]
    assert _identifiers(client.get("/api/v1/agencies/", {"q": "tu phap"})) == [dept.identifier]
    assert _identifiers(client.get("/api/v1/agencies/", {"q": "UBND Thuận hoa"})) == [commune.identifier]
    assert _identifiers(client.get("/api/v1/agencies/", {"kind": "commune_committee"})) == [
        commune.identifier
    ]
    assert set(_identifiers(client.get("/api/v1/agencies/", {"parent": tree["root"].pk}))) == {
        dept.identifier,
        commune.identifier,
    }
    assert _identifiers(client.get("/api/v1/agencies/", {"identifier": dept.identifier.lower()})) == [
        dept.identifier
    ]
    assert _identifiers(client.get("/api/v1/agencies/", {"identifier": "rác"})) == []


def test_agency_detail_names_its_parent(client: Client, tree: dict[str, Agency]) -> None:
    body = client.get(f"/api/v1/agencies/{tree['department'].pk}/").json()
    assert body["parent_identifier"] == "000.00.00.H57"
    assert body["short_name"] == "STP"


def test_invalid_filter_value_answers_with_problem_details(client: Client, tree: dict[str, Agency]) -> None:
    response = client.get("/api/v1/agencies/", {"kind": "khong-co"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "validation.invalid"
    assert "kind" in body["errors"]


def test_unknown_agency_is_a_problem_404(client: Client) -> None:
    response = client.get("/api/v1/agencies/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_administrative_units_filter_by_province_and_look_up_by_code(client: Client) -> None:
    call_command("load_admin_units", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.get("/api/v1/administrative-units/", {"parent_code": "46", "q": "phu xuan"})
    names = [item["name"] for item in response.json()["results"]]
    assert names == ["Phường Phú Xuân"]
    provinces = client.get("/api/v1/administrative-units/", {"level": "province"}).json()
    assert provinces["count"] == 34
    assert client.get("/api/v1/administrative-units/46/").json()["name"] == "Thành phố Huế"


def test_openapi_schema_documents_both_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/agencies/" in schema["paths"]
    assert "/api/v1/administrative-units/{code}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/agencies/"]["get"]["parameters"]}
    assert {"q", "kind", "parent", "identifier"} <= parameters
