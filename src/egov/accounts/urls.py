"""URLs under /tai-khoan/."""

from django.urls import include, path

from egov.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("dinh-danh/", include("egov.accounts.urls_oidc")),  # OpenID Connect sign-in (namespace "oidc")
    path("dang-nhap/", views.sign_in, name="login"),
    path("dang-nhap/ma-xac-thuc/", views.verify, name="verify"),
    path("dang-xuat/", views.sign_out, name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("xac-thuc-hai-lop/", views.totp_setup, name="totp_setup"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("quen-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
