"""VNPay 2.1.0 signing and checking (DOMAIN §7), without Django or a database."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.payments.gateways.vnpay import protocol
from egov.payments.gateways.vnpay.protocol import IpnCode, PaymentRequest

SECRET = "TESTSECRETKEY0123456789ABCDEFGHI"


def _request(**changes):
    values = {
        "tmn_code": "EGOV0001",
        "amount_vnd": 180000,
        "txn_ref": "TT-000123",
        "order_info": "Lệ phí cấp giấy phép xây dựng, hồ sơ 000.00.12.H12-250315-0001",
        "return_url": "https://egov.example/thanh-toan/ve/vnpay/?p=1",
        "ip_addr": "203.0.113.7",
        "created_at": datetime(2026, 3, 15, 2, 30, 5, tzinfo=UTC),  # 09:30:05 in Hà Nội
    }
    values.update(changes)
    return PaymentRequest(**values)


def test_payment_url_is_sorted_form_encoded_and_signed_with_hmac_sha512():
    url = _request().url(base_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", secret=SECRET)
    # Written out by hand: keys in order, values quote_plus-encoded (space → +), dates in GMT+7.
    expected_signed = (
        "vnp_Amount=18000000&vnp_Command=pay&vnp_CreateDate=20260315093005&vnp_CurrCode=VND"
        "&vnp_ExpireDate=20260315094505&vnp_IpAddr=203.0.113.7&vnp_Locale=vn"
        "&vnp_OrderInfo=Le+phi+cap+giay+phep+xay+dung%2C+ho+so+000.00.12.H12-250315-0001"
        "&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fegov.example%2Fthanh-toan%2Fve%2Fvnpay%2F%3Fp%3D1"
        "&vnp_TmnCode=EGOV0001&vnp_TxnRef=TT-000123&vnp_Version=2.1.0"
    )
    expected_hash = hmac.new(SECRET.encode(), expected_signed.encode(), hashlib.sha512).hexdigest()
    assert url == (
        "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?"
        + expected_signed
        + "&vnp_SecureHash="
        + expected_hash
    )


def test_amount_is_sent_in_hundredths_of_a_dong():
    assert _request(amount_vnd=1).params()["vnp_Amount"] == "100"


def test_bank_code_is_sent_only_when_chosen():
    assert "vnp_BankCode" not in _request().params()
    assert _request(bank_code="NCB").params()["vnp_BankCode"] == "NCB"


def test_dates_are_written_in_vietnam_time_whatever_the_input_zone():
    moment = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)
    assert protocol.vnpay_time(moment) == "20270101030000"
    assert protocol.parse_vnpay_time("20270101030000") == moment


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        protocol.vnpay_time(datetime(2026, 1, 1, 8, 0))


@pytest.mark.parametrize("amount", [0, -5])
def test_a_payment_of_nothing_is_refused(amount):
    with pytest.raises(ValueError):
        _request(amount_vnd=amount).params()


def test_order_info_loses_diacritics_and_special_characters():
    assert protocol.order_info_text("Đóng lệ phí <hồ sơ> & “phí” ") == "Dong le phi ho so phi"


def _returned(**changes):
    params = {
        "vnp_Amount": "18000000",
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": "VNP14226112",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Le phi cap giay phep",
        "vnp_PayDate": "20260315093412",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "EGOV0001",
        "vnp_TransactionNo": "14226112",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": "TT-000123",
    }
    params.update(changes)
    return params


def _as_received(params, secret=SECRET):
    """What a server reads out of VNPay's signed query string."""
    query = protocol.signed_query(params, secret) + "&vnp_SecureHashType=HmacSHA512"
    return dict(parse_qsl(query, keep_blank_values=True))


def test_a_correctly_signed_return_is_read():
    result = protocol.read_result(_as_received(_returned()), SECRET)
    assert result.txn_ref == "TT-000123"
    assert result.amount_vnd == 180000
    assert result.succeeded
    assert result.transaction_no == "14226112"
    assert result.pay_date == datetime(2026, 3, 15, 2, 34, 12, tzinfo=UTC)


