"""Code patterns (egov.core.numbering): pure, no database."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.errors import ValidationFailed
from egov.core.numbering import CodeContext, Period, Scope, parse_pattern

AGENCY = "000.00.12.H12"


def at_vietnam(year: int, month: int, day: int, hour: int = 9) -> datetime:
    """A moment given in Vietnam time (UTC+7, no daylight saving), as an aware UTC datetime."""
    return datetime(year, month, day, hour, tzinfo=UTC) - timedelta(hours=7)


def dossier(at: datetime, **values: str) -> CodeContext:
    return CodeContext(series="dossier", at=at, **({"agency": AGENCY} | values))


# --- The default dossier code ------------------------------------------------------------------


def test_default_dossier_code_is_agency_date_and_four_digit_sequence():
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    assert pattern.format(dossier(at_vietnam(2025, 3, 15)), 1) == "000.00.12.H12-250315-0001"


def test_default_sequence_is_counted_daily_per_agency():
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    assert pattern.sequence.period is Period.DAILY
    assert pattern.sequence.scope is Scope.PER_AGENCY
    assert pattern.counter_key(dossier(at_vietnam(2025, 3, 15))) == "dossier:2025-03-15:000.00.12.H12"


def test_date_is_taken_in_vietnam_time_not_utc():
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    # 18:30 UTC on 14 March is 01:30 on 15 March in Hà Nội.
    context = dossier(datetime(2025, 3, 14, 18, 30, tzinfo=UTC))
    assert pattern.format(context, 7) == "000.00.12.H12-250315-0007"
    assert pattern.counter_key(context) == "dossier:2025-03-15:000.00.12.H12"


def test_naive_datetime_is_refused():
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    with pytest.raises(ValueError, match="aware"):
        pattern.format(dossier(datetime(2025, 3, 15, 9)), 1)


def test_numbers_wider_than_the_width_are_written_in_full():
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    context = dossier(at_vietnam(2025, 3, 15))
    assert pattern.format(context, 9999).endswith("-9999")
    assert pattern.format(context, 10000).endswith("-10000")


def test_number_zero_is_refused():
    with pytest.raises(ValueError):
        parse_pattern("{agency}-{yymmdd}-{seq:4}").format(dossier(at_vietnam(2025, 3, 15)), 0)


def test_vendor_style_code_with_yearly_sequence():
    pattern = parse_pattern("{agency_short}-{yyyymmdd}-{seq:7,yearly}")
    context = dossier(at_vietnam(2026, 6, 9), agency_short="G09.20")
    assert pattern.format(context, 92637) == "G09.20-20260609-0092637"
    assert pattern.counter_key(context) == "dossier:2026:000.00.12.H12"


def test_every_date_token_is_written_with_fixed_width():
    pattern = parse_pattern("{yyyy}.{yy}.{mm}.{dd}.{yymmdd}.{yyyymmdd}.{seq,never,global}")
    context = CodeContext(series="test", at=at_vietnam(2025, 1, 5))
    assert pattern.format(context, 3) == "2025.25.01.05.250105.20250105.3"


# --- Periods and scopes of the counter key ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("{agency}-{yymmdd}-{seq:4}", "dossier:2025-03-15:000.00.12.H12"),
        ("{agency}-{yyyy}{mm}-{seq:5,monthly}", "dossier:2025-03:000.00.12.H12"),
        ("{procedure}-{yy}{mm}-{seq:5,monthly,per_procedure}", "dossier:2025-03:1.001193"),
        ("{yyyy}-{seq:2,yearly,global}", "dossier:2025:*"),
        ("{seq:7,never,global}", "dossier:all:*"),
        ("{agency}-{seq:7,never}", "dossier:all:000.00.12.H12"),
        ("{seq:4, daily, per agency}-{agency}-{yyyymmdd}", "dossier:2025-03-15:000.00.12.H12"),
    ],
)
def test_counter_key_names_series_period_and_scope(text, key):
    context = dossier(at_vietnam(2025, 3, 15), procedure="1.001193")
    assert parse_pattern(text).counter_key(context) == key


def test_options_may_come_in_any_order():
    assert (
        parse_pattern("{procedure}{yyyy}-{seq:3,per_procedure,yearly}").sequence
        == parse_pattern("{procedure}{yyyy}-{seq:3,yearly,per_procedure}").sequence
    )


def test_missing_context_value_is_refused_with_its_field():
    pattern = parse_pattern("{procedure}-{yymmdd}-{seq:4,daily,per_procedure}")
    with pytest.raises(ValidationFailed) as caught:
        pattern.format(dossier(at_vietnam(2025, 3, 15)), 1)
    assert caught.value.code == "numbering.context_missing"
    assert caught.value.field == "procedure"


def test_context_value_with_a_hyphen_or_space_is_refused():
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    for agency in ("UBND-PX", "H 12", "Sở"):
        with pytest.raises(ValidationFailed) as caught:
            pattern.format(dossier(at_vietnam(2025, 3, 15), agency=agency), 1)
        assert caught.value.code == "numbering.context_invalid"


# --- Refused patterns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{agency}-{yymmdd}", "phải có đúng một số thứ tự"),
        ("", "phải có đúng một số thứ tự"),
        ("{agency}-{yymmdd}-{seq:4}-{seq:2}", "chỉ được có một số thứ tự"),
        ("{agency}-{yymmdd}-{ma}-{seq:4}", "không biết thành phần {ma}"),
        ("{agency}-{yymmdd}-{seq:0}", "độ rộng số thứ tự “0”"),
        ("{agency}-{yymmdd}-{seq:13}", "độ rộng số thứ tự “13”"),
        ("{agency}-{yymmdd}-{seq:abc}", "độ rộng số thứ tự “abc”"),
        ("{agency}-{yymmdd}-{seq:-1}", "độ rộng số thứ tự “-1”"),
        ("{agency}-{yymmdd}-{seq:4,weekly}", "không biết tùy chọn “weekly”"),
        ("{agency}-{yyyy}-{seq:4,yearly,monthly}", "một chu kỳ và một phạm vi"),
        ("{agency}-{yymmdd}-{seq:4,global,per_agency}", "một chu kỳ và một phạm vi"),
        ("{agency}-{agency}-{yymmdd}-{seq:4}", "thành phần {agency} lặp lại"),
        ("{agency}-{yymmdd}-{seq:4", "ngoặc nhọn không khớp"),
        ("{agency}-{yymmdd}}-{seq:4}", "ngoặc nhọn không khớp"),
        ("{agency} {yymmdd}-{seq:4}", "không dùng được"),
        ("HS-{agency}-{yymmdd}-{seq:4}-đ", "không dùng được"),
        ("{agency}-{seq:4}", "hằng ngày nên mã phải có ngày, tháng và năm"),
        ("{agency}-{yyyy}{dd}-{seq:4}", "hằng ngày nên mã phải có ngày, tháng và năm"),
        ("{agency}-{mm}-{seq:4,monthly}", "hằng tháng nên mã phải có tháng và năm"),
        ("{agency}-{seq:4,yearly}", "hằng năm nên mã phải có năm"),
        ("{yymmdd}-{seq:4}", "mã phải có {agency} hoặc {agency_short}"),
        ("{agency}-{yymmdd}-{seq:4,daily,per_procedure}", "mã phải có {procedure}"),
    ],
)
def test_invalid_pattern_is_refused_with_a_vietnamese_reason(text, says):
    with pytest.raises(ValidationFailed) as caught:
        parse_pattern(text)
    assert caught.value.code == "numbering.pattern_invalid"
    assert caught.value.field == "pattern"
    assert says in caught.value.message_vi
    assert caught.value.message_en.startswith("The code pattern")


def test_pattern_that_repeats_codes_is_allowed_when_uniqueness_is_not_asked():
    pattern = parse_pattern("{seq:2,yearly}", unique_codes=False)
    assert pattern.format(dossier(at_vietnam(2025, 3, 15)), 5) == "05"


# --- Reading codes back -------------------------------------------------------------------------


def test_default_code_reads_back_into_its_parts():
    parsed = parse_pattern("{agency}-{yymmdd}-{seq:4}").parse_code("000.00.12.H12-250315-10042")
    assert parsed.values == {"agency": "000.00.12.H12", "yymmdd": "250315"}
    assert parsed.number == 10042


def test_code_of_another_shape_is_refused_when_read_back():
    with pytest.raises(ValidationFailed) as caught:
        parse_pattern("{agency}-{yymmdd}-{seq:4}").parse_code("000.00.12.H12-2503-0001")
    assert caught.value.code == "numbering.code_mismatch"


@pytest.mark.parametrize(
    ("text", "parseable"),
    [
        ("{agency}-{yymmdd}-{seq:4}", True),
        ("{yymmdd}{seq:4}-{agency}", True),
        ("{agency}{yymmdd}{seq:4}", False),
        ("{agency}.{yymmdd}-{seq:4}", False),
        ("{agency}-{yymmdd}{seq:4}1", False),
        ("{agency}-{yymmdd}{seq:4}/X", True),
    ],
)
def test_pattern_knows_whether_codes_read_back_unambiguously(text, parseable):
    pattern = parse_pattern(text)
    assert pattern.parseable is parseable
    if not parseable:
        with pytest.raises(ValueError, match="unambiguously"):
            pattern.parse_code("x")


# --- Properties ---------------------------------------------------------------------------------

agencies = st.builds(
    lambda l4, l3, l2, letter, l1: f"{l4:03d}.{l3:02d}.{l2:02d}.{letter}{l1:02d}",
    st.integers(0, 999),
    st.integers(0, 99),
    st.integers(0, 99),
    st.sampled_from("GH"),
    st.integers(0, 99),
)
procedures = st.builds(lambda a, b: f"{a}.{b:06d}", st.integers(1, 3), st.integers(0, 999_999))
shorts = st.text(string.ascii_uppercase + string.digits + "._", min_size=1, max_size=12)
moments = st.builds(
    lambda day, seconds: datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=seconds),
    st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    st.integers(0, 86_399),
)
parseable_patterns = st.sampled_from(
    [
        "{agency}-{yymmdd}-{seq:4}",
        "{agency_short}-{yyyymmdd}-{seq:7,yearly}",
        "{procedure}/{yyyy}{mm}/{seq:5,monthly,per_procedure}",
        "HS{yyyy}-{seq:6,yearly,global}",
        "{yy}{mm}{dd}{seq:3}-{agency}",
        "{seq:2,never,global}",
    ]
)


@given(
    text=parseable_patterns,
    agency=agencies,
    short=shorts,
    procedure=procedures,
    at=moments,
    numbers=st.lists(st.integers(1, 10**9), min_size=2, max_size=20, unique=True),
)
def test_distinct_numbers_give_distinct_codes_within_a_key(text, agency, short, procedure, at, numbers):
    pattern = parse_pattern(text)
    context = CodeContext("dossier", at, agency=agency, agency_short=short, procedure=procedure)
    codes = [pattern.format(context, number) for number in numbers]
    assert len(set(codes)) == len(numbers)


@given(
    text=parseable_patterns,
    agency=agencies,
    short=shorts,
    procedure=procedures,
    at=moments,
    number=st.integers(1, 10**12),
)
def test_a_formatted_code_reads_back_to_its_number_and_values(text, agency, short, procedure, at, number):
    pattern = parse_pattern(text)
    context = CodeContext("dossier", at, agency=agency, agency_short=short, procedure=procedure)
    parsed = pattern.parse_code(pattern.format(context, number))
    assert parsed.number == number
    for name, value in parsed.values.items():
        expected = getattr(context, name, None)
        if expected is not None:
            assert value == expected
    assert pattern.format(context, parsed.number) == pattern.format(context, number)


@given(
    agency=agencies,
    first=moments,
    second=moments,
    first_number=st.integers(1, 10**6),
    second_number=st.integers(1, 10**6),
)
def test_codes_from_different_days_or_numbers_never_collide(
    agency, first, second, first_number, second_number
):
    """The default pattern's code determines its counter key and number: no two allocations clash."""
    pattern = parse_pattern("{agency}-{yymmdd}-{seq:4}")
    a, b = CodeContext("dossier", first, agency=agency), CodeContext("dossier", second, agency=agency)
    same_allocation = pattern.counter_key(a) == pattern.counter_key(b) and first_number == second_number
    assert (pattern.format(a, first_number) == pattern.format(b, second_number)) == same_allocation
