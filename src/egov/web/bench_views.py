"""The framework's ceiling for the benchmarks: a view that answers a small JSON without touching the
database (no session, no template). Mounted at /bench/json only when EGOV_BENCH_ENDPOINTS=1, so a
production deployment never serves it; the harness compares every scenario's throughput with it."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

PAYLOAD = {"ok": True, "service": "egov", "note": "bench"}


@require_GET
def bare_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(PAYLOAD)
