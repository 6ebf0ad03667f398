"""URL patterns (namespace "payment_callbacks"); filled in by the app's views."""

from django.urls import path  # noqa: F401

app_name = "payment_callbacks"

urlpatterns: list = []
