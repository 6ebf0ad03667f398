"""URL patterns (namespace "payment_callbacks"): gateways' server-to-server notifications, mounted at
/thanh-toan/thong-bao/ without a language prefix."""

from django.urls import path

from egov.payments import views_callbacks

app_name = "payment_callbacks"

urlpatterns = [
    path("<slug:gateway_code>/", views_callbacks.notification, name="notify"),
]
