"""Public dossier lookup under /tra-cuu/ (the QR on form 01 opens /tra-cuu/<code>/)."""

from django.urls import path

from egov.dossiers import views_lookup

app_name = "dossier_lookup"

urlpatterns = [
    path("", views_lookup.search, name="search"),
    path("<str:code>/", views_lookup.detail, name="detail"),
]
