"""The reconciliation report: totals per day and gateway, scoped to the officer's agencies, and its
Excel copy."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from egov.organizations.models import Role
from egov.payments import report, services
from egov.payments.rules import Reason
from tests.accounts.factories import make_officer
from tests.dossiers.factories import receive
from tests.payments.factories import fee_counter

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def paid_bill(counter, *, gateway: str, at: dt.datetime, amount_ok: bool = True):
    payment = services.request_payment(dossier=receive(counter), reason=Reason.SUBMISSION, at=at)
    services.record_gateway_result(
        reference=payment.reference,
        amount=payment.amount if amount_ok else 1,
        succeeded=True,
        gateway_code=gateway,
        gateway_reference="G1",
        at=at,
        raw={},
    )
    return payment


def test_totals_per_day_and_gateway_with_refunds_and_unmatched():
    counter = fee_counter()
    day = dt.datetime(2026, 3, 2, 10, 0, tzinfo=VN)
    first = paid_bill(counter, gateway="sandbox", at=day)
    paid_bill(counter, gateway="sandbox", at=day + dt.timedelta(hours=1))
    paid_bill(counter, gateway="sandbox", at=day + dt.timedelta(hours=2), amount_ok=False)
    paid_bill(counter, gateway="vnpay", at=day + dt.timedelta(days=1))
    services.record_gateway_result(
        reference="TT-NOBODY",
        amount=5,
        succeeded=True,
        gateway_code="vnpay",
        gateway_reference="x",
        at=day,
        raw={},
    )
    services.refund(payment=first, officer=counter.officer, amount=25_000, reason="Thu thừa", at=day)
    built = report.build(agencies=[counter.agency], start=day.date(), end=day.date() + dt.timedelta(days=1))
    rows = {(row.day, row.gateway): row for row in built.rows}
    sandbox = rows[(day.date(), "sandbox")]
    assert (sandbox.paid, sandbox.amount, sandbox.matched, sandbox.unmatched) == (2, 150_000, 2, 1)
    assert (sandbox.refunds, sandbox.refunded) == (1, 25_000)
    assert rows[(day.date(), "vnpay")].unmatched == 1
    assert rows[(day.date() + dt.timedelta(days=1), "vnpay")].amount == 75_000
    assert (built.total.paid, built.total.amount) == (3, 225_000)


def test_another_agencys_officer_does_not_see_these_payments():
    counter = fee_counter()
    paid_bill(counter, gateway="sandbox", at=timezone.now())
    other = fee_counter(agency_identifier="000.00.13.H57")
    today = timezone.localdate()
    assert report.build(agencies=[other.agency], start=today, end=today).total.paid == 0


def test_report_page_and_excel_for_a_receiver(client):
    counter = fee_counter()
    paid_bill(counter, gateway="sandbox", at=timezone.now())
    client.force_login(counter.officer)
    today = timezone.localdate().isoformat()
    page = client.get(reverse("payments:report"), {"start": today, "end": today})
    assert page.status_code == 200 and "75.000" in page.content.decode()
    excel = client.get(reverse("payments:report"), {"start": today, "end": today, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Ngày" and values[-1][0] == "Tổng cộng" and values[-1][3] == 75_000


def test_a_specialist_may_not_reconcile(client):
    counter = fee_counter()
    client.force_login(make_officer(counter.agency, Role.SPECIALIST))
    assert client.get(reverse("payments:report")).status_code == 403
