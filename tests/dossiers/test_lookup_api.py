"""GET /api/v1/public/dossiers/{code}: public JSON, no personal data, problem details on failure."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.dossiers.factories import APPLICANT, make_counter, receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_public_dossier_json_has_status_agency_procedure_and_steps(client):
    counter = make_counter()
    dossier = receive(counter)
    response = client.get(f"/api/v1/public/dossiers/{dossier.code}")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code
    assert body["procedure_name"] == counter.version.name
    assert body["procedure_code"] == counter.procedure.national_code
    assert body["agency_name"] == counter.agency.name
    assert body["status"] == 2
    assert body["status_label"] == "Được tiếp nhận"
    assert body["received_at"].startswith("2025-07-07T09:00:00")
    assert body["finished_at"] is None
    assert [step["name"] for step in body["steps"]] == ["Tiếp nhận hồ sơ"]


def test_public_dossier_json_has_no_personal_data(client):
    dossier = receive(make_counter())
    text = json.dumps(client.get(f"/api/v1/public/dossiers/{dossier.code}").json(), ensure_ascii=False)
    for field in ("full_name", "citizen_id", "phone", "email", "address"):
        assert APPLICANT[field] not in text, field
    assert "Lê Thị Mai" not in text


def test_unknown_code_is_problem_details_dossier_not_found(client):
    response = client.get("/api/v1/public/dossiers/000.00.12.H57-250707-9999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "dossier.not_found"
    assert body["status"] == 404
    assert "000.00.12.H57-250707-9999" in body["title"]


@override_settings(EGOV_LOOKUP_RATE_LIMIT=1, EGOV_LOOKUP_RATE_WINDOW=60)
def test_api_past_the_limit_is_problem_details_lookup_rate_limited(client):
    dossier = receive(make_counter())
    url = f"/api/v1/public/dossiers/{dossier.code}"
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "lookup.rate_limited"
    assert "thử lại" in response.json()["title"]
    assert 1 <= int(response["Retry-After"]) <= 60


@override_settings(EGOV_LOOKUP_RATE_LIMIT=1, EGOV_LOOKUP_RATE_WINDOW=60)
def test_page_and_api_share_one_limit(client):
    dossier = receive(make_counter())
    assert client.get(f"/tra-cuu/{dossier.code}/").status_code == 200
    assert client.get(f"/api/v1/public/dossiers/{dossier.code}").status_code == 429


def test_schema_documents_the_public_lookup_path(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    operation = paths["/api/v1/public/dossiers/{code}"]["get"]
    assert {"200", "404", "429"} <= set(operation["responses"])
    properties = json.dumps(response.json()["components"]["schemas"]["PublicDossier"])
    assert "applicant" not in properties
