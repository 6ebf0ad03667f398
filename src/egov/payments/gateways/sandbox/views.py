"""The sandbox gateway's payment page: the applicant presses "success" or "failure"; the page sends a
signed notification through the same path as a real gateway, then returns to the result page."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from egov.payments import gateways, selectors
from egov.payments.amount_words import digits
from egov.payments.gateways.sandbox import protocol
from egov.payments.gateways.sandbox.gateway import secret
from egov.payments.models import Payment
from egov.payments.views_callbacks import notify

FAILURE = "51"  # like VNPay: not enough money in the account


def _back(request: HttpRequest) -> str:
    asked = request.POST.get("return") or request.GET.get("return") or ""
    if asked and url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return asked
    return reverse("payments:return", args=["sandbox"])


def _with(url: str, **params: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


@login_required
def page(request: HttpRequest, reference: str) -> HttpResponse:
    if not gateways.get("sandbox").is_enabled():
        raise Http404(reference)
    payment = Payment.objects.select_related("dossier").filter(reference=reference).first()
    if payment is None or not selectors.is_owner(request.user, payment.dossier):
        raise Http404(reference)
    back = _back(request)
    if request.method == "POST":
        result = protocol.SUCCESS if request.POST.get("outcome") == "success" else FAILURE
        fields = protocol.signed(
            {
                "reference": payment.reference,
                "amount": str(payment.amount),
                "result": result,
                "transaction": f"SBX{secrets.token_hex(6).upper()}",
            },
            secret(),
        )
        notify("sandbox", params=fields)
        return redirect(_with(back, reference=payment.reference, result=result))
    return render(
        request,
        "payments/sandbox.html",
        {
            "payment": payment,
            "amount": digits(payment.amount),
            "back": back,
            "leave_url": _with(back, reference=payment.reference),
        },
    )
