"""/bench/…: benchmark-only endpoints, included by egov.urls only when EGOV_BENCH_ENDPOINTS=1."""

from django.urls import path

from egov.web import bench_views

app_name = "bench"
urlpatterns = [path("json", bench_views.bare_json, name="json")]


def enabled() -> bool:
    """EGOV_BENCH_ENDPOINTS from the settings (the benchmark settings set it) or the environment."""
    import os

    from django.conf import settings

    value = getattr(settings, "EGOV_BENCH_ENDPOINTS", None)
    if value is None:
        value = os.environ.get("EGOV_BENCH_ENDPOINTS", "")
    return str(value).strip().lower() in {"1", "true", "yes", "on"}
