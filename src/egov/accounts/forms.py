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
        label=_("Số định danh cá nhân, thư điện tử, số điện thoại hoặc tên đăng nhập"),
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
    """Registration: nothing is created here; a code goes to the chosen contact first."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        max_length=20,
        help_text=_("12 chữ số in trên thẻ căn cước."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    channel = forms.ChoiceField(
        label=_("Nhận mã xác thực qua"),
        choices=[("email", _("Thư điện tử")), ("sms", _("Tin nhắn SMS"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Nhập ít nhất thư điện tử hoặc số điện thoại. Mã xác thực được gửi tới địa chỉ bạn chọn."
        ),
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
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_full_name(self) -> str:
        return _clean_with(rules.normalize_full_name, self.cleaned_data["full_name"])

    def clean_citizen_id(self) -> str:
        return _clean_with(rules.normalize_citizen_id, self.cleaned_data["citizen_id"])

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        return _clean_with(rules.normalize_phone, value) if value.strip() else ""

    def clean_email(self) -> str:
        value = self.cleaned_data["email"]
        return _clean_with(rules.normalize_email, value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Hai lần nhập mật khẩu không giống nhau."))
        if "email" in data and "phone" in data and not data["email"] and not data["phone"]:
            self.add_error(
                "email", _("Vui lòng nhập thư điện tử hoặc số điện thoại (ít nhất một) để nhận mã xác thực.")
            )
        return data


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
