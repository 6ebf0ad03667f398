"""Forms around one-time codes: entering a code, asking for a reset code by phone, setting a new
password with it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.accounts import one_time_codes as otc
from egov.accounts import rules
from egov.accounts.forms import _clean_with


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


def _clean_code(value: str) -> str:
    code = otc.clean_code(value)
    if not otc.is_well_formed(code):
        raise forms.ValidationError(_("Mã xác thực gồm đúng 6 chữ số."), code="otp.malformed")
    return code


class CodeForm(forms.Form):
    code = _code_field()

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data["code"])


class PhoneResetRequestForm(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại đã đăng ký"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "autofocus": True}),
    )

    def clean_phone(self) -> str:
        return _clean_with(rules.normalize_phone, self.cleaned_data["phone"])


class PhoneResetForm(forms.Form):
    code = _code_field()
    password = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        help_text=_("Ít nhất 10 ký tự, không quá phổ biến, không chỉ gồm chữ số."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_code(self) -> str:
        return _clean_code(self.cleaned_data["code"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Hai lần nhập mật khẩu không giống nhau."))
        return data
