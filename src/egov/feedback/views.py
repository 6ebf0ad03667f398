"""The satisfaction rating page (/danh-gia/<code>/): the dossier's owner rates the service once,
after completion. Thin: parse the form, call `services.rate`, show a refusal beside its field."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from egov.core import errors
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.models import Dossier
from egov.feedback import rules, selectors, services
from egov.feedback.models import Rating
from egov.web.forms import add_domain_error


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=gettext_lazy("Bạn có hài lòng với việc giải quyết hồ sơ này không?"),
        choices=Rating.Level.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn một mức độ hài lòng.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Góp ý (không bắt buộc)"),
        required=False,
        max_length=rules.COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Tối đa 2.000 ký tự. Góp ý được gửi cho cơ quan giải quyết hồ sơ."),
    )


def _own_dossier(request: HttpRequest, code: str) -> Dossier:
    """The signed-in user's dossier; 404 for a dossier of someone else, as for an unknown code."""
    missing = _("Không tìm thấy hồ sơ có mã %(code)s trong các hồ sơ của bạn.") % {"code": code}
    try:
        dossier = dossier_selectors.dossier_by_code(code)
    except errors.NotFound as error:
        raise Http404(missing) from error
    if dossier.owner_id is None or dossier.owner_id != request.user.pk:
        raise Http404(missing)
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, code: str) -> HttpResponse:
    """Rate the service of one finished dossier: very satisfied, satisfied or not satisfied, with an
    optional comment. Already rated: the rating is shown and a second one is refused (409)."""
    dossier = _own_dossier(request, code)
    existing = selectors.rating_of(dossier)
    detail_url = reverse("my:detail", args=[dossier.code])
    ratable = rules.may_rate(
        status=dossier.national_status,
        closed=dossier.closed_at is not None,
        already_rated=False,
    )
    if existing is None and not ratable:
        messages.info(request, _("Chỉ đánh giá được khi hồ sơ đã giải quyết xong."))
        return redirect(detail_url)
    posted = request.method == "POST"
    form = RatingForm(request.POST if posted else None)
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            try:
                services.rate(
                    dossier=dossier,
                    citizen=request.user,
                    level=form.cleaned_data["level"],
                    comment=form.cleaned_data["comment"],
                )
            except errors.NotFound as error:
                raise Http404(error.message_vi) from error
            except errors.DomainError as error:
                add_domain_error(form, error)
                status = 409 if error.status == 409 else 400
                existing = selectors.rating_of(dossier)
            else:
                messages.success(
                    request, _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn đã được gửi cho cơ quan.")
                )
                return redirect(detail_url)
    return render(
        request,
        "feedback/rate.html",
        {
            "dossier": dossier,
            "form": form,
            "rating": existing,
            "breadcrumbs": [
                (_("Trang chủ"), reverse("web:home")),
                (_("Hồ sơ của tôi"), reverse("my:list")),
                (dossier.code, detail_url),
                (_("Đánh giá mức độ hài lòng"), ""),
            ],
        },
        status=status,
    )
