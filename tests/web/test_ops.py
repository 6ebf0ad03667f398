"""/healthz, /readyz and /metrics."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from egov.web import metrics, ops_views


@pytest.fixture(autouse=True)
def _readiness_not_yet_seen(monkeypatch) -> None:
    """Each test starts as a fresh process that has not yet seen its migrations applied."""
    monkeypatch.setattr(ops_views, "_migrations_applied", False)


def test_healthz_answers_without_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_database_answers_and_migrations_are_applied(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["migrations"] == "applied"


@pytest.mark.django_db
def test_readyz_is_503_when_migrations_are_pending(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(ops_views, "unapplied_migrations", lambda: ["dossiers.0001_initial"])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client: Client, monkeypatch) -> None:
    def broken() -> list[str]:
        raise DatabaseError("connection refused")

    monkeypatch.setattr(ops_views, "unapplied_migrations", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.django_db
def test_readyz_builds_the_migration_graph_only_until_it_has_seen_everything_applied(
    client: Client, monkeypatch
) -> None:
    calls: list[int] = []

    def counting() -> list[str]:
        calls.append(1)
        return []

    monkeypatch.setattr(ops_views, "unapplied_migrations", counting)
    assert client.get("/readyz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert len(calls) == 1


@pytest.mark.django_db
def test_unapplied_migrations_is_empty_on_a_migrated_test_database() -> None:
    assert ops_views.unapplied_migrations() == []


@pytest.mark.django_db
def test_metrics_count_requests_per_route_name(client: Client) -> None:
    before = metrics.REQUESTS.labels("web:home", "GET", "2xx")._value.get()
    client.get("/")
    client.get("/")
    body = client.get("/metrics").content.decode()
    assert metrics.REQUESTS.labels("web:home", "GET", "2xx")._value.get() == before + 2
    assert 'egov_http_requests_total{method="GET",route="web:home",status="2xx"}' in body
    assert 'egov_http_request_duration_seconds_bucket{le="0.005",method="GET",route="web:home"}' in body


@pytest.mark.django_db
def test_metrics_labels_stay_bounded_for_unknown_paths_and_methods(client: Client) -> None:
    for n in range(5):
        client.get(f"/khong-co/{n}/")
    client.generic("BREW", "/")
    body = client.get("/metrics").content.decode()
    assert "/khong-co/" not in body
    assert 'route="unmatched",status="4xx"' in body
    assert 'method="other"' in body


def test_metrics_endpoint_speaks_prometheus_text(client: Client) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")


@pytest.mark.parametrize(("code", "label"), [(200, "2xx"), (302, "3xx"), (404, "4xx"), (503, "5xx")])
def test_status_is_reported_as_its_class(code: int, label: str) -> None:
    assert metrics.status_label(code) == label
