"""Prometheus metrics: request counts and latency per route."""

from __future__ import annotations

import time

from prometheus_client import Counter, Histogram

REQUESTS = Counter("egov_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("egov_http_request_seconds", "HTTP request latency", ["method", "route"])


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match and match.view_name else "unmatched"
        LATENCY.labels(request.method, route).observe(time.perf_counter() - started)
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        return response
