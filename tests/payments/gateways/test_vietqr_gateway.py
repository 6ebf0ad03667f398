"""The VietQR plugin: the code shown for a bill, its SVG, and `egov payments vietqr`."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from egov.payments import gateways, services
from egov.payments.gateways.vietqr import payload
from egov.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietqr(settings):
    settings.EGOV_VIETQR_BIN = "970415"
    settings.EGOV_VIETQR_ACCOUNT = "113366668888"
    settings.EGOV_VIETQR_ACCOUNT_NAME = "TRUNG TAM PHUC VU HANH CHINH CONG"


def test_the_code_carries_the_bill_number_and_amount_to_the_collection_account():
    from tests.payments.gateways.factories import make_payment

    payment, citizen = make_payment(fee_amounts=(25000,))
    start = services.start_payment(
        payment=payment, gateway_code="vietqr", citizen=citizen, return_url="", client_ip=""
    )
    qr = payload.parse(start.qr_payload)
    assert (qr.bank_bin, qr.account, qr.card) == ("970415", "113366668888", False)
    assert qr.amount == payment.amount == 75000
    assert qr.bill_number == payment.reference
    assert qr.purpose.startswith(payment.reference)
    assert not start.redirect_url
    assert payment.reference in start.instructions and "75.000" in start.instructions
    assert Payment.objects.get(pk=payment.pk).state == "pending"  # shown, not paid


def test_the_include_draws_the_code_as_inline_svg_without_style_attributes():
    text = payload.build(payload.VietQR(bank_bin="970415", account="113366668888", amount=75000))
    html = render_to_string("payments/_vietqr.html", {"start": gateways.Start(qr_payload=text)})
    assert "<svg" in html and "<title>" in html
    assert "style=" not in html and "<script" not in html
    assert text in html


def test_not_offered_without_an_account(settings):
    settings.EGOV_VIETQR_ACCOUNT = ""
    assert "vietqr" not in dict(gateways.citizen_choices())


def test_cli_prints_the_payload_of_domain_dynamic_vector():
    out = io.StringIO()
    call_command(
        "payments",
        "vietqr",
        "--bin=970403",
        "--account=0011012345678",
        "--amount=180000",
        "--bill=NPS6869",
        "--purpose=thanh toán đơn hàng",
        stdout=out,
    )
    assert out.getvalue().strip().endswith("0819thanh toan don hang63042E2E")


def test_cli_prints_a_static_card_code_and_writes_the_svg(tmp_path):
    out = io.StringIO()
    target = tmp_path / "qr.svg"
    call_command(
        "payments",
        "vietqr",
        "--bin=970436",
        "--account=9704361234567890",
        "--card",
        f"--svg={target}",
        stdout=out,
    )
    qr = payload.parse(out.getvalue().strip())
    assert qr.card and qr.amount is None
    assert target.read_text().lstrip().startswith("<?xml")


def test_cli_refuses_a_bad_bin_with_a_message():
    with pytest.raises(CommandError, match="Không tạo được mã VietQR"):
        call_command("payments", "vietqr", "--bin=9704", "--account=1", stdout=io.StringIO())
