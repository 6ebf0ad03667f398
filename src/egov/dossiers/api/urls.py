"""Public dossier API under /api/v1/public/dossiers/."""

from django.urls import path

from egov.dossiers.api.views import PublicDossierView

urlpatterns = [
    path("public/dossiers/<str:code>", PublicDossierView.as_view(), name="public-dossier"),
]
