"""URL patterns (namespace "feedback"); filled in by the app's views."""

from django.urls import path  # noqa: F401

app_name = "feedback"

urlpatterns: list = []
