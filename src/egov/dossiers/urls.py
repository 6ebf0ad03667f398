"""Officer pages of the one-stop counter, under /ho-so/."""

from django.urls import path

from egov.dossiers import views
from egov.dossiers.statistics import views as statistics_views

app_name = "dossiers"

urlpatterns = [
    path("tiep-nhan/", views.counter_intake, name="counter_intake"),
    path("thong-ke/", statistics_views.statistics, name="statistics"),
    path("<str:code>/", views.dossier_detail, name="detail"),
    path("<str:code>/thao-tac/<slug:action_code>/", views.dossier_action, name="action"),
    path("<str:code>/giay-tiep-nhan.pdf", views.receipt_pdf, name="receipt_pdf"),
]
