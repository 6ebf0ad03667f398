"""The adapter's wire format for the national payment platform (plain Python)."""

import json
from datetime import UTC, datetime

import pytest

from egov.payments.gateways.national import protocol
from egov.payments.gateways.national.protocol import Bill, FeeLine, Payer, ReplyCode

SECRET = "shared-secret"


def _bill(**changes):
    values = {
        "bill_number": "TT26031500001",
        "agency_id": "000.00.12.H57",
        "agency_name": "Sở Xây dựng",
        "dossier_code": "000.00.12.H57-260315-0001",
        "procedure_code": "1.009972",
        "purpose": "Nộp phí, lệ phí hồ sơ 000.00.12.H57-260315-0001",
        "payer": Payer(name="Nguyễn Thị Hương", id_number="046195000123"),
        "fees": [
            FeeLine(kind="fee", code="P-01", name="Phí thẩm định", amount=130000),
            FeeLine(kind="charge", code="LP-01", name="Lệ phí cấp giấy phép", amount=50000),
        ],
        "return_url": "https://egov.example/ve/",
        "notify_url": "https://egov.example/thanh-toan/thong-bao/national/",
        "created_at": datetime(2026, 3, 15, 2, 0, tzinfo=UTC),
    }
    values.update(changes)
    return Bill(**values)


def test_bill_document_holds_fee_lines_agency_dossier_procedure_purpose_and_payer():
    document = json.loads(_bill().body())
    assert document["amount"] == 180000
    assert document["fees"] == [
        {"type": "PHI", "code": "P-01", "name": "Phí thẩm định", "amount": 130000},
        {"type": "LE_PHI", "code": "LP-01", "name": "Lệ phí cấp giấy phép", "amount": 50000},
    ]
    assert (document["agencyCode"], document["dossierCode"], document["procedureCode"]) == (
        "000.00.12.H57",
        "000.00.12.H57-260315-0001",
        "1.009972",
    )
    assert document["payer"]["name"] == "Nguyễn Thị Hương"
    assert document["createdAt"] == "20260315090000"


@pytest.mark.parametrize("fees", [[], [FeeLine(kind="fee", code="x", name="x", amount=0)]])
def test_a_bill_of_nothing_is_refused(fees):
    with pytest.raises(ValueError):
        _bill(fees=fees).body()


def test_request_is_signed_over_the_exact_body():
    body = _bill().body()
    headers = protocol.request_headers(body, client_id="egov-hue", secret=SECRET)
    assert headers["X-Client-Id"] == "egov-hue"
    assert protocol.verify(body, headers["X-Signature"], SECRET)
    assert not protocol.verify(body + b" ", headers["X-Signature"], SECRET)


def test_answer_gives_the_payment_page_or_a_refusal():
    ok = protocol.read_bill_answer(
        b'{"code": "00", "paymentUrl": "https://pay.example/p/1", "transactionId": "N1"}'
    )
    assert (ok.payment_url, ok.transaction_id) == ("https://pay.example/p/1", "N1")
    for answer in (
        b'{"code": "12", "message": "sai"}',
        b"<html>",
        b'{"code": "00", "paymentUrl": "javascript:x"}',
    ):
        with pytest.raises(protocol.Refused):
            protocol.read_bill_answer(answer)


def _confirmation(**changes):
    document = {
        "billNumber": "TT1",
        "transactionId": "N1",
        "amount": 180000,
        "status": "SUCCESS",
        "paidAt": "20260315091500",
    }
    document.update(changes)
    return json.dumps(document).encode()


def test_signed_confirmation_is_read():
    body = _confirmation()
    confirmation = protocol.read_confirmation(body, protocol.sign(body, SECRET), SECRET)
    assert (confirmation.bill_number, confirmation.amount, confirmation.succeeded) == ("TT1", 180000, True)
    assert confirmation.paid_at == datetime(2026, 3, 15, 2, 15, tzinfo=UTC)


def test_confirmation_with_a_wrong_or_missing_signature_is_refused():
    body = _confirmation()
    for signature in ("", protocol.sign(body, "other"), protocol.sign(_confirmation(amount=1), SECRET)):
        with pytest.raises(protocol.InvalidSignature):
            protocol.read_confirmation(body, signature, SECRET)


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"not json",
        _confirmation(amount="180000"),
        _confirmation(status="OK"),
        _confirmation(paidAt="x"),
    ],
)
def test_signed_but_malformed_confirmation_is_refused_as_such(body):
    with pytest.raises(protocol.MalformedMessage):
        protocol.read_confirmation(body, protocol.sign(body, SECRET), SECRET)


def test_reply_codes_and_body():
    assert json.loads(protocol.reply(ReplyCode.INVALID_SIGNATURE)) == {
        "code": "97",
        "message": "Chữ ký không hợp lệ",
    }
