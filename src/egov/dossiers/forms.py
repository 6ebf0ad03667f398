"""HTML forms of the one-stop counter. They only parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.dossiers import files
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.procedures.models import ProcedureVersion

SCAN_PREFIX = "scans_"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the scans of one paper). Each is refused here when it is larger
    than the upload limit, before it is read; its type is checked by `egov.dossiers.files`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        limit = files.max_bytes()
        for item in cleaned:
            if item.size > limit:
                raise forms.ValidationError(
                    _("Tệp “%(name)s” lớn hơn %(mb)s MB cho phép.")
                    % {"name": item.name, "mb": limit // (1024 * 1024)}
                )
        return cleaned


def uploads_of(items: list[Any], *, paper_id: int | None = None) -> list[files.Upload]:
    """Uploaded files as the services take them (name, bytes, the paper they are scans of)."""
    return [files.Upload(name=item.name, content=item.read(), paper_id=paper_id) for item in items]


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
    """Step 2 (POST): the receiving agency, the applicant, the papers handed in with their scans, and
    how the applicant will receive the result."""

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
    return_method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        choices=Dossier.ReturnMethod.choices,
        initial=Dossier.ReturnMethod.COUNTER,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Mặc định: nhận tại bộ phận một cửa."),
    )

    def __init__(self, *args: Any, version: ProcedureVersion, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        agency_field.queryset = Agency.objects.filter(pk__in=[agency.pk for agency in agencies])
        if len(agencies) == 1:
            agency_field.initial = agencies[0].pk
        self.fields["procedure"].initial = version.procedure.national_code
        listed = list(version.papers.order_by("order", "pk"))
        self.fields["papers"].choices = [
            (str(paper.pk), paper.name if paper.is_required else f"{paper.name} ({_('không bắt buộc')})")
            for paper in listed
        ]
        for paper in listed:
            self.fields[f"{SCAN_PREFIX}{paper.pk}"] = MultipleFileField(
                label=_("Bản quét: %(paper)s") % {"paper": paper.name},
                help_text=_("Tệp PDF, JPG hoặc PNG; có thể chọn nhiều tệp."),
            )

    def applicant(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name] for name in ("full_name", "citizen_id", "phone", "email", "address")
        }

    def clean_return_method(self) -> str:
        return self.cleaned_data.get("return_method") or Dossier.ReturnMethod.COUNTER

    def paper_ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["papers"]]

    def uploads(self) -> list[files.Upload]:
        """The scans chosen for each paper, linked to that paper."""
        found: list[files.Upload] = []
        for name, value in self.cleaned_data.items():
            if name.startswith(SCAN_PREFIX) and value:
                found.extend(uploads_of(value, paper_id=int(name.removeprefix(SCAN_PREFIX))))
        return found
