"""The e-form page; included by egov.procedures.urls (namespace "procedures") under /thu-tuc/."""

from django.urls import path

from egov.procedures import views_eform

urlpatterns = [
    path("<str:national_code>/to-khai/", views_eform.fill_in, name="eform"),
]
