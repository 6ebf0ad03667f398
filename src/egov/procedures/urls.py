from django.urls import path

from egov.procedures import urls_eform, views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("<str:national_code>/", views.procedure_detail, name="detail"),
    *urls_eform.urlpatterns,  # /thu-tuc/<code>/to-khai/ (name "eform")
]
