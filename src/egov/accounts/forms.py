"""HTML forms for signing in, the second factor, registration and one's own account.

Fields are checked with the pure rules (`rules.py`) so that the message beside each field is the
same Vietnamese text the services raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.accounts import rules
from egov.core.errors import DomainError, ValidationFailed


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's error beside the field it names, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message(get_language()))


def _clean_with(normalize: Callable[[str], str], value: str) -> str:
    try:
        return normalize(value)
    except ValidationFailed as error:
        raise forms.ValidationError(error.message(get_language()), code=error.code) from error


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label=_("Tên đăng nhập, thư điện tử hoặc số định danh cá nhân"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=12,
        help_text=_("Mở ứng dụng xác thực trên điện thoại và nhập mã đang hiển thị."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class CitizenRegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        max_length=20,
        help_text=_("12 chữ số in trên thẻ căn cước."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"), max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        help_text=_("Ít nhất 10 ký tự, không quá phổ biến, không chỉ gồm chữ số."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_full_name(self) -> str:
        return _clean_with(rules.normalize_full_name, self.cleaned_data["full_name"])

    def clean_citizen_id(self) -> str:
        return _clean_with(rules.normalize_citizen_id, self.cleaned_data["citizen_id"])

    def clean_phone(self) -> str:
        return _clean_with(rules.normalize_phone, self.cleaned_data["phone"])

    def clean_email(self) -> str:
        return _clean_with(rules.normalize_email, self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Hai lần nhập mật khẩu không giống nhau."))
        return data


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)

    def clean_full_name(self) -> str:
        return _clean_with(rules.normalize_full_name, self.cleaned_data["full_name"])

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        return _clean_with(rules.normalize_phone, value) if value else ""

    def clean_email(self) -> str:
        value = self.cleaned_data["email"]
        return _clean_with(rules.normalize_email, value) if value else ""


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    """Django's reset form. The address is matched case-insensitively against active accounts,
    including officers created without a password (a reset link is how they set their first one).
    The page says the same thing whether or not an account matched."""

    email = forms.EmailField(
        label=_("Thư điện tử đã đăng ký"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Iterator[Any]:
        from egov.accounts.models import User

        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from egov.accounts import services

        services.record_password_reset_requested(user=context["user"])
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )


class NewPasswordForm(auth_forms.SetPasswordForm):
    """Set a new password from a reset link; saving goes through `services.reset_password`."""

    def save(self, commit: bool = True) -> Any:
        from egov.accounts import services

        password = self.cleaned_data["new_password1"]
        self.user = services.reset_password(user=self.user, password=password)
        return self.user
