"""HTML endpoints of the one-stop exceptions (thin: parse the form, call the service, redirect with a
message): supplement request (form 02), refusal (03), apology and extension (04), stop (05), withdrawal,
and the PDF of each form issued. The dossier page includes ``dossiers/_exceptions.html`` with the
context of `exceptions_context`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.core import errors
from egov.core.vietnamese_dates import written_moment
from egov.dossiers import selectors
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.paperwork import notices
from egov.dossiers.services import exceptions, processing

SUPPLEMENT_ROWS = 5
"""Blank "content / reason" rows the dossier page shows (no JavaScript). The form reads every
``content_N`` / ``reason_N`` pair sent (Django bounds the number of fields of a request), so a page
may offer more rows; the service refuses more than its limit of items."""


def _row_numbers(data: Any) -> list[int]:
    numbers = {
        int(name.split("_", 1)[1])
        for name in (data or {})
        if name.startswith(("content_", "reason_")) and name.split("_", 1)[1].isdigit()
    }
    return sorted(numbers | set(range(1, SUPPLEMENT_ROWS + 1)))


# --- Forms (parsing only; the rules live in services.exceptions) -----------------------------------


class SupplementForm(forms.Form):
    """Form 02: rows of "content / reason" and a note."""

    note = forms.CharField(label=gettext_lazy("Ghi chú, hướng dẫn thêm"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = _row_numbers(self.data)
        for row in self.rows:
            self.fields[f"content_{row}"] = forms.CharField(required=False, max_length=2000)
            self.fields[f"reason_{row}"] = forms.CharField(required=False, max_length=2000)

    def items(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"content_{row}"], self.cleaned_data[f"reason_{row}"]) for row in self.rows
        ]


class ReasonForm(forms.Form):
    """Forms 03 and the withdrawal: a reason."""

    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False, max_length=2000)


class StopForm(ReasonForm):
    """Form 05: a reason and its legal basis."""

    legal_basis = forms.CharField(label=gettext_lazy("Căn cứ pháp lý"), required=False, max_length=2000)


class ExtendForm(ReasonForm):
    """Form 04: the new appointment (date and time) and the reason for the delay."""

    new_due = forms.DateTimeField(
        label=gettext_lazy("Ngày, giờ hẹn trả kết quả mới"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": gettext_lazy("Ngày, giờ hẹn mới không hợp lệ (ví dụ 14/07/2025 16:30).")},
    )


# --- Context of the dossier page --------------------------------------------------------------------


def _issued(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "number": row.number,
            "title": row.title,
            "at_text": written_moment(row.at),
            "by": row.event.giver_name,
            "url": reverse("dossiers:exception_form_pdf", args=[dossier.code, row.number, row.event.pk]),
        }
        for row in notices.issued_forms(dossier)
    ]


def event_labels() -> dict[str, str]:
    """Names of the exceptions' timeline action codes, for the dossier page's timeline."""
    return {
        exceptions.REFUSE_ACTION: _("Từ chối tiếp nhận, giải quyết hồ sơ (mẫu 03)"),
        exceptions.EXTEND_ACTION: _("Xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)"),
        exceptions.STOP_ACTION: _("Dừng giải quyết hồ sơ (mẫu 05)"),
        exceptions.WITHDRAW_ACTION: _("Người nộp yêu cầu rút hồ sơ"),
    }


def _supplement_code(dossier: Dossier) -> str:
    if dossier.version.process_id is None:
        return ""
    action = exceptions.supplement_action(processing.process_of(dossier), dossier.step)
    return action.code if action is not None else ""


def exceptions_context(dossier: Dossier, user: Any) -> dict[str, Any]:
    """What ``dossiers/_exceptions.html`` needs besides ``dossier``: the exceptions the user may take
    now and the forms 02–05 already issued, with their PDF links. ``exceptions_replaces_actions``
    names the process actions that the panel's forms take (the supplement action, which needs the
    list of form 02): the page's generic action buttons should leave them out."""
    offered = exceptions.available(dossier, user)
    replaced = [_supplement_code(dossier)] if exceptions.SUPPLEMENT in offered else []
    return {
        "exceptions_offered": sorted(offered),
        "exceptions_supplement_rows": list(range(1, SUPPLEMENT_ROWS + 1)),
        "exceptions_issued": _issued(dossier),
        "exceptions_replaces_actions": [code for code in replaced if code],
        "exceptions_event_labels": event_labels(),
    }


# --- Endpoints ----------------------------------------------------------------------------------


