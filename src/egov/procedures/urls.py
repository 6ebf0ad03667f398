from django.urls import path

from egov.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.procedure_list, name="list"),
    path("<str:national_code>/", views.procedure_detail, name="detail"),
]
# TODO(e-forms): include the e-form pages (/thu-tuc/<code>/to-khai/) once egov.procedures.urls_eform
# exists: `urlpatterns += urls_eform.urlpatterns`.
