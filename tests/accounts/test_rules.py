"""Pure identity and sign-in rules: no database."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egov.accounts import rules
from egov.core.errors import ValidationFailed

PROVINCES = sorted(rules.CITIZEN_ID_PROVINCE_CODES)
YEAR_NOW = 2026


@st.composite
def plausible_citizen_ids(draw: st.DrawFn) -> tuple[str, int, bool]:
    province = draw(st.sampled_from(PROVINCES))
    birth_year = draw(st.integers(YEAR_NOW - rules.MAX_AGE_YEARS, YEAR_NOW).filter(lambda y: y >= 1900))
    female = draw(st.booleans())
    century_digit = (birth_year // 100 - 19) * 2 + int(female)
    tail = draw(st.text("0123456789", min_size=6, max_size=6))
    return f"{province}{century_digit}{birth_year % 100:02d}{tail}", birth_year, female


@given(plausible_citizen_ids())
def test_plausible_citizen_id_is_accepted_and_decoded(case: tuple[str, int, bool]) -> None:
    number, birth_year, female = case
    parsed = rules.parse_citizen_id(number, current_year=YEAR_NOW)
    assert parsed.number == number
    assert parsed.birth_year == birth_year
    assert parsed.is_female is female
    assert parsed.province_code == number[:3]


@given(plausible_citizen_ids())
def test_citizen_id_typed_with_spaces_is_normalized(case: tuple[str, int, bool]) -> None:
    number = case[0]
    spaced = f" {number[:4]} {number[4:8]} {number[8:]} "
    assert rules.normalize_citizen_id(spaced, current_year=YEAR_NOW) == number


@given(st.text("0123456789", min_size=0, max_size=20).filter(lambda s: len(s) != 12))
def test_citizen_id_of_wrong_length_is_refused_beside_its_field(number: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.normalize_citizen_id(number)
    assert caught.value.field == "citizen_id"
    assert "12 chữ số" in caught.value.message_vi


@given(
    st.integers(0, 999).map(lambda n: f"{n:03d}").filter(lambda c: c not in rules.CITIZEN_ID_PROVINCE_CODES)
)
def test_citizen_id_with_unknown_province_code_is_refused(code: str) -> None:
    with pytest.raises(ValidationFailed, match="mã tỉnh"):
        rules.normalize_citizen_id(f"{code}090123456", current_year=YEAR_NOW)


@pytest.mark.parametrize(
    "number",
    [
        "001230123456",  # born 2030: in the future
        "001490123456",  # 22nd century
        "079990123456",  # 24th century
    ],
)
def test_citizen_id_with_future_birth_year_is_refused(number: str) -> None:
    with pytest.raises(ValidationFailed, match="năm sinh"):
        rules.normalize_citizen_id(number, current_year=YEAR_NOW)


def test_citizen_id_of_someone_born_too_long_ago_is_refused() -> None:
    # Digit 0 + "00" = born 1900; in 2040 that person would be 140.
    with pytest.raises(ValidationFailed, match="1900"):
        rules.normalize_citizen_id("046000123456", current_year=2040)
    assert rules.normalize_citizen_id("046000123456", current_year=2026) == "046000123456"


MOBILE_PREFIXES = ["032", "039", "052", "056", "070", "079", "081", "089", "090", "099"]


@given(st.sampled_from(MOBILE_PREFIXES), st.text("0123456789", min_size=7, max_size=7))
def test_mobile_number_in_any_usual_notation_gives_the_national_form(prefix: str, rest: str) -> None:
    national = prefix + rest
    for typed in (
        national,
        f"{national[:4]} {national[4:7]} {national[7:]}",
        f"{national[:4]}.{national[4:7]}.{national[7:]}",
        "+84" + national[1:],
        "+84 " + national[1:4] + " " + national[4:],
        "0084" + national[1:],
        "84" + national[1:],
        "(+84) " + national,
    ):
        assert rules.normalize_phone(typed) == national
    assert rules.is_mobile_phone(national)


@given(st.text("0123456789", min_size=9, max_size=9))
def test_landline_has_eleven_digits_starting_02(rest: str) -> None:
    number = "02" + rest
    assert rules.normalize_phone(number) == number
    assert rules.normalize_phone("+84" + number[1:]) == number
    assert not rules.is_mobile_phone(number)


@pytest.mark.parametrize(
    "typed",
    ["", "091234567", "09123456789", "0112345678", "0412345678", "0312345678", "02438", "phone", "+1 555"],
)
def test_non_vietnamese_or_malformed_phone_is_refused(typed: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.normalize_phone(typed)
    assert caught.value.field == "phone"
    assert caught.value.code == "identity.phone_invalid"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("an.nguyen@Hue.GOV.vn", "an.nguyen@hue.gov.vn"),
        ("  mot+hai@example.vn ", "mot+hai@example.vn"),
    ],
)
def test_email_domain_is_lower_cased_and_ascii(typed: str, expected: str) -> None:
    assert rules.normalize_email(typed) == expected


def test_internationalized_domain_is_stored_as_punycode() -> None:
    normalized = rules.normalize_email("lan@BưuĐiện.vn")
    local, _, domain = normalized.partition("@")
    assert local == "lan" and domain.isascii() and domain.startswith("xn--")
    assert domain.encode("ascii").decode("idna") == "bưuđiện.vn"


@pytest.mark.parametrize(
    "typed",
    ["", "an", "an@", "@hue.vn", "an@hue", "an..b@hue.vn", ".an@hue.vn", "an@-hue.vn", "an@hue.123",
     "a b@hue.vn", "x" * 65 + "@hue.vn", "an@" + "a" * 250 + ".vn"],
)  # fmt: skip
def test_malformed_email_is_refused(typed: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.normalize_email(typed)
    assert caught.value.field == "email"


@given(st.emails())
def test_any_generated_ascii_address_is_accepted_or_refused_cleanly(address: str) -> None:
    try:
        normalized = rules.normalize_email(address)
    except ValidationFailed as error:
        assert error.code == "identity.email_invalid"
    else:
        assert normalized.rpartition("@")[0] == address.rpartition("@")[0]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("  Tôn   Nữ  Thị   Hà ", "Tôn Nữ Thị Hà"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("Y-Moan Ênuôl", "Y-Moan Ênuôl"),
        ("Nguyễn Văn An".replace("ễ", "e\u0302\u0303"), "Nguyễn Văn An"),  # decomposed input → NFC
    ],
)
def test_vietnamese_names_are_accepted_in_canonical_form(typed: str, expected: str) -> None:
    assert rules.normalize_full_name(typed) == expected


@pytest.mark.parametrize("typed", ["", " ", "A", "Nguyễn Văn 2", "An@", "'An", "An-", "An--Bình", "Lê <b>"])
def test_names_with_digits_symbols_or_loose_punctuation_are_refused(typed: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        rules.normalize_full_name(typed)
    assert caught.value.field == "full_name"


VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)


@given(
    st.lists(
        st.text(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper(), min_size=1, max_size=8),
        min_size=2,
        max_size=5,
    )
)
def test_any_words_of_vietnamese_letters_make_a_valid_name(words: list[str]) -> None:
    name = " ".join(words)
    assert rules.normalize_full_name("  " + "   ".join(words)) == name


NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@given(st.integers(2, 10), st.integers(1, 60))
def test_nth_consecutive_failure_locks_for_the_configured_minutes(attempts: int, minutes: int) -> None:
    state = rules.LockoutState()
    for index in range(attempts - 1):
        state = rules.after_failed_sign_in(state, at=NOW, max_attempts=attempts, lock_minutes=minutes)
        assert state.failures == index + 1
        assert not state.is_locked(NOW)
    state = rules.after_failed_sign_in(state, at=NOW, max_attempts=attempts, lock_minutes=minutes)
    assert state.locked_until == NOW + dt.timedelta(minutes=minutes)
    assert state.is_locked(NOW + dt.timedelta(minutes=minutes, seconds=-1))
    assert not state.is_locked(NOW + dt.timedelta(minutes=minutes))


def test_failures_while_locked_do_not_extend_the_lock() -> None:
    locked = rules.LockoutState(failures=5, locked_until=NOW + dt.timedelta(minutes=10))
    later = NOW + dt.timedelta(minutes=5)
    assert rules.after_failed_sign_in(locked, at=later, max_attempts=5, lock_minutes=15) == locked


def test_first_failure_after_an_expired_lock_counts_from_one() -> None:
    expired = rules.LockoutState(failures=5, locked_until=NOW)
    state = rules.after_failed_sign_in(
        expired, at=NOW + dt.timedelta(seconds=1), max_attempts=5, lock_minutes=15
    )
    assert state == rules.LockoutState(failures=1, locked_until=None)


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@given(st.integers(1_600_000_000, 2_000_000_000), st.sampled_from([-1, 0, 1]))
def test_code_from_one_step_of_drift_is_accepted_and_names_its_step(epoch: int, drift: int) -> None:
    at = dt.datetime.fromtimestamp(epoch, dt.UTC)
    step = rules.totp_step(at) + drift
    code = pyotp.TOTP(SECRET).generate_otp(step)
    assert rules.matching_totp_step(SECRET, code, at=at, last_used_step=None) in {step, step - 1, step + 1}
    assert rules.matching_totp_step(SECRET, code, at=at, last_used_step=step - 2) is not None


def test_code_two_steps_old_is_refused() -> None:
    step = rules.totp_step(NOW)
    old = pyotp.TOTP(SECRET).generate_otp(step - 2)
    assert old not in {pyotp.TOTP(SECRET).generate_otp(s) for s in (step - 1, step, step + 1)}
    assert rules.matching_totp_step(SECRET, old, at=NOW, last_used_step=None) is None


@settings(max_examples=50)
@given(st.integers(1_600_000_000, 2_000_000_000))
def test_a_code_once_used_cannot_be_used_again(epoch: int) -> None:
    at = dt.datetime.fromtimestamp(epoch, dt.UTC)
    code = rules.totp_code(SECRET, at=at)
    used = rules.matching_totp_step(SECRET, code, at=at, last_used_step=None)
    assert used is not None
    assert rules.matching_totp_step(SECRET, code, at=at, last_used_step=used) is None
    assert (
        rules.matching_totp_step(SECRET, code, at=at + dt.timedelta(seconds=20), last_used_step=used) is None
    )


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", None])
def test_malformed_codes_never_match(code: str | None) -> None:
    assert rules.matching_totp_step(SECRET, code or "", at=NOW, last_used_step=None) is None


def test_new_secrets_are_base32_and_distinct() -> None:
    first, second = rules.new_totp_secret(), rules.new_totp_secret()
    assert first != second
    assert len(first) == 32 and set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_provisioning_uri_names_issuer_and_account() -> None:
    uri = rules.totp_provisioning_uri(SECRET, account_name="admin", issuer="egov Huế")
    assert uri.startswith("otpauth://totp/") and f"secret={SECRET}" in uri and "admin" in uri
