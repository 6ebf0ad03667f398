"""VietQR (NAPAS/EMVCo) payloads: the test vectors of DOMAIN §7, round trips, the CRC."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.payments.gateways.vietqr import payload
from egov.payments.gateways.vietqr.payload import PayloadError, VietQR

# DOMAIN §7, as published (static, account).
NAPAS_STATIC = (
    "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"
)


def test_crc_of_the_published_static_vector_is_f4e5():
    assert payload.checksum(NAPAS_STATIC[:-4]) == "F4E5"


def test_crc16_ccitt_false_check_value():
    # The catalogue check value of CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740) over "123456789".
    assert payload.crc16_ccitt_false(b"123456789") == 0x29B1


def test_dynamic_vector_of_domain_gives_crc_2e2e():
    text = payload.build(
        VietQR(
            bank_bin="970403",
            account="0011012345678",
            amount=180000,
            bill_number="NPS6869",
            purpose="thanh toan don hang",
        )
    )
    assert text == (
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
        "530370454061800005802VN62340107NPS68690819thanh toan don hang6304" + "2E2E"
    )


def test_published_static_vector_announces_a_12_character_account_followed_by_13():
    """The static vector's CRC is right, but its field 38/01/01 says length 12 before the
    13-digit account 0011012345678 (the dynamic vector, whose CRC 2E2E checks, says 13). A strict
    reader refuses it; our builder writes the length right, which changes only that digit and the CRC."""
    beneficiary = dict(payload.read_tlv(dict(payload.read_tlv(NAPAS_STATIC[:-8]))["38"]))["01"]
    assert beneficiary == "000697040301120011012345678"
    with pytest.raises(PayloadError, match="position 26"):  # the account's 13th digit is left over
        payload.read_tlv(beneficiary)
    with pytest.raises(PayloadError):
        payload.parse(NAPAS_STATIC)
    built = payload.build(VietQR(bank_bin="970403", account="0011012345678"))
    assert built[:-4] == NAPAS_STATIC[:-4].replace("01120011012345678", "01130011012345678")
    assert payload.parse(built) == VietQR(bank_bin="970403", account="0011012345678")


def test_static_code_has_point_of_initiation_11_and_no_amount():
    text = payload.build(VietQR(bank_bin="970436", account="1234567890"))
    assert text.startswith("000201010211")
    assert "54" not in dict(payload.read_tlv(text[:-8]))


def test_card_transfers_use_service_qribfttc():
    qr = VietQR(bank_bin="970436", account="9704361234567890", card=True, amount=50000)
    text = payload.build(qr)
    assert "0208QRIBFTTC" in text
    assert payload.parse(text) == qr


@pytest.mark.parametrize(
    "qr",
    [
        VietQR(bank_bin="97043", account="1"),
        VietQR(bank_bin="970436", account=""),
        VietQR(bank_bin="970436", account="12345678901234567890"),
        VietQR(bank_bin="970436", account="12-34"),
        VietQR(bank_bin="970436", account="1", amount=0),
        VietQR(bank_bin="970436", account="1", amount=10**13),
        VietQR(bank_bin="970436", account="1", bill_number="x" * 26),
        VietQR(bank_bin="970436", account="1", purpose="lệ phí"),
    ],
)
def test_values_that_cannot_make_a_vietqr_are_refused(qr):
    with pytest.raises(PayloadError):
        payload.build(qr)


def test_payloads_for_another_currency_or_without_napas_are_refused():
    good = payload.build(VietQR(bank_bin="970436", account="1234"))
    for changed in (good[:-4].replace("5303704", "5303840"), good[:-4].replace("A000000727", "A000000999")):
        with pytest.raises(PayloadError):
            payload.parse(changed + payload.checksum(changed))


def test_plain_text_folds_vietnamese_to_ascii():
    assert payload.plain_text("  Lệ phí   đăng ký — Đà Nẵng ") == "Le phi dang ky Da Nang"


_ascii = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=25)
vietqrs = st.builds(
    VietQR,
    bank_bin=st.from_regex(r"\d{6}", fullmatch=True),
    account=st.from_regex(r"[A-Za-z0-9]{1,19}", fullmatch=True),
    card=st.booleans(),
    amount=st.none() | st.integers(1, 10**13 - 1),
    bill_number=_ascii,
    purpose=_ascii,
)


@given(qr=vietqrs)
def test_what_is_built_parses_back_to_the_same_order(qr):
    assert payload.parse(payload.build(qr)) == qr


@given(qr=vietqrs, data=st.data())
def test_the_crc_detects_any_changed_character(qr, data):
    text = payload.build(qr)
    position = data.draw(st.integers(0, len(text) - 5), label="position")
    replacement = data.draw(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E).filter(lambda c: c != text[position])
    )
    changed = text[:position] + replacement + text[position + 1 :]
    with pytest.raises(PayloadError):
        payload.parse(changed)
