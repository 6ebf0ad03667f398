"""Pure rules of one-time codes: making, hashing, expiry, wrong tries, resend cooldown. No database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from egov.accounts import one_time_codes as otc

KEY = "khoa-bi-mat-thu-nghiem"
START = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
codes = st.text("0123456789", min_size=6, max_size=6)
moments = st.integers(0, 3 * 3600).map(lambda s: START + dt.timedelta(seconds=s))


def test_new_codes_are_six_digits_with_leading_zeros_kept() -> None:
    drawn = {otc.new_code() for _ in range(300)}
    assert all(otc.is_well_formed(code) for code in drawn)
    assert len(drawn) > 250  # random, not a counter or a constant


@given(code=codes)
def test_a_code_matches_its_own_hash_typed_with_spaces(code: str) -> None:
    stored = otc.hash_code(code, key=KEY, purpose="register", destination="0912345678")
    typed = f"{code[:3]} {code[3:]}"
    assert otc.code_matches(typed, stored, key=KEY, purpose="register", destination="0912345678")


@given(code=codes, other=codes)
def test_another_code_does_not_match(code: str, other: str) -> None:
    stored = otc.hash_code(code, key=KEY, purpose="register", destination="a@example.vn")
    assert otc.code_matches(other, stored, key=KEY, purpose="register", destination="a@example.vn") == (
        other == code
    )


@given(code=codes)
def test_hash_is_keyed_and_bound_to_purpose_and_destination(code: str) -> None:
    stored = otc.hash_code(code, key=KEY, purpose="register", destination="0912345678")
    assert code not in stored and len(stored) == 64
    assert not otc.code_matches(code, stored, key="khoa-khac", purpose="register", destination="0912345678")
    assert not otc.code_matches(code, stored, key=KEY, purpose="reset_password", destination="0912345678")
    assert not otc.code_matches(code, stored, key=KEY, purpose="register", destination="0912345679")


def test_malformed_input_never_matches() -> None:
    stored = otc.hash_code("123456", key=KEY, purpose="register", destination="x@example.vn")
    for typed in ("", "12345", "1234567", "abcdef", "12345６"):
        assert not otc.code_matches(typed, stored, key=KEY, purpose="register", destination="x@example.vn")


@given(at=moments, matches=st.booleans(), attempts=st.integers(0, otc.MAX_WRONG_TRIES - 1))
def test_code_works_for_ten_minutes_only(at: dt.datetime, matches: bool, attempts: int) -> None:
    state = otc.CodeState(expires_at=otc.expiry(START), attempts=attempts)
    result = otc.check(state, matches=matches, at=at)
    if at >= START + dt.timedelta(minutes=10):
        assert result.verdict is otc.Verdict.EXPIRED and result.attempts == attempts
    elif matches:
        assert result.accepted
    else:
        assert result.verdict in (otc.Verdict.WRONG, otc.Verdict.TOO_MANY_TRIES)


@given(outcomes=st.lists(st.booleans(), min_size=1, max_size=12))
def test_fifth_wrong_try_ends_the_code_and_right_code_is_then_refused(outcomes: list[bool]) -> None:
    """Play a sequence of tries (True = right code) within the lifetime: a right code is accepted
    only while fewer than five wrong ones came before it; wrong tries count down."""
    state = otc.CodeState(expires_at=otc.expiry(START))
    wrong = 0
    for matches in outcomes:
        result = otc.check(state, matches=matches, at=START + dt.timedelta(minutes=1))
        if wrong >= otc.MAX_WRONG_TRIES:
            assert result.verdict is otc.Verdict.TOO_MANY_TRIES and result.tries_left == 0
            assert result.attempts == wrong  # tries after the end are not counted
        elif matches:
            assert result.accepted
            return
        else:
            wrong += 1
            assert result.attempts == wrong
            assert result.tries_left == otc.MAX_WRONG_TRIES - wrong
            expected = otc.Verdict.WRONG if wrong < otc.MAX_WRONG_TRIES else otc.Verdict.TOO_MANY_TRIES
            assert result.verdict is expected
        state = otc.CodeState(expires_at=state.expires_at, attempts=result.attempts)


@given(at=moments, matches=st.booleans())
def test_used_code_is_refused_forever(at: dt.datetime, matches: bool) -> None:
    state = otc.CodeState(expires_at=otc.expiry(START), used_at=START + dt.timedelta(seconds=30))
    assert otc.check(state, matches=matches, at=at).verdict is otc.Verdict.USED


@given(elapsed=st.integers(0, 600_000))
def test_resend_waits_sixty_seconds_after_last_code(elapsed: int) -> None:
    at = START + dt.timedelta(milliseconds=elapsed)
    wait = otc.seconds_until_resend(START, at=at)
    if elapsed >= 60_000:
        assert wait == 0
    else:
        assert 1 <= wait <= 60
        # Waiting the announced time is always enough.
        assert otc.seconds_until_resend(START, at=at + dt.timedelta(seconds=wait)) == 0


def test_first_code_may_be_sent_at_once() -> None:
    assert otc.seconds_until_resend(None, at=START) == 0


def test_destination_is_masked_for_display() -> None:
    assert otc.mask_destination("0912345678") == "0912***678"
    assert otc.mask_destination("hoa@example.vn") == "h***@example.vn"
