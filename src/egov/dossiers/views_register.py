"""Officer pages of forms 06 and 07: a dossier's processing control form (phiếu kiểm soát, form 06)
as PDF, and an agency's tracking book (sổ theo dõi hồ sơ, form 07) for a period as a page, a PDF
and an Excel workbook. Thin: the forms are built in `egov.dossiers.paperwork`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.accounts import permissions
from egov.core import errors
from egov.core.vietnamese_dates import table_date, table_moment
from egov.dossiers import selectors
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.paperwork import control, register
from egov.organizations.models import Agency
from egov.procedures.models import Procedure

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- Form 06 ------------------------------------------------------------------------------------


@login_required
def control_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """Form 06 (phiếu kiểm soát quá trình giải quyết hồ sơ) of a dossier as PDF."""
    try:
        dossier = selectors.dossier_by_code(code)
    except errors.NotFound as error:
        raise Http404(error.message_vi) from error
    if not selectors.may_view(request.user, dossier):
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))
    pdf = render_form(control.processing_control_form(dossier))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-kiem-soat-{dossier.code}.pdf"'
    return response


# --- Form 07 ------------------------------------------------------------------------------------


def register_agencies(user: Any) -> list[Agency]:
    """The agencies whose book ``user`` may open: those where they hold a dossier role (receive,
    process, approve), and the department above a division they work in (a department's
    specialists sit in its divisions and act for it)."""
    roles = {role for name in selectors.VIEW_ACTIONS for role in permissions.action(name).roles}
    ids = {grant.agency_id for grant in permissions.grants_of(user) if grant.role in roles}
    if not ids:
        return []
    own = list(Agency.objects.filter(pk__in=ids, is_active=True))
    parents = {a.parent_id for a in own if a.kind == Agency.Kind.DIVISION and a.parent_id is not None}
    above = list(Agency.objects.filter(pk__in=parents - ids, is_active=True))
    return sorted(own + above, key=lambda agency: agency.name)


def this_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of ``today``'s month."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


class RegisterForm(forms.Form):
    """Which book: the agency, the period (both days included) and, optionally, one procedure."""

    agency = forms.ChoiceField(label=gettext_lazy("Cơ quan, đơn vị"))
    start = forms.DateField(
        label=gettext_lazy("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    procedure = forms.ChoiceField(label=gettext_lazy("Thủ tục hành chính"), required=False)

    def __init__(self, *args: Any, agencies: list[Agency], procedures: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.agencies = {agency.identifier: agency for agency in agencies}
        self.fields["agency"].choices = [(agency.identifier, agency.name) for agency in agencies]
        self.fields["procedure"].choices = [("", _("— Mọi thủ tục —")), *procedures]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
            elif (end - start).days >= register.MAX_PERIOD_DAYS:
                self.add_error(
                    "end", _("Mỗi lần xem tối đa %(days)s ngày.") % {"days": register.MAX_PERIOD_DAYS}
                )
        return cleaned

    def chosen_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["agency"]]

    def chosen_procedure(self) -> Procedure | None:
        code = self.cleaned_data.get("procedure")
        return Procedure.objects.filter(national_code=code).first() if code else None

    def query(self) -> str:
        """The chosen book as a query string (for the download links and the pages)."""
        values = {
            "agency": self.cleaned_data["agency"],
            "start": self.cleaned_data["start"].isoformat(),
            "end": self.cleaned_data["end"].isoformat(),
        }
        if self.cleaned_data.get("procedure"):
            values["procedure"] = self.cleaned_data["procedure"]
        return urlencode(values)


def _procedure_choices() -> list[tuple[str, str]]:
    versions = selectors.receivable_versions().select_related("procedure")
    return [
        (version.procedure.national_code, f"{version.procedure.national_code} · {version.name}")
        for version in versions
    ]


def _register_form(request: HttpRequest) -> RegisterForm:
    """The book asked for, defaulting to the officer's first agency and this month; 403 when the
    officer has no dossier role anywhere or asks for an agency that is not theirs."""
    agencies = register_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Bạn không có quyền xem sổ theo dõi hồ sơ."))
    asked = request.GET.get("agency", "")
    mine = {agency.identifier for agency in agencies}
    if asked and asked not in mine and Agency.objects.filter(identifier=asked).exists():
        raise PermissionDenied(_("Bạn không có quyền xem sổ theo dõi hồ sơ của cơ quan này."))
    first, last = this_month(timezone.localdate())
    data = {"agency": agencies[0].identifier, "start": first.isoformat(), "end": last.isoformat()}
    data.update({key: value for key, value in request.GET.items() if key in RegisterForm.base_fields})
    return RegisterForm(data, agencies=agencies, procedures=_procedure_choices())


def _table_row(number: int, row: Any) -> list[str]:
    optional = [table_date(value) if value is not None else "" for value in (
        row.transferred_at, row.result_ready_at, row.returned_at
    )]  # fmt: skip
    return [
        str(number),
        row.dossier_code,
        row.procedure_name,
        row.applicant_name,
        row.applicant_contact,
        row.processing_agency,
        table_moment(row.received_at),
        table_moment(row.due_at),
        *optional,
        row.note,
    ]


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    """The tracking book on screen, a page of rows at a time, with links to its PDF and Excel."""
    form = _register_form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "dossiers/register.html", context, status=400)
    agency = form.chosen_agency()
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    dossiers = register.register_dossiers(agency, start, end, procedure=form.chosen_procedure())
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = register.register_rows(page.object_list)
    query = form.query()
    context.update(
        agency=agency,
        period_text=f"{table_date(start)} – {table_date(end)}",
        page=page,
        rows=[_table_row(page.start_index() + index, row) for index, row in enumerate(rows)],
        pdf_url=f"{reverse('dossiers:register_pdf')}?{query}",
        xlsx_url=f"{reverse('dossiers:register_xlsx')}?{query}",
    )
    return render(request, "dossiers/register.html", context)


def _book(request: HttpRequest) -> tuple[RegisterForm, Any]:
    form = _register_form(request)
    if not form.is_valid():
        return form, None
    book = register.tracking_register(
        form.chosen_agency(),
        form.cleaned_data["start"],
        form.cleaned_data["end"],
        procedure=form.chosen_procedure(),
    )
    return form, book


def _filename(form: RegisterForm, extension: str) -> str:
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return f"so-theo-doi-{form.cleaned_data['agency']}-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


@login_required
def register_pdf(request: HttpRequest) -> HttpResponse:
    """Form 07 for the chosen agency and period as PDF (landscape A4, headings on every page)."""
    form, book = _book(request)
    if book is None:
        return render(request, "dossiers/register.html", {"form": form}, status=400)
    response = HttpResponse(render_form(book), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(form, "pdf")}"'
    return response


@login_required
def register_xlsx(request: HttpRequest) -> HttpResponse:
    """Form 07 for the chosen agency and period as an Excel workbook."""
    form, book = _book(request)
    if book is None:
        return render(request, "dossiers/register.html", {"form": form}, status=400)
    response = HttpResponse(register.register_workbook(book), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(form, "xlsx")}"'
    return response
