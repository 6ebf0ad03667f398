"""The VNPay plugin in-process: the redirect it builds, what it does with a forged or unreadable IPN,
what the browser return may say. The full round trip through a fake VNPay is in test_vnpay_live."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from egov.payments import gateways, services
from egov.payments.gateways.vnpay import protocol
from egov.payments.models import Attempt, Notification, Payment
from tests.payments.fake_vnpay import signed
from tests.payments.gateways.factories import make_payment

SECRET = "VNPAYTESTSECRET0123456789ABCDEFG"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vnpay(settings):
    settings.EGOV_VNPAY_TMN_CODE = "EGOV0001"
    settings.EGOV_VNPAY_HASH_SECRET = SECRET
    settings.EGOV_VNPAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"


def _start(payment, citizen):
    return services.start_payment(
        payment=payment,
        gateway_code="vnpay",
        citizen=citizen,
        return_url="https://egov.example/thanh-toan/ve/vnpay/",
        client_ip="203.0.113.9",
    )


def test_redirect_carries_the_bill_amount_in_hundredths_and_a_fresh_reference_per_attempt():
    payment, citizen = make_payment(fee_amounts=(130000,))
    first = dict(parse_qsl(urlsplit(_start(payment, citizen).redirect_url).query))
    second = dict(parse_qsl(urlsplit(_start(payment, citizen).redirect_url).query))
    assert protocol.verify(first, SECRET)
    assert first["vnp_Amount"] == str(180000 * 100) == str(payment.amount * 100)
    assert first["vnp_TmnCode"] == "EGOV0001"
    assert first["vnp_IpAddr"] == "203.0.113.9"
    assert (first["vnp_TxnRef"], second["vnp_TxnRef"]) == (f"{payment.reference}-1", f"{payment.reference}-2")
    assert sorted(Attempt.objects.filter(payment=payment).values_list("order_ref", flat=True)) == [
        f"{payment.reference}-1",
        f"{payment.reference}-2",
    ]


def test_gateway_is_not_offered_until_configured(settings):
    settings.EGOV_VNPAY_HASH_SECRET = ""
    assert not gateways.get("vnpay").is_enabled()
    assert "vnpay" not in dict(gateways.citizen_choices())


def _ipn(params, secret=SECRET):
    query = dict(parse_qsl(signed(params, secret), keep_blank_values=True))
    return gateways.get("vnpay").handle_notification(params=query, body=b"", headers={})


def _result(txn_ref, amount, **changes):
    params = {
        "vnp_Amount": str(amount * 100),
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
        "vnp_TransactionNo": "14226112",
        "vnp_TmnCode": "EGOV0001",
        "vnp_TxnRef": txn_ref,
        "vnp_PayDate": "20260315093412",
    }
    params.update(changes)
    return params


def test_a_forged_ipn_is_answered_97_without_touching_the_database(django_assert_num_queries):
    payment, _ = make_payment()
    with django_assert_num_queries(0):
        reply = _ipn(_result(payment.reference, payment.amount), secret="NOT-THE-SECRET")
    assert reply.status == 200 and reply.content_type == "application/json"
    assert reply.body == '{"RspCode": "97", "Message": "Invalid Signature"}'
    payment.refresh_from_db()
    assert payment.state == "pending"


def test_a_signed_but_unreadable_ipn_is_answered_99_and_kept_unverified():
    payment, _ = make_payment()
    reply = _ipn(_result(payment.reference, payment.amount, vnp_Amount="12345"))
    assert reply.body == '{"RspCode": "99", "Message": "Unknown error"}'
    kept = Notification.objects.get()
    assert (kept.verified, kept.outcome, kept.gateway) == (False, "rejected:malformed", "vnpay")
    assert Payment.objects.get(pk=payment.pk).state == "pending"


def test_the_hash_secret_is_not_kept_with_the_notification():
    payment, _ = make_payment()
    _ipn(_result(payment.reference, payment.amount))
    raw = Notification.objects.get().raw
    assert "vnp_SecureHash" not in raw
    assert SECRET not in str(raw)


def test_browser_return_reports_the_claim_and_changes_nothing(django_assert_max_num_queries):
    payment, _ = make_payment()
    query = dict(parse_qsl(signed(_result(f"{payment.reference}-1", payment.amount), SECRET)))
    with django_assert_max_num_queries(0):
        info = gateways.get("vnpay").describe_return(params=query)
    assert (info.reference, info.claimed_success) == (f"{payment.reference}-1", True)
    assert Payment.objects.get(pk=payment.pk).state == "pending"
    assert not Notification.objects.exists()


def test_browser_return_names_a_cancelled_payment_and_refuses_a_forged_one():
    cancelled = _result("TT1-1", 1000, vnp_ResponseCode="24", vnp_TransactionStatus="02")
    query = dict(parse_qsl(signed(cancelled, SECRET)))
    info = gateways.get("vnpay").describe_return(params=query)
    assert info.claimed_success is False
    assert info.message == "Bạn đã hủy giao dịch."
    forged = dict(parse_qsl(signed(_result("TT1-1", 1000), "WRONG")))
    assert gateways.get("vnpay").describe_return(params=forged).claimed_success is None
