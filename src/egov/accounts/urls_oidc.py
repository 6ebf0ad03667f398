"""URLs of single sign-on under /tai-khoan/dinh-danh/ (namespace "accounts:oidc")."""

from django.urls import path

from egov.accounts import views_oidc

app_name = "oidc"

urlpatterns = [
    path("dang-nhap/", views_oidc.start, name="start"),
    # The redirect URI registered with the provider: /tai-khoan/dinh-danh/ket-qua/
    path("ket-qua/", views_oidc.callback, name="callback"),
]
