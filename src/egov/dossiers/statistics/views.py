"""The leaders' statistics page `/ho-so/thong-ke/` and its Excel export (thin: parse, select, render).

GET parameters: ``period`` (``2025-07``, ``2025-Q3``, ``2025-H2``, ``2025``; default this month),
``agency`` (an agency the officer may read, default the highest one), ``by`` (``agency`` or
``procedure``), ``format=xlsx`` for the same table as a spreadsheet. Works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egov.core.vietnamese_dates import short_moment
from egov.dossiers.statistics import rules, selectors, table
from egov.organizations.models import Agency

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class StatisticsForm(forms.Form):
    """The choice of period, agency and grouping (a GET form)."""

    period = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), required=False)
    agency = forms.ChoiceField(label=gettext_lazy("Cơ quan, đơn vị"), required=False)
    by = forms.ChoiceField(
        label=gettext_lazy("Thống kê theo"),
        required=False,
        choices=[
            (selectors.BY_AGENCY, gettext_lazy("Cơ quan, đơn vị trực thuộc")),
            (selectors.BY_PROCEDURE, gettext_lazy("Thủ tục hành chính")),
        ],
    )

    def __init__(
        self, *args: Any, periods: list[rules.Period], agencies: list[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(item.code, table.period_label(item)) for item in periods]
        self.fields["agency"].choices = [(str(item.pk), item.name) for item in agencies]


def _chosen_agency(request: HttpRequest, roots: list[Agency]) -> Agency:
    """The agency asked for (``?agency=``), which the officer must be allowed to read."""
    raw = request.GET.get("agency", "").strip()
    if not raw:
        return roots[0]
    if not raw.isdigit():
        raise Http404(_("Không tìm thấy cơ quan, đơn vị."))
    agency = Agency.objects.filter(pk=int(raw)).first()
    if agency is None:
        raise Http404(_("Không tìm thấy cơ quan, đơn vị."))
    if not selectors.may_read(request.user, agency, roots=roots):
        raise PermissionDenied(_("Bạn không có quyền xem thống kê của cơ quan, đơn vị này."))
    return agency


def overdue_inbox_url() -> str:
    """The inbox's "quá hạn" tab (`/ho-so/?tab=overdue`)."""
    try:
        base = reverse("dossiers:inbox")
    except NoReverseMatch:
        base = reverse("dossiers:statistics").removesuffix("thong-ke/")
    return f"{base}?{urlencode({'tab': 'overdue'})}"


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Received, finished (early / on time / late) and closed dossiers of a period per agency or per
    procedure, with the on-time rate and the open dossiers now; ``format=xlsx`` downloads the table."""
    roots = selectors.statistics_agencies(request.user)
    if not roots:
        raise PermissionDenied(_("Bạn không có quyền xem thống kê hồ sơ."))
    agency = _chosen_agency(request, roots)
    today = timezone.localdate()
    periods = rules.recent_periods(today)
    asked = rules.parse_period(request.GET.get("period", ""))
    if asked is not None and asked not in periods:
        periods.append(asked)  # an older period asked for by address: allowed, not offered
    choices = roots if agency in roots else [*roots, agency]
    form = StatisticsForm(request.GET or None, periods=periods, agencies=choices)
    period = rules.period_containing(today)
    by = selectors.BY_AGENCY
    status = 200
    if form.is_bound:
        if form.is_valid():
            period = rules.parse_period(form.cleaned_data["period"]) or period
            by = form.cleaned_data["by"] or by
        else:
            status = 400
            period = rules.parse_period(request.GET.get("period", "")) or period
            by = selectors.BY_PROCEDURE if request.GET.get("by") == selectors.BY_PROCEDURE else by
    else:
        form = StatisticsForm(
            initial={"period": period.code, "agency": str(agency.pk), "by": by},
            periods=periods,
            agencies=choices,
        )
    report = selectors.report(agency=agency, period=period, by=by)
    if request.GET.get("format") == "xlsx" and status == 200:
        response = HttpResponse(table.workbook(report), content_type=XLSX)
        name = f"thong-ke-ho-so-{agency.identifier}-{period.code}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def link(**changes: Any) -> str:
        params = {"period": period.code, "agency": agency.pk, "by": by, **changes}
        return f"{request.path}?{urlencode(params)}"

    rows = [
        {
            "row": row,
            "cells": list(
                zip([column.key for column in table.COLUMNS], table.values(row.figures), strict=True)
            ),
            "drill": link(agency=row.agency_id) if row.agency_id and not row.own else "",
        }
        for row in report.rows
    ]
    return render(
        request,
        "dossiers/statistics.html",
        {
            "form": form,
            "report": report,
            "rows": rows,
            "total_cells": list(
                zip([column.key for column in table.COLUMNS], table.values(report.total), strict=True)
            ),
            "columns": table.COLUMNS,
            "groups": table.groups(),
            "title": table.title(report),
            "period_label": table.period_label(report.period),
            "moment": short_moment(report.at),
            "overdue_url": overdue_inbox_url(),
            "excel_url": link(format="xlsx"),
            "by_procedure_url": link(by=selectors.BY_PROCEDURE),
            "by_agency_url": link(by=selectors.BY_AGENCY),
            "parent_url": link(agency=agency.parent_id)
            if agency.parent_id and agency not in roots and agency.parent_id
            else "",
            "breadcrumbs": [(_("Hồ sơ một cửa"), overdue_inbox_url().split("?")[0]), (_("Thống kê"), "")],
        },
        status=status,
    )
