"""Issue 6 in the demo: `egov demo` offers VietQR with a fictitious account; the demo citizen pays the
dossier the demo leaves waiting for its financial obligation (status 6) by VietQR, the officer
imports the sample statement, the bill is paid, the dossier resumes, the receipt downloads and the
daily report shows the transfer."""

from __future__ import annotations

import io
import os
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from egov.accounts.demo import create_demo_people
from egov.accounts.models import User
from egov.dossiers.demo import create_demo_dossiers
from egov.dossiers.models import Dossier
from egov.organizations.demo import create_demo_agencies
from egov.organizations.models import Membership, Role
from egov.payments.demo import DEMO_VIETQR, create_demo_payments, offer_demo_vietqr
from egov.payments.models import Payment
from egov.procedures.demo import load_demo_catalogue
from egov.web.management.commands import demo as demo_command
from tests.notifications.outbox_runs import run_outbox

pytestmark = pytest.mark.django_db
DEMO_CITIZEN = "046090001234"
VIETQR_LABEL = "Chuyển khoản bằng mã VietQR (ứng dụng ngân hàng)"


@pytest.fixture
def unconfigured(settings, monkeypatch):
    """No VietQR account in the settings nor the environment (restored after the test)."""
    for name in DEMO_VIETQR:
        setattr(settings, name, "")
        monkeypatch.setenv(name, "")


def test_the_demo_account_is_set_only_when_none_is_configured(unconfigured, settings):
    environ: dict[str, str] = {}
    assert offer_demo_vietqr(environ) == DEMO_VIETQR == environ
    assert DEMO_VIETQR["EGOV_VIETQR_ACCOUNT_NAME"] == "KHO BAC NHA NUOC - TAI KHOAN MAU"
    configured = {"EGOV_VIETQR_BIN": "970415", "EGOV_VIETQR_ACCOUNT": "113366668888"}
    assert offer_demo_vietqr(dict(configured)) == {}
    settings.EGOV_VIETQR_ACCOUNT = "113366668888"  # configured in the settings instead
    assert offer_demo_vietqr({}) == {}


def test_egov_demo_offers_vietqr_to_the_server_it_starts_and_says_so(unconfigured, monkeypatch):
    monkeypatch.setattr(demo_command, "prepare_demo_data", lambda **kwargs: [])
    monkeypatch.setattr(demo_command, "collect_static_if_needed", lambda **kwargs: False)
    monkeypatch.setattr(demo_command, "port_is_free", lambda host, port: True)
    inherited: dict[str, str] = {}
    monkeypatch.setattr(demo_command.Command, "serve", lambda self, **kwargs: inherited.update(os.environ))
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert inherited["EGOV_VIETQR_BIN"] == "970436"  # subprocess.Popen(env=os.environ ...) inherits it
    assert inherited["EGOV_VIETQR_ACCOUNT"] == DEMO_VIETQR["EGOV_VIETQR_ACCOUNT"]
    assert "tài khoản nhận MẪU" in out.getvalue() and "egov payments sample-statement" in out.getvalue()


def test_egov_demo_without_serving_only_says_which_variables_to_set(unconfigured, monkeypatch):
    monkeypatch.setattr(demo_command, "prepare_demo_data", lambda **kwargs: [])
    monkeypatch.setattr(demo_command, "collect_static_if_needed", lambda **kwargs: False)
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "EGOV_VIETQR_BIN='970436'" in out.getvalue()
    assert os.environ["EGOV_VIETQR_BIN"] == ""  # this process serves nothing: nothing to inherit


@pytest.fixture
def demo_province(unconfigured, settings, monkeypatch):
    """The demo province with no history but the demo citizen's waiting dossiers, billed as the demo
    bills them, and the VietQR account `egov demo` gives its server."""
    settings.EGOV_REQUIRE_ADMIN_TOTP = False
    create_demo_people(create_demo_agencies())
    load_demo_catalogue()
    create_demo_dossiers(count=0)
    create_demo_payments()
    for name, value in offer_demo_vietqr({}).items():
        monkeypatch.setenv(name, value)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_demo_citizen_pays_by_vietqr_reconciled_by_the_sample_statement(demo_province, tmp_path):
    citizen = User.objects.get(citizen_id=DEMO_CITIZEN)
    dossier = Dossier.objects.get(owner=citizen, national_status=6, closed_at__isnull=True)
    bill = Payment.objects.get(dossier=dossier, state="pending")
    amount = f"{bill.amount:,}".replace(",", ".")

    # The citizen chooses VietQR: the QR code and the bill number to keep in the transfer.
    browser = _signed_in(citizen)
    pay_url = reverse("payments:pay", args=[dossier.code])
    assert 'value="vietqr"' in browser.get(pay_url).content.decode()
    shown = browser.post(pay_url, {"gateway": "vietqr"})
    page = shown.content.decode()
    assert shown.status_code == 200 and "<svg" in page and bill.reference in page
    assert DEMO_VIETQR["EGOV_VIETQR_ACCOUNT_NAME"] in page

    # The bank's statement of the day, as the demo makes it.
    statement = tmp_path / "sao-ke-mau.csv"
    said = io.StringIO()
    call_command("payments", "sample-statement", "--out", str(statement), stdout=said)
    assert bill.reference in said.getvalue()

    # A receiver of the dossier's agency imports it from the reconciliation pages.
    receiver = Membership.objects.filter(agency=dossier.agency, role=Role.RECEIVER, is_active=True).first()
    assert receiver is not None, "the demo agency has a one-stop receiver"
    officer = _signed_in(receiver.user)
    report_url = reverse("payments:report")
    import_url = reverse("payments:statement_import")
    assert import_url in officer.get(report_url).content.decode()
    assert report_url in officer.get(import_url).content.decode()
    with statement.open("rb") as upload:
        imported = officer.post(import_url, {"file": upload}, follow=True)
    html = imported.content.decode()
    assert imported.status_code == 200
    assert "1 giao dịch khớp, 2 không khớp" in html
    assert 'data-status="matched"' in html and dossier.code in html
    assert f"Sai số tiền: hóa đơn {bill.reference} phải nộp {amount} đồng" in html
    assert "Không thấy số hóa đơn trong nội dung" in html

    # Paid; the outbox resumes the dossier through the applicant's action.
    bill.refresh_from_db()
    assert (bill.state, bill.gateway) == ("paid", "vietqr")
    run_outbox()
    dossier.refresh_from_db()
    assert dossier.national_status != 6 and dossier.payment_state == "paid"
    assert dossier.events.filter(giver=citizen, details__payment=bill.reference).exists()
    assert f"biên lai số {bill.reference}" in browser.get(pay_url).content.decode()

    # The receipt downloads for the citizen.
    receipt = browser.get(reverse("payments:receipt_pdf", args=[bill.reference]))
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"
    text = _pdf_text(receipt.content)
    assert bill.reference in text and amount in text and dossier.code in text

    # The daily report: today's VietQR line, paid, its amount, matched, and the wrong transfer.
    today = timezone.localdate().strftime("%d/%m/%Y")
    report = officer.get(report_url).content.decode()
    row = re.search(rf"<td>{today}</td><td>{re.escape(VIETQR_LABEL)}</td>(.*?)</tr>", report, re.S)
    assert row is not None, report
    cells = re.findall(r"<td>([^<]*)</td>", row.group(1))
    assert cells[:4] == ["1", amount, "1", "1"]  # paid, amount, matched, unmatched (wrong amount)
