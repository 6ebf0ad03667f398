"""Forms of the profile page: name, citizen id, address with province and ward; a new e-mail
address or phone number (saved only after its code)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.accounts import rules
from egov.accounts.forms import _clean_with
from egov.organizations.models import AdministrativeUnit


class ProfileForm(forms.Form):
    """`province` picks from the provinces; `ward` from the wards of the province in the data (or
    the initial one): the page reloads the ward list with the "Chọn xã, phường" button, no script."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address = forms.CharField(
        label=_("Địa chỉ (số nhà, đường, thôn, tổ)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Chọn tỉnh, thành phố —"),
        error_messages={"invalid_choice": _("Hãy chọn một tỉnh, thành phố trong danh sách.")},
    )
    ward = forms.ModelChoiceField(
        label=_("Xã, phường, đặc khu"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        empty_label=_("— Chọn xã, phường —"),
        error_messages={
            "invalid_choice": _(
                "Xã, phường đã chọn không thuộc tỉnh, thành phố đã chọn. "
                "Hãy bấm “Chọn xã, phường” để tải lại danh sách."
            )
        },
        help_text=_("Đổi tỉnh, thành phố thì bấm “Chọn xã, phường” để tải danh sách xã, phường của tỉnh đó."),
    )

    def __init__(
        self, *args: Any, citizen_id_locked: bool = False, citizen_id_required: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.citizen_id_locked = citizen_id_locked
        self.fields["citizen_id"].required = citizen_id_required  # officers may have none
        provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).order_by(
            "name"
        )
        self.fields["province"].queryset = provinces
        self.fields["ward"].queryset = self._wards(self._chosen_province_id())
        if citizen_id_locked:
            field = self.fields["citizen_id"]
            field.disabled = True
            field.required = False
            field.help_text = _("Đã xác minh qua tài khoản định danh điện tử, không sửa được.")

    def _chosen_province_id(self) -> str:
        if self.is_bound:
            return self.data.get(self.add_prefix("province")) or ""
        initial = self.initial.get("province")
        return str(getattr(initial, "pk", initial) or "")

    @staticmethod
    def _wards(province_id: str) -> Any:
        if not province_id or not str(province_id).isdigit():
            return AdministrativeUnit.objects.none()
        return AdministrativeUnit.objects.filter(
            level=AdministrativeUnit.Level.WARD, parent_id=int(province_id)
        ).order_by("name")

    def clean_full_name(self) -> str:
        return _clean_with(rules.normalize_full_name, self.cleaned_data["full_name"])

    def clean_citizen_id(self) -> str:
        if self.citizen_id_locked:
            return str(self.initial.get("citizen_id", ""))
        value = self.cleaned_data["citizen_id"]
        return _clean_with(rules.normalize_citizen_id, value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("ward") is not None and data.get("province") is None:
            self.add_error("province", _("Hãy chọn tỉnh, thành phố của xã, phường."))
        return data


class EmailChangeForm(forms.Form):
    prefix = "email_change"
    email = forms.CharField(
        label=_("Thư điện tử mới"),
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )

    def clean_email(self) -> str:
        return _clean_with(rules.normalize_email, self.cleaned_data["email"])


class PhoneChangeForm(forms.Form):
    prefix = "phone_change"
    phone = forms.CharField(
        label=_("Số điện thoại di động mới"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        return _clean_with(rules.normalize_phone, self.cleaned_data["phone"])
