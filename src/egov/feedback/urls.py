"""Satisfaction rating pages (namespace "feedback"), under /danh-gia/."""

from django.urls import path

from egov.feedback import views

app_name = "feedback"

urlpatterns = [
    path("<str:code>/", views.rate, name="rate"),
]
