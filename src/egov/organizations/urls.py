from django.urls import path

from egov.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.directory, name="index"),
    path("<str:identifier>/", views.agency_detail, name="agency"),
]
