"""Amounts in Vietnamese words (receipts): the examples of the issue, the reading rules, and a
round trip through an independent reader over random amounts."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.payments.amount_words import amount_in_words, number_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (105_000, "Một trăm linh năm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (104, "Một trăm linh bốn đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_000_001_000, "Một tỷ không trăm linh một nghìn đồng"),
    ],
)
def test_reading_of_examples(amount, words):
    assert amount_in_words(amount) == words


def test_southern_reading_says_le():
    assert number_in_words(105_000, odd="lẻ") == "một trăm lẻ năm nghìn"


@pytest.mark.parametrize("bad", [-1, 1.5, True, "5"])
def test_only_non_negative_integers(bad):
    with pytest.raises((TypeError, ValueError)):
        number_in_words(bad)


# --- An independent reader: words back to the number ---------------------------------------------------

VALUES = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5}
VALUES |= {"sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def read_back(text: str) -> int:
    """Sum the words like a person does: a digit waits for its multiplier (trăm, mươi), and a group
    word (nghìn, triệu, tỷ) multiplies everything read since the last bigger group word."""
    scales = {"nghìn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000}
    total = 0  # finished parts above the current group
    stack: list[tuple[int, int]] = []  # (scale, value) of finished groups, for "nghìn tỷ"
    group = 0
    digit = 0
    for word in text.split():
        if word in VALUES:
            digit = VALUES[word]
            group += digit
        elif word == "trăm":
            group += digit * 100 - digit
        elif word == "mươi":
            group += digit * 10 - digit
        elif word == "mười":
            group += 10
        elif word in ("linh", "lẻ"):
            pass
        else:
            scale = scales[word]
            value = group
            # absorb smaller finished groups into this one ("một nghìn tỷ": nghìn then tỷ)
            while stack and stack[-1][0] < scale:
                value += stack.pop()[1]
            stack.append((scale, value * scale))
            group = 0
        digit = 0 if word not in VALUES else digit
    total = sum(value for _, value in stack) + group
    return total


@given(st.integers(min_value=0, max_value=10**15))
def test_words_read_back_to_the_amount(amount):
    assert read_back(number_in_words(amount)) == amount


@given(st.integers(min_value=0, max_value=10**12))
def test_reading_rules_hold(amount):
    words = number_in_words(amount).split()
    pairs = list(itertools.pairwise(words))
    assert ("mười", "mốt") not in pairs and ("linh", "mốt") not in pairs  # 11, 101: "một"
    assert ("mươi", "một") not in pairs  # 21: "mốt"
    assert ("mươi", "năm") not in pairs and ("mười", "năm") not in pairs  # 15, 25: "lăm"
    assert ("linh", "lăm") not in pairs and ("linh", "tư") not in pairs  # 105, 104
    assert ("mười", "tư") not in pairs  # 14: "bốn"
    assert words[0] != "không" or amount == 0
    assert "mươi" not in words or all(w != "không" for w, n in pairs if n == "mươi")
