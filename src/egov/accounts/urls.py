"""URLs under /tai-khoan/."""

from django.urls import include, path

from egov.accounts import views, views_profile, views_verification

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("dinh-danh/", include("egov.accounts.urls_oidc")),  # OpenID Connect sign-in (namespace "oidc")
    path("dang-nhap/", views.sign_in, name="login"),
    path("dang-nhap/ma-xac-thuc/", views.verify, name="verify"),
    path("dang-xuat/", views.sign_out, name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-thuc/", views_verification.register_verify, name="register_verify"),
    path("ho-so/", views_profile.profile, name="profile"),
    path("ho-so/xac-thuc/", views_verification.contact_verify, name="contact_verify"),
    path("xac-thuc-hai-lop/", views.totp_setup, name="totp_setup"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    # Before the <uidb64>/<token>/ pattern, which these paths would otherwise match.
    path("quen-mat-khau/dien-thoai/", views_verification.phone_reset, name="phone_reset"),
    path(
        "quen-mat-khau/dien-thoai/ma-xac-thuc/",
        views_verification.phone_reset_confirm,
        name="phone_reset_confirm",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("quen-mat-khau/xong/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
