"""egov's URLs with the benchmark endpoints mounted, as under EGOV_BENCH_ENDPOINTS=1."""

from django.urls import include, path

from egov.urls import handler404, handler500
from egov.urls import urlpatterns as egov_urlpatterns

urlpatterns = [path("bench/", include("egov.web.bench_urls")), *egov_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
