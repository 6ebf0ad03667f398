"""Pages of "Hồ sơ của tôi" (namespace "my"): the citizen's own dossiers, under /ho-so-cua-toi/."""

from django.urls import path

from egov.portal import views_my

app_name = "my"

urlpatterns = [
    path("", views_my.my_list, name="list"),
    path("<str:code>/", views_my.my_detail, name="detail"),
    path("<str:code>/giay-tiep-nhan.pdf", views_my.receipt_pdf, name="receipt_pdf"),
    path("<str:code>/mau-<slug:number>/<int:event_id>.pdf", views_my.form_pdf, name="form_pdf"),
    path("<str:code>/tep/<int:file_id>/", views_my.file_download, name="file"),
    path("<str:code>/bo-sung/", views_my.supplement, name="supplement"),
    path("<str:code>/rut-ho-so/", views_my.withdraw, name="withdraw"),
]
