"""Dossier API: the public lookup under /api/v1/public/dossiers/, the officers' API under /api/v1/dossiers."""

from django.urls import path

from egov.dossiers.api import officer_views
from egov.dossiers.api.views import PublicDossierView

urlpatterns = [
    path("public/dossiers/<str:code>", PublicDossierView.as_view(), name="public-dossier"),
    path("dossiers", officer_views.DossierCollectionView.as_view(), name="dossier-list"),
    path("dossiers/<str:code>", officer_views.DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<str:code>/actions", officer_views.DossierActionsView.as_view(), name="dossier-actions"),
    path(
        "dossiers/<str:code>/timeline", officer_views.DossierTimelineView.as_view(), name="dossier-timeline"
    ),
    path("dossiers/<str:code>/files", officer_views.DossierFilesView.as_view(), name="dossier-files"),
    path(
        "dossiers/<str:code>/files/<int:file_id>",
        officer_views.DossierFileView.as_view(),
        name="dossier-file",
    ),
]
