"""URL patterns (namespace "payments"): the citizen's payment pages, the receipt, the report, and each
gateway folder's own pages (``gateways/<name>/urls.py``, mounted at ``<name>/``, namespace
``payments:<name>``)."""

from django.urls import include, path

from egov.payments import gateways, views, views_officer, views_statements

app_name = "payments"

urlpatterns = [
    path("ho-so/<str:code>/", views.pay, name="pay"),
    path("ket-qua/<slug:gateway_code>/", views.return_page, name="return"),
    path("bien-lai/<str:reference>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("doi-soat/", views.reconciliation, name="report"),
    path("hoa-don/<str:reference>/", views_officer.bill, name="bill"),
    path("doi-soat/sao-ke/", views_statements.statement_import, name="statement_import"),
    path("doi-soat/sao-ke/<int:pk>/", views_statements.statement_detail, name="statement"),
]
urlpatterns += [
    path(f"{folder}/", include((module.urlpatterns, folder))) for folder, module in gateways.url_modules()
]
