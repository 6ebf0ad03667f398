"""Text folding for accent-insensitive search: "Giấy phép xây dựng" → "giay phep xay dung".

Used by every searchable table (agencies, procedures, ...) to fill a folded column that SQLite and
PostgreSQL search alike; see docs/adr/0004-accent-free-search.md.
"""

from __future__ import annotations

import unicodedata

_LETTER_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Accent-folded, lower-case, single-spaced text: "Sở Xây dựng" → "so xay dung"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_LETTER_D))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