def test_signature_in_upper_case_hex_is_accepted():
    query = _as_received(_returned())
    query["vnp_SecureHash"] = query["vnp_SecureHash"].upper()
    assert protocol.verify(query, SECRET)


def test_parameters_that_are_not_vnpays_do_not_change_the_signature():
    query = _as_received(_returned())
    query["utm_source"] = "mail"
    assert protocol.verify(query, SECRET)


def test_a_changed_amount_breaks_the_signature():
    query = _as_received(_returned())
    query["vnp_Amount"] = "100"
    with pytest.raises(protocol.InvalidSignature) as refused:
        protocol.read_result(query, SECRET)
    assert refused.value.ipn_code == IpnCode.INVALID_SIGNATURE


def test_a_query_signed_with_another_secret_is_refused():
    assert not protocol.verify(_as_received(_returned(), secret="OTHER"), SECRET)


def test_a_query_without_signature_or_with_an_empty_secret_is_refused():
    assert not protocol.verify(_returned(), SECRET)
    assert not protocol.verify(_as_received(_returned(), secret=""), "")


@pytest.mark.parametrize(
    ("response_code", "status", "paid"),
    [("00", "00", True), ("24", "02", False), ("00", "01", False), ("07", "00", False)],
)
def test_paid_only_when_response_code_and_transaction_status_are_both_00(response_code, status, paid):
    query = _as_received(_returned(vnp_ResponseCode=response_code, vnp_TransactionStatus=status))
    assert protocol.read_result(query, SECRET).succeeded is paid


def test_a_result_without_transaction_status_is_not_a_payment():
    params = _returned()
    del params["vnp_TransactionStatus"]
    assert not protocol.read_result(_as_received(params), SECRET).succeeded


def test_a_signed_query_with_a_fractional_amount_is_malformed():
    with pytest.raises(protocol.MalformedQuery) as refused:
        protocol.read_result(_as_received(_returned(vnp_Amount="18000050")), SECRET)
    assert refused.value.ipn_code == IpnCode.UNKNOWN_ERROR


def test_a_signed_query_without_the_order_is_malformed():
    params = _returned()
    del params["vnp_TxnRef"]
    with pytest.raises(protocol.MalformedQuery):
        protocol.read_result(_as_received(params), SECRET)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (IpnCode.CONFIRMED, "Confirm Success"),
        (IpnCode.ORDER_NOT_FOUND, "Order not found"),
        (IpnCode.ALREADY_CONFIRMED, "Order already confirmed"),
        (IpnCode.INVALID_AMOUNT, "Invalid amount"),
        (IpnCode.INVALID_SIGNATURE, "Invalid Signature"),
        (IpnCode.UNKNOWN_ERROR, "Unknown error"),
    ],
)
def test_ipn_reply_is_the_json_vnpay_expects(code, message):
    assert json.loads(protocol.ipn_reply(code)) == {"RspCode": code.value, "Message": message}


def test_ipn_codes_are_vnpays():
    assert [c.value for c in IpnCode] == ["00", "01", "02", "04", "97", "99"]


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(
    params=st.dictionaries(st.from_regex(r"vnp_[A-Za-z]{1,12}", fullmatch=True), _text, max_size=12),
    secret=st.text(min_size=1, max_size=40),
)
def test_whatever_the_values_a_signed_query_verifies_after_the_round_trip_through_a_url(params, secret):
    params = {k: v for k, v in params.items() if k not in protocol.SIGNATURE_FIELDS}
    query = dict(parse_qsl(protocol.signed_query(params, secret), keep_blank_values=True))
    assert protocol.verify(query, secret)


@given(amount=st.integers(1, 10**12), minutes=st.integers(1, 24 * 60))
def test_the_payment_url_carries_what_was_asked(amount, minutes):
    request = _request(amount_vnd=amount, expires_in=timedelta(minutes=minutes))
    query = dict(parse_qsl(urlsplit(request.url(base_url="https://pay.example/", secret=SECRET)).query))
    assert protocol.verify(query, SECRET)
    assert int(query["vnp_Amount"]) == amount * 100
    created = protocol.parse_vnpay_time(query["vnp_CreateDate"])
    assert protocol.parse_vnpay_time(query["vnp_ExpireDate"]) - created == timedelta(minutes=minutes)
