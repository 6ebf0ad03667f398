"""URL patterns (namespace "oidc"); filled in by the app's views."""

from django.urls import path  # noqa: F401

app_name = "oidc"

urlpatterns: list = []
