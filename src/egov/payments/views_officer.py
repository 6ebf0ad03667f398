"""An officer's page of one bill (/thanh-toan/hoa-don/<reference>/): its lines, the notifications the
gateways sent, and — for the receiving officer or a leader of the dossier's agency — cancelling an
unpaid bill or recording a refund. Plain forms; every change goes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from egov.accounts import permissions
from egov.core.errors import DomainError
from egov.dossiers import selectors as dossier_selectors
from egov.payments import receipt, rules, services
from egov.payments.amount_words import digits
from egov.payments.forms import CancelForm, RefundForm
from egov.payments.models import Payment
from egov.payments.rules import State
from egov.web.forms import add_domain_error


def _payment(reference: str, user: Any) -> Payment:
    payment = (
        Payment.objects.select_related("dossier", "dossier__agency", "received_by")
        .filter(reference=reference)
        .first()
    )
    if payment is None or not dossier_selectors.may_view(user, payment.dossier):
        raise Http404(reference)
    return payment


@login_required
def bill(request: HttpRequest, reference: str) -> HttpResponse:
    payment = _payment(reference, request.user)
    may_manage = permissions.can(request.user, "payments.manage", payment.dossier.agency)
    state = State(payment.state)
    left = rules.refundable(
        state=state, paid=payment.amount, refunded=payment.refunds.values_list("amount", flat=True)
    )
    doing = request.POST.get("do") if request.method == "POST" else None
    cancel_form = CancelForm(request.POST if doing == "cancel" else None, prefix="cancel")
    refund_form = RefundForm(
        request.POST if doing == "refund" else None,
        prefix="refund",
        initial={"amount": left},
    )
    if request.method == "POST" and may_manage:
        try:
            if doing == "cancel" and cancel_form.is_valid():
                services.cancel(
                    payment=payment, officer=request.user, reason=cancel_form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Đã hủy hóa đơn %(reference)s.") % {"reference": payment.reference}
                )
                return redirect(request.path)
            if doing == "refund" and refund_form.is_valid():
                services.refund(
                    payment=payment,
                    officer=request.user,
                    amount=refund_form.cleaned_data["amount"],
                    reason=refund_form.cleaned_data["reason"],
                )
                messages.success(request, _("Đã ghi nhận hoàn tiền."))
                return redirect(request.path)
        except DomainError as error:
            add_domain_error(refund_form if doing == "refund" else cancel_form, error)
    invalid = request.method == "POST" and bool(cancel_form.errors or refund_form.errors)
    return render(
        request,
        "payments/bill.html",
        {
            "payment": payment,
            "dossier": payment.dossier,
            "amount": digits(payment.amount),
            "gateway": receipt.gateway_label(payment.gateway) if payment.gateway else "",
            "items": [(item.name, digits(item.amount)) for item in payment.items.all()],
            "refunds": [(row, digits(row.amount)) for row in payment.refunds.select_related("officer")],
            "notifications": payment.notifications.order_by("received_at", "pk"),
            "may_cancel": may_manage and rules.can_cancel(state),
            "may_refund": may_manage and left > 0,
            "cancel_form": cancel_form,
            "refund_form": refund_form,
        },
        status=400 if invalid else 200,
    )
