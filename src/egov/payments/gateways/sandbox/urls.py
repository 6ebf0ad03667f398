from django.urls import path

from egov.payments.gateways.sandbox import views

urlpatterns = [
    path("<str:reference>/", views.page, name="page"),
]
