"""HTML forms of the one-stop counter. They only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.procedures.models import ProcedureVersion


class ProcedureChoiceForm(forms.Form):
    """Step 1 of the counter intake (GET): which procedure the applicant files for."""

    procedure = forms.ChoiceField(label=_("Thủ tục hành chính"))

    def __init__(self, *args: Any, versions: list[ProcedureVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", _("— Chọn thủ tục —"))] + [
            (version.procedure.national_code, f"{version.procedure.national_code} · {version.name}")
            for version in versions
        ]


class CounterIntakeForm(forms.Form):
    """Step 2 (POST): the receiving agency, the applicant and the papers handed in."""

    procedure = forms.CharField(widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Cơ quan tiếp nhận"))
    full_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200, required=False)
    citizen_id = forms.CharField(label=_("Số định danh cá nhân"), max_length=20, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    papers = forms.MultipleChoiceField(
        label=_("Thành phần hồ sơ đã nhận"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, version: ProcedureVersion, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        agency_field.queryset = Agency.objects.filter(pk__in=[agency.pk for agency in agencies])
        if len(agencies) == 1:
            agency_field.initial = agencies[0].pk
        self.fields["procedure"].initial = version.procedure.national_code
        self.fields["papers"].choices = [
            (str(paper.pk), paper.name if paper.is_required else f"{paper.name} ({_('không bắt buộc')})")
            for paper in version.papers.order_by("order", "pk")
        ]

    def applicant(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name] for name in ("full_name", "citizen_id", "phone", "email", "address")
        }

    def paper_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["papers"]]
