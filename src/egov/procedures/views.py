"""Public catalogue pages: search the procedures in force without accents, and one page per procedure
with everything a citizen needs before handing in a dossier."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.organizations.models import Agency
from egov.procedures import search
from egov.procedures.models import ProcedureVersion, Step, VersionAgency
from egov.procedures.presentation import copies_text, hours_text, processing_time_text, vnd

PAGE_SIZE = 20

# --- search page --------------------------------------------------------------------------------


def _agency_choices() -> list[tuple[str, object]]:
    """Kinds of agency first (every commune committee…), then each active agency, grouped by kind."""
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for identifier, name, kind in (
        Agency.objects.filter(is_active=True).order_by("path").values_list("identifier", "name", "kind")
    ):
        by_kind.setdefault(kind, []).append((identifier, name))
    labels = dict(Agency.Kind.choices)
    choices: list[tuple[str, object]] = [("", _("Tất cả")), (_("Loại cơ quan"), list(Agency.Kind.choices))]
    choices += [(labels.get(kind, kind), agencies) for kind, agencies in by_kind.items()]
    return choices


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tên hoặc mã thủ tục"),
        required=False,
        max_length=200,
        help_text=_("Có thể gõ không dấu, ví dụ: giay phep xay dung."),
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    agency = forms.ChoiceField(
        label=_("Cơ quan thực hiện"),
        required=False,
        help_text=_("Chọn Ủy ban nhân dân xã, phường của mình để xem các thủ tục cấp xã."),
    )
    level = forms.ChoiceField(
        label=_("Cấp thực hiện"), required=False, choices=[("", _("Tất cả")), *ProcedureVersion.Level.choices]
    )
    online_level = forms.ChoiceField(
        label=_("Dịch vụ công trực tuyến"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (ProcedureVersion.OnlineLevel.FULL, _("Toàn trình")),
            (ProcedureVersion.OnlineLevel.PARTIAL, _("Một phần")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Tất cả"))] + [
            (f.code, f.name) for f in search.fields_in_use()
        ]
        self.fields["agency"].choices = _agency_choices()


def procedure_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: every procedure in force, or the ones matching the search and filters, paged.
    A plain GET form: works without JavaScript, the filters stay in the pagination links."""
    form = ProcedureSearchForm(request.GET or None)
    criteria: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        criteria = {
            "q": data["q"].strip(),
            "field": data["field"],
            "level": data["level"],
            "online_level": data["online_level"],
        }
        if data["agency"]:
            criteria["agency"] = search.parse_agency(data["agency"])
    results = search.search(**criteria) if not form.errors else ProcedureVersion.objects.none()
    page = search.page_of(results, request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "procedures/list.html",
        {
            "form": form,
            "page": page,
            "results": page.object_list,
            "filtered": any(criteria.values()),
            "breadcrumbs": [(_("Trang chủ"), reverse("web:home")), (_("Thủ tục hành chính"), "")],
        },
    )


# --- procedure page -----------------------------------------------------------------------------


def _version_for_page(national_code: str) -> ProcedureVersion:
    version = (
        search.in_force()
        .filter(procedure__national_code=national_code.strip())
        .select_related("procedure", "field")
        .prefetch_related(
            Prefetch(
                "agencies", queryset=VersionAgency.objects.select_related("agency").order_by("part", "pk")
            ),
            "fees",
            "papers",
            Prefetch(
                "process__steps", queryset=Step.objects.select_related("other_agency").order_by("order")
            ),
        )
        .first()
    )
    if version is None:
        raise Http404
    return version


def eform_url(version: ProcedureVersion) -> str | None:
    """Where to hand in the dossier online (the e-form page), or ``None`` when this procedure takes no
    online dossier (offered only as information, or not accepted online)."""
    if not version.accepts_online or version.online_level == ProcedureVersion.OnlineLevel.NONE:
        return None
    return reverse("procedures:eform", args=[version.procedure.national_code])


def submission_url(version: ProcedureVersion) -> str | None:
    """Where a citizen starts filing a dossier of this procedure online (the portal's submission,
    /nop-ho-so/<code>/), or ``None`` when it takes no online dossier."""
    if eform_url(version) is None:
        return None
    return reverse("submission:start", args=[version.procedure.national_code])


def procedure_detail(request: HttpRequest, national_code: str) -> HttpResponse:
    """One procedure as in force today: who receives it, time, fees, papers, conditions, result,
    legal basis, online level, the internal steps and their times (made public for transparency)."""
    version = _version_for_page(national_code)
    agencies = list(version.agencies.all())
    steps = list(version.process.steps.all()) if version.process_id else []
    counted = [s for s in steps if s.counts_toward_time]
    context = {
        "version": version,
        "procedure": version.procedure,
        "processing_time": processing_time_text(version),
        "agencies": agencies,
        "fees": [(fee, vnd(fee.amount)) for fee in version.fees.all()],
        "papers": [(paper, copies_text(paper.originals, paper.copies)) for paper in version.papers.all()],
        "steps": [
            (step, hours_text(step.allotted_hours) if step.counts_toward_time else "") for step in steps
        ],
        "steps_total": hours_text(sum((s.allotted_hours for s in counted), Decimal("0"))) if counted else "",
        "eform_url": eform_url(version),
        "submission_url": submission_url(version),
        "breadcrumbs": [
            (_("Trang chủ"), reverse("web:home")),
            (_("Thủ tục hành chính"), reverse("procedures:list")),
            (version.name, ""),
        ],
    }
    return render(request, "procedures/detail.html", context)
