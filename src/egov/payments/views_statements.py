"""Officer pages of bank statement reconciliation: /thanh-toan/doi-soat/sao-ke/ (upload, recent
statements) and /thanh-toan/doi-soat/sao-ke/<id>/ (each line: matched, or why not)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from egov.accounts import permissions
from egov.core.errors import DomainError
from egov.payments import statements
from egov.payments.amount_words import digits
from egov.payments.models import Statement
from egov.web.forms import add_domain_error


class StatementForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp sao kê"),
        help_text=gettext_lazy(
            "Tệp .csv hoặc .xlsx tải từ ngân hàng, có các cột Ngày giao dịch, Số tiền (hoặc Ghi có), "
            "Nội dung và nếu có Số tham chiếu; tối đa 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


def _require(request: HttpRequest) -> None:
    if not permissions.can(request.user, "payments.reconcile"):
        raise PermissionDenied(_("Bạn không có quyền nhập sao kê ngân hàng để đối soát thanh toán."))


def _breadcrumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Trang chủ"), "/"),
        (_("Đối soát thanh toán"), reverse("payments:report")),
        *extra,
    ]


@login_required
@require_http_methods(["GET", "POST"])
def statement_import(request: HttpRequest) -> HttpResponse:
    _require(request)
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > statements.MAX_STATEMENT_BYTES:
            form.add_error("file", _("Tệp sao kê lớn hơn 5 MB; hãy tách theo khoảng thời gian."))
        else:
            try:
                imported = statements.import_statement(
                    file_name=upload.name, content=upload.read(), officer=request.user
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if imported.created:
                    messages.success(
                        request,
                        _("Đã nhập sao kê: %(matched)s giao dịch khớp, %(unmatched)s không khớp.")
                        % {
                            "matched": imported.statement.matched_count,
                            "unmatched": imported.statement.unmatched_count,
                        },
                    )
                else:
                    messages.warning(
                        request, _("Tệp sao kê này đã được nhập trước đó; không có gì thay đổi.")
                    )
                return redirect("payments:statement", pk=imported.statement.pk)
    return render(
        request,
        "payments/statement_import.html",
        {
            "form": form,
            "statements": statements.recent_statements(),
            "breadcrumbs": _breadcrumbs((_("Nhập sao kê ngân hàng"), "")),
        },
        status=400 if form.errors else 200,
    )


@login_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    statement = get_object_or_404(Statement.objects.select_related("imported_by"), pk=pk)
    lines = [
        {"line": line, "amount": digits(line.amount), "reason": line.reason()}
        for line in statement.lines.select_related("payment__dossier")
    ]
    return render(
        request,
        "payments/statement_detail.html",
        {
            "statement": statement,
            "matched": [item for item in lines if item["line"].matched],
            "unmatched": [item for item in lines if not item["line"].matched],
            "breadcrumbs": _breadcrumbs(
                (_("Nhập sao kê ngân hàng"), reverse("payments:statement_import")), (statement.file_name, "")
            ),
        },
    )
