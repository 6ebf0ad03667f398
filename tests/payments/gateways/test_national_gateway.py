"""The national payment platform plugin against a local fake platform speaking the same wire format."""

import json
import socket
import urllib.request

import pytest

from egov.payments import gateways, services
from egov.payments.errors import GatewayUnavailable
from egov.payments.models import Notification, Payment
from tests.payments.fake_national import FakeNationalPlatform, signature
from tests.payments.gateways.factories import make_payment

SECRET = "national-shared-secret"
pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(settings):
    with FakeNationalPlatform(secret=SECRET, client_id="egov-hue") as fake:
        settings.EGOV_NATIONAL_PAYMENT_URL = fake.bill_url
        settings.EGOV_NATIONAL_PAYMENT_CLIENT_ID = "egov-hue"
        settings.EGOV_NATIONAL_PAYMENT_SECRET = SECRET
        settings.EGOV_NATIONAL_PAYMENT_NOTIFY_URL = "https://egov.example/thanh-toan/thong-bao/national/"
        yield fake


def _start(payment, citizen):
    return services.start_payment(
        payment=payment,
        gateway_code="national",
        citizen=citizen,
        return_url="https://egov.example/thanh-toan/ve/national/",
        client_ip="203.0.113.9",
    )


def test_bill_posted_to_the_platform_carries_fees_agency_dossier_procedure_and_payer(platform):
    payment, citizen = make_payment(fee_amounts=(130000,))
    start = _start(payment, citizen)
    ((transaction_id, bill),) = platform.bills.items()
    assert start.redirect_url == f"{platform.base}/pay/{transaction_id}"
    dossier = payment.dossier
    assert bill["billNumber"] == payment.reference
    assert bill["amount"] == payment.amount == 180000
    assert sorted((f["type"], f["amount"]) for f in bill["fees"]) == [("LE_PHI", 50000), ("PHI", 130000)]
    assert bill["agencyCode"] == dossier.agency.identifier
    assert bill["dossierCode"] == dossier.code
    assert bill["procedureCode"] == dossier.version.procedure.national_code
    assert bill["payer"]["idNumber"] == dossier.applicant_citizen_id
    assert bill["notifyUrl"] == "https://egov.example/thanh-toan/thong-bao/national/"
    assert platform.headers[-1]["X-Client-Id"] == "egov-hue"
    assert Payment.objects.get(pk=payment.pk).state == "pending"


def test_a_refused_bill_is_a_domain_error_and_nothing_is_started(platform):
    platform.refuse_with = "12"
    payment, citizen = make_payment()
    with pytest.raises(GatewayUnavailable) as refused:
        _start(payment, citizen)
    assert refused.value.code == "payments.national_unavailable"
    assert not payment.attempts.exists()


def test_an_unreachable_platform_is_a_domain_error(platform, settings):
    with socket.socket() as probe:  # a port nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EGOV_NATIONAL_PAYMENT_URL = f"http://127.0.0.1:{port}/api/v1/bills"
    payment, citizen = make_payment()
    with pytest.raises(GatewayUnavailable):
        _start(payment, citizen)


def _notify(platform, transaction_id, *, secret=SECRET, **changes):
    body = json.dumps(platform.confirmation(transaction_id, **changes)).encode()
    reply = gateways.get("national").handle_notification(
        params={}, body=body, headers={"x-signature": signature(body, secret)}
    )
    return json.loads(reply.body)["code"]


def test_confirmations_pay_once_and_answer_in_the_platforms_codes(platform):
    payment, citizen = make_payment()
    _start(payment, citizen)
    (transaction_id,) = platform.bills
    assert _notify(platform, transaction_id, amount=payment.amount - 1) == "04"
    assert Payment.objects.get(pk=payment.pk).state == "pending"
    assert _notify(platform, transaction_id) == "00"
    assert _notify(platform, transaction_id) == "02"
    assert _notify(platform, transaction_id, status="FAILED") == "02"
    assert _notify(platform, transaction_id, billNumber="TT-KHONG-CO") == "01"
    paid = Payment.objects.get(pk=payment.pk)
    assert (paid.state, paid.gateway, paid.gateway_reference) == ("paid", "national", transaction_id)


def test_a_forged_confirmation_is_answered_97_without_touching_the_database(
    platform, django_assert_num_queries
):
    payment, citizen = make_payment()
    _start(payment, citizen)
    (transaction_id,) = platform.bills
    with django_assert_num_queries(0):
        assert _notify(platform, transaction_id, secret="forged") == "97"
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_end_to_end_the_platform_confirms_to_our_notification_url(platform, live_server, settings):
    settings.EGOV_NATIONAL_PAYMENT_NOTIFY_URL = f"{live_server.url}/thanh-toan/thong-bao/national/"
    payment, citizen = make_payment()
    start = _start(payment, citizen)
    with urllib.request.build_opener(_NoRedirect).open(start.redirect_url, timeout=30) as page:
        assert page.status == 302
        assert page.headers["Location"].startswith("https://egov.example/thanh-toan/ve/national/?billNumber=")
    assert platform.replies == [{"code": "00", "message": "Ghi nhận thành công"}]
    assert Payment.objects.get(pk=payment.pk).state == "paid"
    (transaction_id,) = platform.bills
    assert platform.confirm(transaction_id, secret="forged")["code"] == "97"
    assert platform.confirm(transaction_id)["code"] == "02"
    assert Notification.objects.count() == 2


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def http_error_302(self, request, response, code, message, headers):
        return response
