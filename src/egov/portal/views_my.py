"""Pages of "Hồ sơ của tôi" (/ho-so-cua-toi/): the citizen's list and dossier page, the papers issued
to them as PDF, their files, and their answers (supplement for form 02, withdrawal).

Thin views: parse the input, call a selector of `egov.portal.my_dossiers` or a use case, render.
Every page starts from `my_dossiers.my_dossier`, which answers 404 for a dossier of someone else
exactly as for a code that does not exist. A refused answer is shown beside its field on the same
page (status 400, or 409 when the dossier's state does not allow it); nothing is written then.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from egov.core import errors
from egov.dossiers import files
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.forms import MultipleFileField, uploads_of
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.paperwork import notices
from egov.dossiers.services import exceptions, supplements
from egov.dossiers.views_exceptions import FILE_NAMES
from egov.portal import citizen_rules as rules
from egov.portal import my_dossiers
from egov.web.forms import add_domain_error

# --- Forms (parsing only; the rules live in the services) -----------------------------------------


class SupplementForm(forms.Form):
    """The citizen's answer to form 02: the files and an optional note."""

    files = MultipleFileField(
        label=gettext_lazy("Giấy tờ bổ sung"),
        help_text=gettext_lazy(
            "Tệp PDF, JPG hoặc PNG, mỗi tệp không quá %(mb)s MB; có thể chọn nhiều tệp cùng lúc."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú cho cơ quan giải quyết (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, max_mb: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = self.fields["files"].help_text % {"mb": max_mb}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do rút hồ sơ"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Lý do được gửi cho cơ quan giải quyết. Hồ sơ đã rút không tiếp tục giải quyết."
        ),
    )


# --- Helpers --------------------------------------------------------------------------------------


def _mine(request: HttpRequest, code: str) -> Dossier:
    """The signed-in user's dossier with ``code``; 404 for another person's dossier or a wrong code."""
    try:
        return my_dossiers.my_dossier(request.user, code)
    except errors.NotFound as error:
        raise Http404(error.message_vi) from error


def _breadcrumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Trang chủ"), reverse("web:home")), (_("Hồ sơ của tôi"), reverse("my:list")), *extra]


def _detail_url(dossier: Dossier) -> str:
    return reverse("my:detail", args=[dossier.code])


def _status_of(error: errors.DomainError) -> int:
    return 409 if error.status == 409 else 400


# --- List and detail ------------------------------------------------------------------------------


@login_required
@require_GET
def my_list(request: HttpRequest) -> HttpResponse:
    """The citizen's dossiers: being processed (default), ended, or all; 20 a page, newest first."""
    scope = rules.parse_scope(request.GET.get("tinh-trang"))
    page, rows = my_dossiers.my_dossiers(request.user, scope=scope, page=request.GET.get("page"))
    scopes = [
        (rules.ListScope.OPEN, _("Đang giải quyết")),
        (rules.ListScope.FINISHED, _("Đã kết thúc")),
        (rules.ListScope.ALL, _("Tất cả")),
    ]
    return render(
        request,
        "portal/my/list.html",
        {
            "page": page,
            "rows": rows,
            "scope": scope,
            "scopes": [(str(value), label, value == scope) for value, label in scopes],
            "breadcrumbs": [(_("Trang chủ"), reverse("web:home")), (_("Hồ sơ của tôi"), "")],
        },
    )


def _detail_context(dossier: Dossier) -> dict[str, Any]:
    view = my_dossiers.page(dossier)
    return {
        "view": view,
        "dossier": dossier,
        "may_supplement": rules.CitizenAction.SUPPLEMENT in view.actions,
        "may_withdraw": rules.CitizenAction.WITHDRAW in view.actions,
        "may_rate": rules.CitizenAction.RATE in view.actions,
        "breadcrumbs": _breadcrumbs((dossier.code, "")),
    }


@login_required
@require_GET
def my_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One of the citizen's dossiers: status, due, timeline, papers issued, files, what to do now."""
    dossier = _mine(request, code)
    return render(request, "portal/my/detail.html", _detail_context(dossier))


# --- Papers and files -----------------------------------------------------------------------------


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """Form 01 of the citizen's dossier, once an officer has received it (404 before)."""
    dossier = _mine(request, code)
    if not my_dossiers.receipt_issued(dossier):
        raise Http404(_("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận."))
    lookup = request.build_absolute_uri(f"/tra-cuu/{dossier.code}/")
    pdf = render_form(dossier_selectors.receipt_form(dossier, lookup_url=lookup))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return response


@login_required
@require_GET
def form_pdf(request: HttpRequest, code: str, number: str, event_id: int) -> HttpResponse:
    """Form 02, 03, 04 or 05 issued for the citizen's dossier, from the timeline row that issued it."""
    dossier = _mine(request, code)
    event = DossierEvent.objects.filter(pk=event_id, dossier=dossier).select_related("giver_unit").first()
    if event is None or number not in FILE_NAMES:
        raise Http404(_("Không tìm thấy biểu mẫu này trong hồ sơ của bạn."))
    try:
        form = notices.build(dossier, event, number=number)
    except LookupError as error:
        raise Http404(_("Không tìm thấy biểu mẫu này trong hồ sơ của bạn.")) from error
    response = HttpResponse(render_form(form), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{FILE_NAMES[number]}-{dossier.code}-{event.pk}.pdf"'
    return response


@login_required
@require_GET
def file_download(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """A file of the citizen's dossier that they may download (the result, their own papers, forms)."""
    dossier = _mine(request, code)
    try:
        row = my_dossiers.downloadable_file(dossier, file_id)
    except errors.NotFound as error:
        raise Http404(error.message_vi) from error
    try:
        handle = default_storage.open(row.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("Tệp chưa được lưu hoặc đã bị xóa.")) from error
    response = FileResponse(handle, content_type=row.content_type, as_attachment=True, filename=row.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Answers --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Answer form 02 online: the items asked for, the upload form; sending resumes the clock."""
    dossier = _mine(request, code)
    view = my_dossiers.page(dossier)
    if rules.CitizenAction.SUPPLEMENT not in view.actions:
        messages.info(request, _("Hồ sơ này hiện không chờ bạn bổ sung giấy tờ."))
        return redirect(_detail_url(dossier))
    limit_mb = files.max_bytes() // (1024 * 1024)
    posted = request.method == "POST"
    form = SupplementForm(
        request.POST if posted else None, request.FILES if posted else None, max_mb=limit_mb
    )
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            try:
                supplements.submit_supplement(
                    dossier=dossier,
                    citizen=request.user,
                    uploads=uploads_of(form.cleaned_data["files"]),
                    note=form.cleaned_data["note"],
                )
            except errors.NotFound as error:
                raise Http404(error.message_vi) from error
            except errors.DomainError as error:
                add_domain_error(form, error)
                status = _status_of(error)
            else:
                messages.success(
                    request,
                    _(
                        "Đã gửi giấy tờ bổ sung. Hồ sơ tiếp tục được giải quyết; "
                        "hẹn trả kết quả đã được cập nhật."
                    ),
                )
                return redirect(_detail_url(dossier))
    return render(
        request,
        "portal/my/supplement.html",
        {
            "view": view,
            "dossier": dossier,
            "form": form,
            "breadcrumbs": _breadcrumbs((dossier.code, _detail_url(dossier)), (_("Bổ sung hồ sơ"), "")),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Ask to withdraw the dossier (status 7): a confirmation page with the reason, then the request."""
    dossier = _mine(request, code)
    view = my_dossiers.page(dossier)
    if rules.CitizenAction.WITHDRAW not in view.actions:
        messages.info(request, _("Hồ sơ này không còn rút được."))
        return redirect(_detail_url(dossier))
    posted = request.method == "POST"
    form = WithdrawForm(request.POST if posted else None)
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            try:
                exceptions.withdraw(dossier=dossier, actor=request.user, reason=form.cleaned_data["reason"])
            except errors.DomainError as error:
                add_domain_error(form, error)
                status = _status_of(error)
            else:
                messages.success(
                    request, _("Đã gửi yêu cầu rút hồ sơ. Hồ sơ không tiếp tục được giải quyết.")
                )
                return redirect(_detail_url(dossier))
    return render(
        request,
        "portal/my/withdraw.html",
        {
            "view": view,
            "dossier": dossier,
            "form": form,
            "breadcrumbs": _breadcrumbs((dossier.code, _detail_url(dossier)), (_("Rút hồ sơ"), "")),
        },
        status=status,
    )
