from django.urls import path

from egov.payments.gateways.cash import views

urlpatterns = [
    path("<str:code>/", views.record, name="record"),
]
