"""The electronic receipt (biên lai thanh toán phí, lệ phí) of a paid bill, as PDF (WeasyPrint).

It names the agency, the bill number, the dossier and procedure, the payer, each fee line, the
total in digits and in Vietnamese words, how it was paid and the gateway's transaction reference.
The wording is Vietnamese whatever the interface language, like the one-stop forms.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from egov.core.vietnamese_dates import written_moment
from egov.payments import gateways
from egov.payments.amount_words import amount_in_words, digits
from egov.payments.models import Payment


def gateway_label(code: str) -> str:
    try:
        return str(gateways.get(code).label)
    except gateways.UnknownGateway:
        return code


def context(payment: Payment) -> dict[str, Any]:
    dossier = payment.dossier
    refunded = payment.refunded_amount
    return {
        "payment": payment,
        "dossier": dossier,
        "agency": dossier.agency,
        "procedure": dossier.version.name,
        "items": [
            {"name": item.name, "code": item.code, "kind": item.kind, "amount": digits(item.amount)}
            for item in payment.items.all()
        ],
        "amount_digits": digits(payment.amount),
        "amount_words": amount_in_words(payment.amount),
        "gateway": gateway_label(payment.gateway),
        "paid_text": written_moment(payment.paid_at) if payment.paid_at else "",
        "refunded": digits(refunded) if refunded else "",
    }


def render_html(payment: Payment) -> str:
    return render_to_string("payments/receipt.html", context(payment))


def render_pdf(payment: Payment) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow

    pdf = HTML(string=render_html(payment)).write_pdf()
    assert pdf is not None
    return pdf
