"""URL patterns (namespace "payments"); filled in by the app's views."""

from django.urls import path  # noqa: F401

app_name = "payments"

urlpatterns: list = []
