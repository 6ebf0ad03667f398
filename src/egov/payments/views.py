"""Citizen and officer pages of payments (/thanh-toan/): pay a dossier's fees, the result after the
gateway, the receipt PDF, and the reconciliation report. Plain forms, no JavaScript needed.

The return page only reads: a payment becomes paid by the gateway's verified server-to-server
notification (`views_callbacks`) or by cash recorded by an officer, never by a browser coming back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import permissions
from egov.core.errors import DomainError, NotFound
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.payments import gateways, receipt, report, selectors, services
from egov.payments.amount_words import amount_in_words, digits
from egov.payments.forms import GatewayChoiceForm, ReportForm
from egov.payments.models import Payment
from egov.payments.rules import Reason, State
from egov.web.forms import add_domain_error

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dossier_or_404(code: str) -> Dossier:
    try:
        return dossier_selectors.dossier_by_code(code)
    except NotFound:
        raise Http404(code) from None


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def reason_for(dossier: Dossier) -> Reason:
    if dossier.national_status == NationalStatus.FINANCIAL_OBLIGATION:
        return Reason.FINANCIAL_OBLIGATION
    return Reason.SUBMISSION


def _qr_svg(payload: str) -> str:
    if not payload:
        return ""
    import segno

    return segno.make(payload, error="m").svg_inline(scale=5, border=4)


@login_required
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """The applicant pays the dossier's fees: the bill, the gateways to choose, then off to the gateway
    (or a QR code / instructions shown here)."""
    dossier = dossier_or_404(code)
    if not selectors.is_owner(request.user, dossier):
        raise Http404(code)
    payment = selectors.open_payment(dossier)
    if payment is not None and payment.expires_at <= timezone.now():
        payment = None  # billed again (with a new number) when the applicant goes on
    paid = selectors.payments_of(dossier).filter(state=State.PAID).first()
    lines = services.charges(dossier)
    owes = selectors.owes(dossier) and paid is None and bool(lines)
    form = GatewayChoiceForm(request.POST or None)
    if request.method == "POST" and owes and form.is_valid():
        chosen = form.cleaned_data["gateway"]
        try:
            if payment is None:
                payment = services.request_payment(
                    dossier=dossier, reason=reason_for(dossier), actor=request.user
                )
            return_url = request.build_absolute_uri(reverse("payments:return", args=[chosen]))
            start = services.start_payment(
                payment=payment,
                gateway_code=chosen,
                citizen=request.user,
                return_url=return_url,
                client_ip=_client_ip(request),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if start.redirect_url:
                return redirect(start.redirect_url)
            chosen_template = select_template([f"payments/_{chosen}.html", "payments/_start.html"])
            return render(
                request,
                "payments/instructions.html",
                {
                    "start_template": chosen_template,
                    "dossier": dossier,
                    "payment": payment,
                    "start": start,
                    "qr_svg": _qr_svg(start.qr_payload),
                    "amount": digits(payment.amount),
                    "gateway": receipt.gateway_label(chosen),
                },
            )
    if payment is not None:
        items = [(item.name, digits(item.amount)) for item in payment.items.all()]
        total = payment.amount
    else:
        items = [(fee.name, digits(int(fee.amount))) for fee in lines]
        total = sum(int(fee.amount) for fee in lines)
    return render(
        request,
        "payments/pay.html",
        {
            "dossier": dossier,
            "payment": payment,
            "paid": paid,
            "owes": owes,
            "items": items,
            "total": digits(total),
            "total_words": amount_in_words(total),
            "form": form,
            "has_choices": bool(gateways.citizen_choices()),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def return_page(request: HttpRequest, gateway_code: str) -> HttpResponse:
    """Where the gateway sends the browser back. Shows what the database says; changes nothing."""
    try:
        gateway = gateways.get(gateway_code)
    except gateways.UnknownGateway:
        raise Http404(gateway_code) from None
    info = gateway.describe_return(params=request.GET.dict())
    payment = selectors.by_reference(info.reference) if info.reference else None
    if payment is not None and not selectors.may_see(request.user, payment.dossier):
        payment = None
    return render(
        request,
        "payments/return.html",
        {
            "payment": payment,
            "info": info,
            "gateway": gateway,
            "amount": digits(payment.amount) if payment else "",
        },
    )


@login_required
def receipt_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt of a paid bill, for the applicant and the officers who may open the dossier."""
    payment = (
        Payment.objects.select_related("dossier", "dossier__agency", "dossier__version")
        .filter(reference=reference)
        .first()
    )
    if payment is None or payment.state != State.PAID or not selectors.may_see(request.user, payment.dossier):
        raise Http404(reference)
    response = HttpResponse(receipt.render_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
    return response


@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    """Đối soát: per day and gateway, paid bills and amounts, matched and unmatched notifications,
    refunds; ``format=xlsx`` downloads the same table."""
    agencies = selectors.report_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo đối soát thanh toán."))
    today = timezone.localdate()
    initial = {"start": today - dt.timedelta(days=29), "end": today}
    form = ReportForm(request.GET if "start" in request.GET else initial)
    data: dict[str, Any] = initial
    if form.is_valid():
        data = form.cleaned_data
    built = report.build(agencies=agencies, start=data["start"], end=data["end"])
    if request.GET.get("format") == "xlsx" and form.is_valid():
        response = HttpResponse(report.workbook(built), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="doi-soat-thanh-toan-{built.start:%Y%m%d}-{built.end:%Y%m%d}.xlsx"'
        )
        return response
    labels = report.gateway_labels()
    rows = [
        {
            "row": row,
            "label": labels.get(row.gateway, row.gateway),
            "amount": digits(row.amount),
            "refunded": digits(row.refunded),
        }
        for row in built.rows
    ]
    total = built.total
    query = f"start={built.start:%Y-%m-%d}&end={built.end:%Y-%m-%d}"
    return render(
        request,
        "payments/report.html",
        {
            "form": form,
            "report": built,
            "rows": rows,
            "total": total,
            "total_amount": digits(total.amount),
            "total_refunded": digits(total.refunded),
            "excel_url": f"{request.path}?{query}&format=xlsx",
            "can_import": permissions.can(request.user, "payments.reconcile"),
        },
        status=200 if form.is_valid() else 400,
    )
