"""Paying a dossier's fees in Chromium with JavaScript switched off, through the sandbox gateway; the
payment pages pass axe-core (no serious or critical violation)."""

from __future__ import annotations

import pytest

from egov.payments import services
from egov.payments.models import Payment
from egov.payments.rules import Reason, State
from tests.e2e.conftest import sign_in_context
from tests.e2e.quality import axe_violations, blocking
from tests.payments.factories import fee_counter, submit_online

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_citizen_pays_with_the_sandbox_without_javascript(browser_context_factory, live_server):
    counter = fee_counter()
    dossier, citizen = submit_online(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    context = browser_context_factory(java_script_enabled=False, bypass_csp=True)
    sign_in_context(context, citizen, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/thanh-toan/ho-so/{dossier.code}/")
    assert "75.000" in page.content()
    page.get_by_label("Cổng thanh toán thử nghiệm (sandbox)").check()
    page.get_by_role("button", name="Thanh toán", exact=True).click()
    assert f"/thanh-toan/sandbox/{payment.reference}/" in page.url
    page.get_by_role("button", name="Thanh toán thành công").click()
    assert "/thanh-toan/ket-qua/sandbox/" in page.url
    assert "Đã thanh toán 75.000 đồng" in page.content()
    assert Payment.objects.get(pk=payment.pk).state == State.PAID


def test_payment_pages_pass_axe(browser_context_factory, live_server):
    counter = fee_counter()
    dossier, citizen = submit_online(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    context = browser_context_factory(bypass_csp=True)
    sign_in_context(context, citizen, live_server.url)
    page = context.new_page()
    for path in (
        f"/thanh-toan/ho-so/{dossier.code}/",
        f"/thanh-toan/sandbox/{payment.reference}/",
        f"/thanh-toan/ket-qua/sandbox/?reference={payment.reference}",
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert blocking(axe_violations(page)) == [], path


def test_officer_payment_pages_pass_axe(browser_context_factory, live_server):
    counter = fee_counter()
    dossier, _ = submit_online(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    context = browser_context_factory(bypass_csp=True)
    sign_in_context(context, counter.officer, live_server.url)
    page = context.new_page()
    for path in (
        f"/thanh-toan/cash/{dossier.code}/",
        f"/thanh-toan/hoa-don/{payment.reference}/",
        "/thanh-toan/doi-soat/",
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert blocking(axe_violations(page)) == [], path
