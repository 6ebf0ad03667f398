"""The receiving officer records fees paid in cash at the counter (/thanh-toan/cash/<dossier code>/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.errors import DomainError
from egov.payments import selectors, services
from egov.payments.amount_words import amount_in_words, digits
from egov.payments.forms import CashForm
from egov.payments.rules import State
from egov.payments.views import dossier_or_404, reason_for
from egov.web.forms import add_domain_error


@login_required
def record(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(code)
    if not selectors.may_record_cash(request.user, dossier):
        raise PermissionDenied(_("Bạn không có quyền thu tiền mặt phí, lệ phí của hồ sơ này."))
    payment = selectors.open_payment(dossier)
    if payment is not None and payment.expires_at <= timezone.now():
        payment = None
    paid = selectors.payments_of(dossier).filter(state=State.PAID).first()
    lines = services.charges(dossier)
    total = payment.amount if payment is not None else sum(int(fee.amount) for fee in lines)
    owes = selectors.owes(dossier) and paid is None and total > 0
    form = CashForm(request.POST or None, initial={"received_amount": total})
    if request.method == "POST" and owes and form.is_valid():
        try:
            if payment is None:
                payment = services.request_payment(
                    dossier=dossier, reason=reason_for(dossier), actor=request.user
                )
            payment = services.record_cash(
                payment=payment, officer=request.user, received_amount=form.cleaned_data["received_amount"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi nhận %(amount)s đồng tiền mặt, biên lai số %(reference)s.")
                % {"amount": digits(payment.amount), "reference": payment.reference},
            )
            return redirect(reverse("dossiers:detail", args=[dossier.code]))
    return render(
        request,
        "payments/cash.html",
        {
            "dossier": dossier,
            "payment": payment,
            "paid": paid,
            "owes": owes,
            "items": [(item.name, digits(item.amount)) for item in payment.items.all()]
            if payment is not None
            else [(fee.name, digits(int(fee.amount))) for fee in lines],
            "total": digits(total),
            "total_words": amount_in_words(total),
            "form": form,
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )
