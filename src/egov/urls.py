"""URL map: each app owns its own urls module."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from egov.web import bench_urls

urlpatterns = [
    path("", include("egov.web.ops_urls")),  # /healthz, /readyz, /metrics: no language prefix
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("egov.organizations.api.urls")),
    path("api/v1/", include("egov.procedures.api.urls")),
    path("api/v1/", include("egov.dossiers.api.urls")),
    # Server-to-server payment callbacks (IPN): no language prefix, no session.
    path("thanh-toan/thong-bao/", include("egov.payments.urls_callbacks")),
]
urlpatterns += [path("bench/", include("egov.web.bench_urls"))] if bench_urls.enabled() else []
urlpatterns += i18n_patterns(
    path("", include("egov.web.urls")),
    path("tai-khoan/", include("egov.accounts.urls")),
    path("co-quan/", include("egov.organizations.urls")),
    path("thu-tuc/", include("egov.procedures.urls")),
    path("ho-so/", include("egov.dossiers.urls")),
    path("tra-cuu/", include("egov.dossiers.urls_lookup")),
    path("nop-ho-so/", include("egov.portal.urls_submission")),
    path("ho-so-cua-toi/", include("egov.portal.urls_my")),
    path("danh-gia/", include("egov.feedback.urls")),
    path("thanh-toan/", include("egov.payments.urls")),
    path("quan-tri/", admin.site.urls),
    prefix_default_language=False,
)

handler404 = "egov.web.views.not_found"
handler500 = "egov.web.views.server_error"
