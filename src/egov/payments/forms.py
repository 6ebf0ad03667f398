"""Forms of the payments pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.payments import gateways

MAX_REPORT_DAYS = 366


class GatewayChoiceForm(forms.Form):
    gateway = forms.ChoiceField(label=_("Chọn hình thức thanh toán"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gateway"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = gateways.citizen_choices()


class CashForm(forms.Form):
    received_amount = forms.IntegerField(
        label=_("Số tiền đã nhận (đồng)"),
        min_value=0,
        help_text=_("Nhập đúng số tiền phải nộp; hệ thống lập biên lai ngay khi ghi nhận."),
    )


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
            elif (end - start).days >= MAX_REPORT_DAYS:
                self.add_error("end", _("Mỗi lần xem tối đa 366 ngày."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Lý do hủy hóa đơn"), max_length=500)


class RefundForm(forms.Form):
    amount = forms.IntegerField(label=_("Số tiền hoàn (đồng)"), min_value=1)
    reason = forms.CharField(label=_("Lý do hoàn tiền"), max_length=500)
