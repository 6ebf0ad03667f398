"""VNPay end to end: the payer's browser goes to a fake VNPay (a real HTTP server) which, like the
real one, calls our IPN URL on the live server and sends the browser back. Every IPN case of
DOMAIN §7: success, repeats, out of order, unknown order, wrong amount, forged signature, and a
browser return without any IPN."""

import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from egov.core.models import AuditEntry
from egov.payments import services
from egov.payments.models import Notification, Payment
from tests.payments.fake_vnpay import FakeVNPay, signed
from tests.payments.gateways.factories import make_payment

SECRET = "VNPAYLIVESECRET0123456789ABCDEFG"
TMN = "EGOV0001"
pytestmark = pytest.mark.django_db(transaction=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _browser_get(url):
    """The payer's browser, one hop at a time: (status, Location)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as response:
        return response.code, response.headers.get("Location", "")


@pytest.fixture
def vnpay(live_server, settings):
    with FakeVNPay(
        secret=SECRET, tmn_code=TMN, ipn_url=f"{live_server.url}/thanh-toan/thong-bao/vnpay/"
    ) as fake:
        settings.EGOV_VNPAY_TMN_CODE = TMN
        settings.EGOV_VNPAY_HASH_SECRET = SECRET
        settings.EGOV_VNPAY_URL = fake.url
        yield fake


def _pay(live_server, vnpay):
    """A citizen chooses VNPay for a fresh bill and is redirected to (fake) VNPay."""
    payment, citizen = make_payment()
    start = services.start_payment(
        payment=payment,
        gateway_code="vnpay",
        citizen=citizen,
        return_url=live_server.url + reverse("payments:return", args=["vnpay"]),
        client_ip="203.0.113.9",
    )
    status, location = _browser_get(start.redirect_url)
    assert status == 302, vnpay.refused
    return payment, location


def _state(payment):
    return Payment.objects.get(pk=payment.pk)


def test_success_confirms_the_payment_through_the_ipn(live_server, vnpay):
    payment, location = _pay(live_server, vnpay)
    assert vnpay.ipn_replies == [{"RspCode": "00", "Message": "Confirm Success"}]
    (txn_ref,) = vnpay.orders
    assert vnpay.orders[txn_ref]["vnp_Amount"] == str(payment.amount * 100)
    paid = _state(payment)
    assert (paid.state, paid.gateway) == ("paid", "vnpay")
    assert paid.gateway_reference == vnpay.results[txn_ref]["vnp_TransactionNo"]
    assert location.startswith(live_server.url + "/thanh-toan/ket-qua/vnpay/?")


def test_the_same_ipn_twice_is_answered_02_and_pays_once(live_server, vnpay):
    payment, _ = _pay(live_server, vnpay)
    (txn_ref,) = vnpay.orders
    assert vnpay.call_ipn(vnpay.results[txn_ref]) == {"RspCode": "02", "Message": "Order already confirmed"}
    assert _state(payment).state == "paid"
    assert AuditEntry.objects.filter(action="payment.paid").count() == 1
    assert list(Notification.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "confirmed",
        "already_confirmed",
    ]


def test_a_failure_arriving_after_the_success_is_answered_02_and_changes_nothing(live_server, vnpay):
    payment, _ = _pay(live_server, vnpay)
    (txn_ref,) = vnpay.orders
    before = _state(payment)
    late_failure = vnpay.result_for(txn_ref, response_code="24", transaction_status="02")
    assert vnpay.call_ipn(late_failure)["RspCode"] == "02"
    after = _state(payment)
    assert (after.state, after.paid_at, after.gateway_reference) == (
        "paid",
        before.paid_at,
        before.gateway_reference,
    )


def test_a_failed_payment_is_recorded_and_a_later_attempt_can_still_pay(live_server, vnpay):
    vnpay.response_code, vnpay.transaction_status = "24", "02"  # the payer cancels at VNPay
    payment, _ = _pay(live_server, vnpay)
    assert vnpay.ipn_replies[-1]["RspCode"] == "00"
    assert _state(payment).state == "failed"
    vnpay.response_code, vnpay.transaction_status = "00", "00"
    citizen = payment.dossier.owner
    again = services.start_payment(
        payment=_state(payment),
        gateway_code="vnpay",
        citizen=citizen,
        return_url=live_server.url + "/",
        client_ip="",
    )
    assert _browser_get(again.redirect_url)[0] == 302
    assert vnpay.ipn_replies[-1]["RspCode"] == "00"
    assert _state(payment).state == "paid"
    assert sorted(vnpay.orders) == [f"{payment.reference}-1", f"{payment.reference}-2"]


def test_an_ipn_for_an_unknown_order_is_answered_01(live_server, vnpay):
    _pay(live_server, vnpay)
    (txn_ref,) = vnpay.orders
    stranger = dict(vnpay.results[txn_ref], vnp_TxnRef="TT99999999999-1")
    assert vnpay.call_ipn(stranger) == {"RspCode": "01", "Message": "Order not found"}


def test_an_ipn_with_another_amount_is_answered_04_and_does_not_pay(live_server, vnpay):
    vnpay.send_ipn = False
    payment, _ = _pay(live_server, vnpay)
    (txn_ref,) = vnpay.orders
    reply = vnpay.call_ipn(vnpay.result_for(txn_ref, amount_vnd=payment.amount - 1000))
    assert reply == {"RspCode": "04", "Message": "Invalid amount"}
    assert _state(payment).state == "pending"


def test_a_forged_ipn_is_answered_97_and_leaves_no_trace(live_server, vnpay):
    vnpay.send_ipn = False
    payment, _ = _pay(live_server, vnpay)
    (txn_ref,) = vnpay.orders
    assert vnpay.call_ipn(vnpay.result_for(txn_ref), secret="attacker")["RspCode"] == "97"
    tampered = signed(vnpay.result_for(txn_ref), SECRET).replace(
        f"vnp_Amount={payment.amount * 100}", "vnp_Amount=100"
    )
    assert vnpay.call_ipn_raw(tampered)["RspCode"] == "97"
    assert _state(payment).state == "pending"
    assert not Notification.objects.exists()


def test_a_browser_return_without_ipn_leaves_the_payment_pending(live_server, vnpay):
    vnpay.send_ipn = False
    payment, location = _pay(live_server, vnpay)
    assert vnpay.ipn_replies == []
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert query["vnp_ResponseCode"] == "00"  # the browser says "paid"...
    status, _ = _browser_get(location)  # ...and the return page is shown
    assert status == 200
    assert _state(payment).state == "pending"  # but only the IPN is the truth
    assert not Notification.objects.exists()
