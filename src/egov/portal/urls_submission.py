"""URL patterns (namespace "submission"); filled in by the app's views."""

from django.urls import path  # noqa: F401

app_name = "submission"

urlpatterns: list = []