def _dossier(request: HttpRequest, code: str, *, owner_may: bool = False) -> Dossier:
    try:
        dossier = selectors.dossier_by_code(code)
    except errors.NotFound as error:
        raise Http404(error.message_vi) from error
    is_owner = dossier.owner_id is not None and dossier.owner_id == request.user.pk
    if not (selectors.may_view(request.user, dossier) or (owner_may and is_owner)):
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))
    return dossier


def _after(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    if selectors.may_view(request.user, dossier):
        return redirect("dossiers:detail", code=dossier.code)
    return redirect(f"/tra-cuu/{dossier.code}/")


def _run(
    request: HttpRequest,
    dossier: Dossier,
    form: forms.Form,
    call: Callable[[dict[str, Any]], Dossier],
    success: str,
) -> HttpResponse:
    """Validate ``form``, run the service, and go back with a message (the refusal's, in the active
    language, when the service says no)."""
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
        return _after(request, dossier)
    try:
        call(form.cleaned_data)
    except errors.DomainError as error:
        messages.error(request, error.message(get_language()))
    else:
        messages.success(request, success)
    return _after(request, dossier)


@login_required
@require_POST
def request_supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Form 02: ask the applicant once for everything missing; the clock pauses."""
    dossier = _dossier(request, code)
    form = SupplementForm(request.POST)
    return _run(
        request,
        dossier,
        form,
        lambda data: exceptions.request_supplement(
            dossier=dossier, actor=request.user, items=form.items(), note=data["note"]
        ),
        _("Đã gửi phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02); thời hạn giải quyết tạm dừng."),
    )


@login_required
@require_POST
def refuse(request: HttpRequest, code: str) -> HttpResponse:
    """Form 03: refuse the dossier with the reasons (one a line)."""
    dossier = _dossier(request, code)
    return _run(
        request,
        dossier,
        ReasonForm(request.POST),
        lambda data: exceptions.refuse(dossier=dossier, actor=request.user, reason=data["reason"]),
        _("Đã từ chối tiếp nhận, giải quyết hồ sơ (mẫu 03)."),
    )


@login_required
@require_POST
def extend(request: HttpRequest, code: str) -> HttpResponse:
    """Form 04: apologise and give a new appointment."""
    dossier = _dossier(request, code)
    return _run(
        request,
        dossier,
        ExtendForm(request.POST),
        lambda data: exceptions.apologise_and_extend(
            dossier=dossier, actor=request.user, new_due=data["new_due"], reason=data["reason"]
        ),
        _("Đã ban hành văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)."),
    )


@login_required
@require_POST
def stop(request: HttpRequest, code: str) -> HttpResponse:
    """Form 05: stop processing the dossier."""
    dossier = _dossier(request, code)
    return _run(
        request,
        dossier,
        StopForm(request.POST),
        lambda data: exceptions.stop(
            dossier=dossier, actor=request.user, reason=data["reason"], legal_basis=data["legal_basis"]
        ),
        _("Đã thông báo dừng giải quyết hồ sơ (mẫu 05)."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    """Record the applicant's withdrawal (by the applicant's account or by a receiver for them)."""
    dossier = _dossier(request, code, owner_may=True)
    return _run(
        request,
        dossier,
        ReasonForm(request.POST),
        lambda data: exceptions.withdraw(dossier=dossier, actor=request.user, reason=data["reason"]),
        _("Đã ghi nhận yêu cầu rút hồ sơ của người nộp."),
    )


FILE_NAMES = {
    exceptions.FORM_SUPPLEMENT: "phieu-yeu-cau-bo-sung",
    exceptions.FORM_REFUSAL: "phieu-tu-choi",
    exceptions.FORM_APOLOGY: "van-ban-xin-loi-gia-han",
    exceptions.FORM_STOP: "thong-bao-dung-giai-quyet",
}


@login_required
def form_pdf(request: HttpRequest, code: str, number: str, event_id: int) -> HttpResponse:
    """Forms 02–05 as PDF, from the timeline row that issued them (officers who may open the dossier
    and the applicant's own account)."""
    dossier = _dossier(request, code, owner_may=True)
    event = DossierEvent.objects.filter(pk=event_id, dossier=dossier).select_related("giver_unit").first()
    if event is None or number not in FILE_NAMES:
        raise Http404(_("Không tìm thấy biểu mẫu này của hồ sơ."))
    try:
        form = notices.build(dossier, event, number=number)
    except LookupError as error:
        raise Http404(_("Không tìm thấy biểu mẫu này của hồ sơ.")) from error
    response = HttpResponse(render_form(form), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{FILE_NAMES[number]}-{dossier.code}-{event.pk}.pdf"'
    return response
