"""Officer pages of the one-stop counter, under /ho-so/."""

from django.urls import path

from egov.dossiers import views, views_exceptions, views_inbox, views_register
from egov.dossiers.statistics import views as statistics_views

app_name = "dossiers"

urlpatterns = [
    path("", views_inbox.inbox, name="inbox"),
    path("tiep-nhan/", views.counter_intake, name="counter_intake"),
    path("thong-ke/", statistics_views.statistics, name="statistics"),
    path("so-theo-doi/", views_register.register_page, name="register"),
    path("so-theo-doi.pdf", views_register.register_pdf, name="register_pdf"),
    path("so-theo-doi.xlsx", views_register.register_xlsx, name="register_xlsx"),
    path("<str:code>/phieu-kiem-soat.pdf", views_register.control_pdf, name="control_pdf"),
    path("<str:code>/", views.dossier_detail, name="detail"),
    path("<str:code>/thao-tac/<slug:action_code>/", views.dossier_action, name="action"),
    path("<str:code>/tep/<int:file_id>/", views.dossier_file, name="file"),
    path("<str:code>/phan-cong/", views.dossier_assign, name="assign"),
    path("<str:code>/nhan-xu-ly/", views.dossier_claim, name="claim"),
    path("<str:code>/tiep-nhan-truc-tuyen/", views.dossier_accept, name="accept"),
    path("<str:code>/giay-tiep-nhan.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("<str:code>/bo-sung/", views_exceptions.request_supplement, name="exception_supplement"),
    path("<str:code>/tu-choi/", views_exceptions.refuse, name="exception_refuse"),
    path("<str:code>/gia-han/", views_exceptions.extend, name="exception_extend"),
    path("<str:code>/dung-xu-ly/", views_exceptions.stop, name="exception_stop"),
    path("<str:code>/rut-ho-so/", views_exceptions.withdraw, name="exception_withdraw"),
    path(
        "<str:code>/mau-<slug:number>/<int:event_id>.pdf",
        views_exceptions.form_pdf,
        name="exception_form_pdf",
    ),
]
