"""Prometheus metrics: request count and latency per route.

Label values are bounded so that the number of time series cannot grow with traffic: the route is
the URL pattern's name (`web:home`), never the path (which carries ids and codes); unmatched paths
(404s, scanners) share one label; the method is one of the standard verbs or "other"; the status is
kept as a class ("2xx", "4xx").
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "egov_http_requests_total",
    "HTTP requests handled, by route name, method and status class",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "egov_http_request_duration_seconds",
    "Time to produce the response, by route name and method",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"


def route_label(request: HttpRequest) -> str:
    """The resolved URL pattern's name (or its view's dotted path when unnamed), or "unmatched"."""
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match is not None else "") or UNMATCHED


def method_label(method: str | None) -> str:
    return method if method in KNOWN_METHODS else "other"


def status_label(status_code: int) -> str:
    return f"{status_code // 100}xx"


class MetricsMiddleware:
    """Counts every request and observes its latency; placed first so it measures the whole stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_label(request)
        method = method_label(request.method)
        LATENCY.labels(route, method).observe(time.perf_counter() - started)
        REQUESTS.labels(route, method, status_label(response.status_code)).inc()
        return response
