"""The officers' dossier API is in the OpenAPI document (/api/schema/), which validates without warnings."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_documents_every_dossier_endpoint_and_validates() -> None:
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    paths = schema["paths"]
    expected = {
        "/api/v1/dossiers": {"get", "post"},
        "/api/v1/dossiers/{code}": {"get"},
        "/api/v1/dossiers/{code}/actions": {"post"},
        "/api/v1/dossiers/{code}/timeline": {"get"},
        "/api/v1/dossiers/{code}/files": {"get", "post"},
        "/api/v1/dossiers/{code}/files/{file_id}": {"get"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    receive = paths["/api/v1/dossiers"]["post"]
    assert {"201", "400", "401", "403", "409"} <= set(receive["responses"])
    header = next(item for item in receive["parameters"] if item["in"] == "header")
    assert (header["name"], header["required"]) == ("Idempotency-Key", True)
    assert receive["security"] == [{"egovBasicAuth": []}, {"cookieAuth": []}]
    listing = paths["/api/v1/dossiers"]["get"]
    names = {item["name"] for item in listing["parameters"]}
    assert {"agency", "procedure", "status", "step", "received_from", "received_to", "overdue"} <= names
    assert {"assigned_to_me", "ordering", "cursor"} <= names
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert page == "#/components/schemas/PaginatedDossierSummaryList"


def test_schema_is_served_at_api_schema(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/dossiers/{code}/actions" in response.content
