"""Public dossier lookup pages under /tra-cuu/: a search form and the result page the QR on form 01 opens.

No sign-in; the page shows `egov.dossiers.lookup.PublicDossier` only (no personal data) and every lookup
counts against the client's rate limit (`egov.dossiers.ratelimit`).
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from egov.core.errors import NotFound
from egov.core.vietnamese_dates import short_moment
from egov.dossiers import lookup
from egov.dossiers.ratelimit import LookupRateLimited, check_lookup_rate


class LookupForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=lookup.MAX_SCANNED_LENGTH,  # a code, or the address read from the QR
        help_text=_("Mã in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ 000.00.12.H57-250707-0001."),
    )

    def clean_ma(self) -> str:
        code = lookup.normalize_code(self.cleaned_data["ma"])
        if not code or "/" in code:
            raise forms.ValidationError(_("Mã hồ sơ không hợp lệ."), code="invalid")
        return code


def _breadcrumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Trang chủ"), reverse("web:home")),
        (_("Tra cứu hồ sơ"), reverse("dossier_lookup:search")),
        *extra,
    ]


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The "Tra cứu hồ sơ" form; a valid code goes on to the dossier's lookup page."""
    form = LookupForm(request.GET or None)
    if form.is_valid():
        return redirect("dossier_lookup:detail", code=form.cleaned_data["ma"])
    return render(
        request,
        "dossiers/lookup_search.html",
        {"form": form, "breadcrumbs": [(_("Trang chủ"), reverse("web:home")), (_("Tra cứu hồ sơ"), "")]},
    )


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    """The public state of one dossier; a friendly 404 for an unknown code, 429 past the rate limit."""
    try:
        check_lookup_rate(request)
    except LookupRateLimited as error:
        response = render(
            request,
            "dossiers/lookup_limited.html",
            {"message": error.message(request.LANGUAGE_CODE)},
            status=429,
        )
        response["Retry-After"] = str(error.retry_after)
        return response
    try:
        dossier = lookup.public_dossier(code)
    except NotFound:
        return render(
            request,
            "dossiers/lookup_not_found.html",
            {
                "code": code,
                "form": LookupForm(),
                "search_url": reverse("dossier_lookup:search"),
                "breadcrumbs": _breadcrumbs((code, "")),
            },
            status=404,
        )
    return render(
        request,
        "dossiers/lookup_detail.html",
        {
            "dossier": dossier,
            "moments": _moments(dossier),
            "steps": [(step.name, short_moment(step.at)) for step in dossier.steps],
            "step_columns": [_("Bước"), _("Thời điểm")],
            "breadcrumbs": _breadcrumbs((dossier.code, "")),
        },
    )


def _moments(dossier: lookup.PublicDossier) -> list[tuple[str, str]]:
    """The clock's moments written the Vietnamese way, those that have happened (or are due)."""
    rows = [
        (_("Tiếp nhận lúc"), dossier.received_at),
        (_("Hẹn trả kết quả lúc"), dossier.due_at),
        (_("Giải quyết xong lúc"), dossier.finished_at),
        (_("Trả kết quả lúc"), dossier.returned_at),
        (_("Kết thúc xử lý lúc"), dossier.closed_at),
    ]
    return [(label, short_moment(moment)) for label, moment in rows if moment is not None]
