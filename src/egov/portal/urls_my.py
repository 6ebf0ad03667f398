"""URL patterns (namespace "my"); filled in by the app's views."""

from django.urls import path  # noqa: F401

app_name = "my"

urlpatterns: list = []
