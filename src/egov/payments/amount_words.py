"""An amount of money in Vietnamese words, as written on receipts ("Bằng chữ: ...").

Pure Python, no Django import. The usual rules of reading numbers:

- groups of three digits: đơn vị, nghìn, triệu, tỷ; above a billion the groups repeat with "tỷ"
  (1 000 000 000 000 = "một nghìn tỷ");
- a group that is all zeros is left out (1 000 000 = "một triệu"), but inside the number a group's
  missing hundreds are read "không trăm" and a missing ten "linh" (or "lẻ", in the South):
  1 000 005 = "một triệu không trăm linh năm", 105 = "một trăm linh năm";
- 1 after a ten from twenty up is "mốt" (21 = "hai mươi mốt"), but "một" after "mười" (11);
- 5 after any ten is "lăm" (15 = "mười lăm", 25 = "hai mươi lăm"), and "năm" after "linh";
- 4 after a ten from twenty up is "tư" (24 = "hai mươi tư"), "bốn" after "mười" and "linh";
- 10 is "mười", 20 is "hai mươi".

    >>> amount_in_words(21_000)
    'Hai mươi mốt nghìn đồng'
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu")
BILLION = 1_000_000_000


def _triple(number: int, *, full: bool, odd: str) -> list[str]:
    """Words of 0 < number < 1000; ``full`` reads the missing hundreds ("không trăm") of an inner group."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(odd)
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("một" if tens == 1 else "mốt")
    elif units == 4:
        words.append("bốn" if tens == 1 else "tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_billion(number: int, *, full: bool, odd: str) -> list[str]:
    """Words of 0 < number < 10**9; ``full`` when a higher part was read before it."""
    words: list[str] = []
    parts = [(number // 10**6) % 1000, (number // 1000) % 1000, number % 1000]
    for index, part in enumerate(parts):
        if part == 0:
            continue
        words += _triple(part, full=full or bool(words), odd=odd)
        group = GROUPS[2 - index]
        if group:
            words.append(group)
    return words


def number_in_words(number: int, *, odd: str = "linh") -> str:
    """``number`` (≥ 0) in lower-case Vietnamese words; ``odd`` is "linh" (default) or "lẻ"."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise TypeError("an integer number of đồng is required")
    if number < 0:
        raise ValueError("amounts are not negative")
    if odd not in ("linh", "lẻ"):
        raise ValueError('odd must be "linh" or "lẻ"')
    if number == 0:
        return DIGITS[0]
    return " ".join(_words(number, full=False, odd=odd))


def _words(number: int, *, full: bool, odd: str) -> list[str]:
    high, low = divmod(number, BILLION)
    words: list[str] = []
    if high:
        words += [*_words(high, full=full, odd=odd), "tỷ"]
    if low:
        words += _below_billion(low, full=full or bool(words), odd=odd)
    return words


def amount_in_words(amount: int, *, odd: str = "linh", currency: str = "đồng") -> str:
    """An amount of money as written on a receipt: capitalised, with the currency word."""
    text = f"{number_in_words(amount, odd=odd)} {currency}"
    return text[0].upper() + text[1:]


def digits(amount: int) -> str:
    """An amount in digits grouped the Vietnamese way: 1050000 → "1.050.000"."""
    return f"{amount:,}".replace(",", ".")
