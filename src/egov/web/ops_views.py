"""Operations endpoints for load balancers and monitoring: liveness, readiness, Prometheus metrics.

They carry no language prefix, no session and no HTML, and answer without authentication: they
reveal nothing beyond "up/down" and aggregate counters. Restrict /metrics at the reverse proxy if the
counters themselves are sensitive.
"""

from __future__ import annotations

import logging
import os

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Deliberately touches nothing else (a database outage must not
    make the orchestrator kill healthy web processes)."""
    return JsonResponse({"status": "ok"})


def unapplied_migrations() -> list[str]:
    """Migrations present in the code but not yet applied to the database, as "app.name"."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{migration.app_label}.{migration.name}" for migration, _ in executor.migration_plan(targets)]


# Loading the migration graph reads every migration module: too costly for a probe that runs every
# few seconds. Once this process has seen its code's migrations all applied, that stays true (new
# migrations arrive with new code, i.e. a new process), so later probes only check the connection.
_migrations_applied = False


def _pending_migrations() -> list[str]:
    global _migrations_applied
    if _migrations_applied:
        return []
    pending = unapplied_migrations()
    _migrations_applied = not pending
    return pending


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers and every migration is applied; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending_migrations()
    except DatabaseError:
        logger.warning("readiness: database unreachable", exc_info=True)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "migrations": "pending", "pending": len(pending)},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})


def _registry() -> CollectorRegistry:
    """The process registry, or, under a multi-process server (PROMETHEUS_MULTIPROC_DIR set by
    `egov serve --workers N`), one that sums the counters of every worker process."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text exposition format."""
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
