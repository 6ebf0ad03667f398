"""``{% payments_panel dossier %}``: the dossier's bills on the officer's and the applicant's dossier
pages (state, amount, receipt link; "Thanh toán" for the applicant, "Thu tiền mặt" for a receiver)."""

from __future__ import annotations

from typing import Any

from django import template

from egov.dossiers.models import Dossier
from egov.payments import receipt, selectors
from egov.payments.amount_words import digits

register = template.Library()


@register.inclusion_tag("payments/_panel.html", takes_context=True)
def payments_panel(context: dict[str, Any], dossier: Dossier) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = [
        {
            "payment": payment,
            "amount": digits(payment.amount),
            "gateway": receipt.gateway_label(payment.gateway) if payment.gateway else "",
        }
        for payment in selectors.payments_of(dossier)
    ]
    owes = selectors.owes(dossier)
    officer = user is not None and not selectors.is_owner(user, dossier) and selectors.may_see(user, dossier)
    return {
        "dossier": dossier,
        "rows": rows,
        "owes": owes,
        "show": bool(rows) or owes,
        "officer": officer,
        "may_pay": owes and user is not None and selectors.is_owner(user, dossier),
        "may_record_cash": owes and user is not None and selectors.may_record_cash(user, dossier),
    }
