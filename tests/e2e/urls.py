"""The project's URLs plus one page that renders a form through the design system's component, so
the browser test checks the component itself (the pages that use it belong to other apps)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from egov.urls import handler404, handler500  # noqa: F401
from egov.urls import urlpatterns as project_urlpatterns


class PhoneForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên")
    phone = forms.CharField(label="Số điện thoại", help_text="10 chữ số, bắt đầu bằng 0.")

    def clean_phone(self) -> str:
        from egov.accounts.rules import normalize_phone
        from egov.core.errors import ValidationFailed

        try:
            return normalize_phone(self.cleaned_data["phone"])
        except ValidationFailed as error:
            raise forms.ValidationError(error.message_vi, code=error.code) from error


def phone_form(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return HttpResponse("ok")
    return HttpResponse(PAGE.render({"form": form}, request))


PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<div class="container page"><h1>Biểu mẫu thử</h1>'
    '{% include "web/components/form.html" with submit_label="Gửi" %}</div>{% endblock %}'
)


urlpatterns = [path("e2e/form/", phone_form, name="e2e-form"), *project_urlpatterns]
