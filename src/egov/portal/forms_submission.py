"""Forms of the online submission: the receiving agency, the applicant block with the return method,
one file input per paper, the final pledge. Every check speaks Vietnamese beside its field; the
identity rules are those of `egov.accounts.rules`, so the portal and the counter refuse the same."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.accounts import rules as identity
from egov.core.errors import ValidationFailed
from egov.dossiers import files
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.procedures.models import RequiredPaper

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
PAPER_FIELD_PREFIX = "giay_to_"


def _normalized(normalize: Callable[[str], str], value: str) -> str:
    try:
        return normalize(value)
    except ValidationFailed as error:
        raise forms.ValidationError(error.message(get_language()), code=error.code) from error


class AgencyForm(forms.Form):
    """Which agency receives the dossier (each ward's committee for a commune-level procedure)."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan tiếp nhận hồ sơ"),
        queryset=Agency.objects.none(),
        empty_label=_("— Chọn cơ quan —"),
        error_messages={
            "required": _("Vui lòng chọn cơ quan tiếp nhận hồ sơ."),
            "invalid_choice": _("Cơ quan đã chọn không tiếp nhận hồ sơ của thủ tục này."),
        },
        help_text=_("Với thủ tục cấp xã, chọn Ủy ban nhân dân xã, phường nơi bạn cư trú."),
    )

    def __init__(self, *args: Any, agencies: Iterable[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [agency.pk for agency in agencies]
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=ids).order_by("name", "pk")


RETURN_LABELS = {
    Dossier.ReturnMethod.COUNTER: _("Nhận trực tiếp tại bộ phận một cửa của cơ quan tiếp nhận"),
    Dossier.ReturnMethod.POST: _("Nhận qua dịch vụ bưu chính tại địa chỉ liên hệ (có thể mất phí)"),
    Dossier.ReturnMethod.ONLINE: _("Nhận bản điện tử trực tuyến trên cổng"),
}


class ApplicantForm(forms.Form):
    """The applicant (người nộp hồ sơ) and how the result is returned."""

    use_required_attribute = False

    full_name = forms.CharField(
        label=_("Họ, chữ đệm và tên"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập họ và tên người nộp hồ sơ.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    citizen_id = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=20,
        help_text=_("12 chữ số trên thẻ căn cước."),
        error_messages={"required": _("Vui lòng nhập số định danh cá nhân.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        help_text=_("Cơ quan tiếp nhận liên hệ với bạn qua số này."),
        error_messages={"required": _("Vui lòng nhập số điện thoại.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        max_length=500,
        help_text=_("Số nhà, đường, thôn, tổ; xã, phường; tỉnh, thành phố."),
        error_messages={"required": _("Vui lòng nhập địa chỉ liên hệ.")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    return_method = forms.ChoiceField(
        label=_("Hình thức nhận kết quả"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn hình thức nhận kết quả."),
            "invalid_choice": _("Hình thức nhận kết quả không hợp lệ."),
        },
    )

    def __init__(self, *args: Any, return_methods: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["return_method"].choices = [
            (method, RETURN_LABELS.get(method, method)) for method in return_methods
        ]

    def clean_full_name(self) -> str:
        return _normalized(identity.normalize_full_name, self.cleaned_data["full_name"])

    def clean_citizen_id(self) -> str:
        return _normalized(identity.normalize_citizen_id, self.cleaned_data["citizen_id"])

    def clean_phone(self) -> str:
        return _normalized(identity.normalize_phone, self.cleaned_data["phone"])

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        return _normalized(identity.normalize_email, email) if email else ""

    def clean_address(self) -> str:
        return " ".join(self.cleaned_data["address"].split())

    def applicant(self) -> dict[str, str]:
        """The applicant block as the draft keeps it (after `is_valid`)."""
        return {
            key: self.cleaned_data[key] for key in ("full_name", "citizen_id", "phone", "email", "address")
        }

    def as_typed(self) -> dict[str, str]:
        """What was typed, unchecked, for "save and continue later"."""
        return {
            key: " ".join(str(self.data.get(self.add_prefix(key), "")).split())[:500]
            for key in ("full_name", "citizen_id", "phone", "email", "address")
        }


class PapersForm(forms.Form):
    """One file input per paper of the procedure's list (all optional here: a paper that already has
    a file keeps it; the review refuses to go on while a required paper has none)."""

    use_required_attribute = False

    def __init__(self, *args: Any, papers: Iterable[RequiredPaper], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.papers = list(papers)
        limit_mb = files.max_bytes() // (1024 * 1024)
        for paper in self.papers:
            self.fields[field_name(paper)] = forms.FileField(
                label=paper.name,
                required=False,
                allow_empty_file=True,  # refused by files.check_uploads, with the file's name
                help_text=_("PDF, JPG hoặc PNG, tối đa %(mb)s MB.") % {"mb": limit_mb},
                widget=forms.FileInput(attrs={"accept": ACCEPT}),
            )

    def chosen(self) -> list[tuple[str, RequiredPaper, Any]]:
        """(field name, paper, uploaded file) of each input a file was chosen for."""
        return [
            (field_name(paper), paper, self.files[field_name(paper)])
            for paper in self.papers
            if self.files.get(field_name(paper))
        ]


def field_name(paper: RequiredPaper) -> str:
    return f"{PAPER_FIELD_PREFIX}{paper.pk}"


class ConfirmForm(forms.Form):
    """The applicant's pledge before the dossier is sent."""

    pledge = forms.BooleanField(
        label=_(
            "Tôi xin cam đoan những thông tin đã khai là đúng sự thật và chịu trách nhiệm trước pháp luật "
            "về nội dung đã khai và các giấy tờ đã nộp."
        ),
        error_messages={"required": _("Vui lòng đánh dấu lời cam đoan trước khi nộp hồ sơ.")},
    )
    use_required_attribute = False
