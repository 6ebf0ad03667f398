"""A payment end to end: the citizen's pages, the sandbox gateway's notification path, the outbox
handlers that bill and resume dossiers, the receipt PDF and the officer's cash form."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from egov.dossiers import services as dossier_services
from egov.dossiers.models import Dossier
from egov.dossiers.services import exceptions
from egov.organizations.models import Role
from egov.payments import services
from egov.payments.models import Notification, Payment
from egov.payments.rules import Reason, State
from tests.accounts.factories import make_citizen, make_officer
from tests.dossiers.exceptions_factories import land_counter
from tests.dossiers.factories import MONDAY_MORNING, make_counter
from tests.notifications.outbox_runs import run_outbox
from tests.payments.factories import fee_counter, sandbox_fields, submit_online, with_fees

pytestmark = pytest.mark.django_db

NOTIFY = "/thanh-toan/thong-bao/sandbox/"


def billed_online():
    counter = fee_counter()
    dossier, citizen = submit_online(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    return counter, dossier, citizen, payment


def test_online_toan_trinh_submission_is_billed_by_the_outbox():
    counter = fee_counter()
    dossier, _ = submit_online(counter)
    run_outbox()
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.reason, payment.amount, payment.state) == (Reason.SUBMISSION, 75_000, State.PENDING)


def test_partly_online_procedure_is_not_billed_at_submission():
    counter = fee_counter(online_level="partial")
    dossier, _ = submit_online(counter)
    run_outbox()
    assert not Payment.objects.filter(dossier=dossier).exists()


def test_same_sandbox_notification_twice_pays_once(client):
    _, dossier, _, payment = billed_online()
    fields = sandbox_fields(payment)
    first = client.post(NOTIFY, fields)
    second = client.post(NOTIFY, fields)
    assert (first.status_code, first.json()) == (200, {"code": "00"})
    assert second.json() == {"code": "02"}
    payment.refresh_from_db()
    assert payment.state == State.PAID
    assert Dossier.objects.get(pk=dossier.pk).payment_state == Dossier.PaymentState.PAID


def test_forged_signature_is_refused_and_recorded(client):
    _, _, _, payment = billed_online()
    fields = sandbox_fields(payment)
    fields["amount"] = "1"  # changed after signing
    response = client.post(NOTIFY, fields)
    assert (response.status_code, response.json()) == (400, {"code": "97"})
    payment.refresh_from_db()
    assert payment.state == State.PENDING
    assert Notification.objects.get(verified=False).outcome == "rejected:signature"


def test_wrong_amount_and_unknown_reference_answer_their_codes(client):
    _, _, _, payment = billed_online()
    assert client.post(NOTIFY, sandbox_fields(payment, amount=1)).json() == {"code": "04"}
    other = Payment(reference="TT99999999999", amount=5)
    assert client.post(NOTIFY, sandbox_fields(other)).json() == {"code": "01"}
    payment.refresh_from_db()
    assert payment.state == State.PENDING


def test_return_page_without_notification_stays_pending(client):
    _, _, citizen, payment = billed_online()
    client.force_login(citizen)
    url = reverse("payments:return", args=["sandbox"])
    page = client.get(url, {"reference": payment.reference, "result": "00"})
    assert page.status_code == 200
    assert "chờ xác nhận" in page.content.decode()
    payment.refresh_from_db()
    assert payment.state == State.PENDING


def test_citizen_pays_through_the_sandbox_pages(client):
    _, dossier, citizen, _ = billed_online()
    client.force_login(citizen)
    page = client.get(reverse("payments:pay", args=[dossier.code]))
    assert page.status_code == 200 and "75.000" in page.content.decode()
    chosen = client.post(reverse("payments:pay", args=[dossier.code]), {"gateway": "sandbox"})
    assert chosen.status_code == 302 and "/thanh-toan/sandbox/" in chosen["Location"]
    sandbox = client.get(chosen["Location"])
    assert "Thanh toán thành công" in sandbox.content.decode()
    back = client.post(chosen["Location"], {"outcome": "success", "return": "/thanh-toan/ket-qua/sandbox/"})
    assert back.status_code == 302
    result = client.get(back["Location"])
    assert "Đã thanh toán 75.000 đồng" in result.content.decode()
    assert Payment.objects.get(dossier=dossier).state == State.PAID


def test_sandbox_failure_leaves_the_bill_payable(client):
    _, dossier, citizen, payment = billed_online()
    client.force_login(citizen)
    client.post(reverse("payments:sandbox:page", args=[payment.reference]), {"outcome": "failure"})
    payment.refresh_from_db()
    assert payment.state == State.FAILED
    page = client.get(reverse("payments:pay", args=[dossier.code]))
    assert "không thành công" in page.content.decode()


def test_sandbox_return_address_must_be_ours(client):
    _, _, citizen, payment = billed_online()
    client.force_login(citizen)
    response = client.post(
        reverse("payments:sandbox:page", args=[payment.reference]),
        {"outcome": "failure", "return": "https://evil.example/"},
    )
    assert response["Location"].startswith("/thanh-toan/ket-qua/sandbox/")


def test_another_citizen_cannot_open_the_pay_page(client):
    _, dossier, _, _ = billed_online()
    client.force_login(make_citizen())
    assert client.get(reverse("payments:pay", args=[dossier.code])).status_code == 404


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_receipt_pdf_has_the_amount_in_words_for_owner_and_officer(client):
    counter, dossier, citizen, payment = billed_online()
    client.post(NOTIFY, sandbox_fields(payment, transaction="SBXABC"))
    url = reverse("payments:receipt_pdf", args=[payment.reference])
    client.force_login(citizen)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Bảy mươi lăm nghìn đồng" in text
    assert "75.000" in text and payment.reference in text and "SBXABC" in text and dossier.code in text
    client.force_login(counter.officer)
    assert client.get(url).status_code == 200
    client.force_login(make_counter(agency_identifier="000.00.13.H57").officer)  # another agency
    assert client.get(url).status_code == 404


def test_receipt_of_an_unpaid_bill_does_not_exist(client):
    _, _, citizen, payment = billed_online()
    client.force_login(citizen)
    assert client.get(reverse("payments:receipt_pdf", args=[payment.reference])).status_code == 404


def test_officer_records_cash_from_the_dossier_page(client):
    counter = fee_counter()
    dossier = dossier_services.receive_at_counter(
        officer=counter.officer,
        agency=counter.agency,
        procedure=counter.procedure,
        applicant={"full_name": "Trần Văn An", "citizen_id": "046090001111"},
        papers=counter.all_papers(),
        eform_document=None,
        received_at=MONDAY_MORNING,
    )
    client.force_login(counter.officer)
    detail = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    cash_url = reverse("payments:cash:record", args=[dossier.code])
    assert cash_url in detail
    assert client.post(cash_url, {"received_amount": "70000"}).status_code == 400
    response = client.post(cash_url, {"received_amount": "75000"})
    assert response.status_code == 302
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.state, payment.gateway, payment.received_by) == (State.PAID, "cash", counter.officer)
    detail = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("payments:receipt_pdf", args=[payment.reference]) in detail


def test_a_specialist_gets_no_cash_form(client):
    counter = fee_counter()
    dossier, _ = submit_online(counter)
    client.force_login(make_officer(counter.agency, Role.SPECIALIST))
    assert client.get(reverse("payments:cash:record", args=[dossier.code])).status_code == 403


def land_dossier_waiting_for_payment():
    """An online land dossier walked to "nop-nghia-vu" (status 6), the outbox run."""
    counter = with_fees(land_counter(), (("Lệ phí cấp Giấy chứng nhận", 100_000),))
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier, citizen = submit_online(counter)
    at = MONDAY_MORNING + dt.timedelta(minutes=30)
    dossier = dossier_services.accept_online(dossier=dossier, officer=counter.officer, at=at)
    for code, actor in (
        ("chuyen-xu-ly", counter.officer),
        ("chuyen-thue", specialist),
        ("thong-bao-thue", specialist),
    ):
        at += dt.timedelta(hours=1)
        dossier = dossier_services.act(dossier=dossier, action_code=code, actor=actor, at=at)
    assert dossier.national_status == 6
    run_outbox()
    return dossier, citizen


def test_status_6_bills_and_payment_resumes_the_dossier(client):
    dossier, citizen = land_dossier_waiting_for_payment()
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.reason, payment.amount) == (Reason.FINANCIAL_OBLIGATION, 100_000)
    client.post(NOTIFY, sandbox_fields(payment))
    run_outbox()
    dossier.refresh_from_db()
    assert (dossier.step, dossier.national_status, dossier.payment_state) == ("trinh-ky", 4, "paid")
    assert dossier.events.filter(action="da-nop-nghia-vu", giver=citizen).exists()
    run_outbox()  # a redelivery changes nothing
    assert dossier.events.filter(action="da-nop-nghia-vu").count() == 1


def test_cash_at_the_counter_resumes_a_counter_dossier_waiting_in_status_6(client):
    counter = with_fees(land_counter(), (("Lệ phí cấp Giấy chứng nhận", 100_000),))
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = dossier_services.receive_at_counter(
        officer=counter.officer,
        agency=counter.agency,
        procedure=counter.procedure,
        applicant={"full_name": "Trần Văn An", "citizen_id": "046090001111"},
        papers=counter.all_papers(),
        eform_document=None,
        received_at=MONDAY_MORNING,
    )
    at = MONDAY_MORNING
    for code, actor in (
        ("chuyen-xu-ly", counter.officer),
        ("chuyen-thue", specialist),
        ("thong-bao-thue", specialist),
    ):
        at += dt.timedelta(hours=1)
        dossier = dossier_services.act(dossier=dossier, action_code=code, actor=actor, at=at)
    run_outbox()
    payment = Payment.objects.get(dossier=dossier, reason=Reason.FINANCIAL_OBLIGATION)
    client.force_login(counter.officer)
    client.post(reverse("payments:cash:record", args=[dossier.code]), {"received_amount": "100000"})
    run_outbox()
    dossier.refresh_from_db()
    assert (dossier.step, dossier.national_status) == ("trinh-ky", 4)
    assert dossier.events.get(action="da-nop-nghia-vu").giver == counter.officer
    payment.refresh_from_db()
    assert payment.state == State.PAID


def test_a_refused_dossier_is_not_offered_payment(client):
    counter, dossier, citizen, _ = billed_online()
    exceptions.refuse(dossier=dossier, actor=counter.officer, reason="Sai thủ tục")
    client.force_login(citizen)
    page = client.get(reverse("payments:pay", args=[dossier.code])).content.decode()
    assert "không có khoản phí, lệ phí phải nộp" in page
    assert (
        client.post(reverse("payments:pay", args=[dossier.code]), {"gateway": "sandbox"}).status_code == 200
    )
    assert not Payment.objects.get(dossier=dossier).attempts.exists()


def test_a_gateway_without_redirect_shows_its_own_page(client, settings):
    settings.EGOV_VIETQR_BIN = "970403"
    settings.EGOV_VIETQR_ACCOUNT = "0011001234567"
    _, dossier, citizen, payment = billed_online()
    client.force_login(citizen)
    response = client.post(reverse("payments:pay", args=[dossier.code]), {"gateway": "vietqr"})
    page = response.content.decode()
    assert response.status_code == 200 and "<svg" in page and payment.reference in page
    payment.refresh_from_db()
    assert payment.state == State.PENDING and payment.attempts.get().gateway == "vietqr"


def test_a_flood_of_notifications_from_one_address_is_refused_before_any_check(client, settings):
    settings.EGOV_RATE_LIMITS = {"payment_notification": (2, 60)}
    _, _, _, payment = billed_online()
    fields = sandbox_fields(payment)
    fields["amount"] = "1"  # forged
    assert client.post(NOTIFY, fields).status_code == 400
    assert client.post(NOTIFY, fields).status_code == 400
    refused = client.post(NOTIFY, fields)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert Notification.objects.filter(verified=False).count() == 2
