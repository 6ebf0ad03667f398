"""Organisation rules in plain Python: electronic identifiers of agencies and accent folding.

Electronic identifier (mã định danh điện tử), QCVN 102:2016/BTTTT and Quyết định 20/2020/QĐ-TTg:
``LLL.KK.JJ.Xnn``, read right to left.

- ``Xnn`` is level 1: one upper-case letter naming the group of bodies (``G`` the Government's
  ministries and agencies, ``H`` the provinces' people's committees, other letters for the Party,
  the National Assembly, courts, ...) followed by two digits, ``01``..``99``. Level 1 is never empty.
- ``JJ`` (two digits) is level 2, ``KK`` (two digits) level 3, ``LLL`` (three digits) level 4;
  ``00``/``000`` means "no unit at this level".

Rule chosen for the empty groups (the regulation assigns codes top-down, each level inside its
parent): a level can only be set when every level above it is set, so ``000.01.00.H12`` (level 3
without level 2) is malformed. Hence an identifier's *level* is the deepest level that is set, and
its parent identifier is obtained by emptying that level: ``000.01.12.H12`` → ``000.00.12.H12`` →
``000.00.00.H12``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from egov.core.errors import ValidationFailed
from egov.core.text import fold  # re-exported: organizations callers use rules.fold

_IDENTIFIER = re.compile(r"^(?P<l4>\d{3})\.(?P<l3>\d{2})\.(?P<l2>\d{2})\.(?P<l1>[A-Z]\d{2})$")
_NONE_L4 = "000"
_NONE_L23 = "00"
MAX_LEVEL = 4


def _invalid(message_vi: str, message_en: str) -> ValidationFailed:
    return ValidationFailed(
        message_vi,
        code="agency.identifier_invalid",
        message_en=message_en,
        field="identifier",
    )


@dataclass(frozen=True, slots=True)
class AgencyIdentifier:
    """A parsed electronic identifier. ``level2``..``level4`` are ``None`` when the level is empty."""

    level1: str
    level2: str | None = None
    level3: str | None = None
    level4: str | None = None

    @property
    def level(self) -> int:
        """The deepest level that is set (1..4)."""
        if self.level4 is not None:
            return 4
        if self.level3 is not None:
            return 3
        if self.level2 is not None:
            return 2
        return 1

    @property
    def group(self) -> str:
        """The level-1 group letter (``G``, ``H``, ...)."""
        return self.level1[0]

    def __str__(self) -> str:
        return ".".join(
            (
                self.level4 or _NONE_L4,
                self.level3 or _NONE_L23,
                self.level2 or _NONE_L23,
                self.level1,
            )
        )

    def parent(self) -> AgencyIdentifier | None:
        """The identifier of the unit one level up, or ``None`` for a level-1 identifier."""
        match self.level:
            case 4:
                return AgencyIdentifier(self.level1, self.level2, self.level3)
            case 3:
                return AgencyIdentifier(self.level1, self.level2)
            case 2:
                return AgencyIdentifier(self.level1)
            case _:
                return None

    def child(self, code: int) -> AgencyIdentifier:
        """The identifier of the ``code``-th unit one level below (2 digits, or 3 at level 4)."""
        level = self.level + 1
        if level > MAX_LEVEL:
            raise _invalid(
                "Mã định danh đã ở cấp 4, không thể cấp mã cho đơn vị cấp dưới.",
                "The identifier is already at level 4; no lower level exists.",
            )
        width = 3 if level == MAX_LEVEL else 2
        if not 1 <= code < 10**width:
            raise _invalid(
                f"Số thứ tự đơn vị cấp {level} phải từ 1 đến {10**width - 1}.",
                f"A level-{level} unit number is between 1 and {10**width - 1}.",
            )
        part = f"{code:0{width}d}"
        if level == 2:
            return AgencyIdentifier(self.level1, part)
        if level == 3:
            return AgencyIdentifier(self.level1, self.level2, part)
        return AgencyIdentifier(self.level1, self.level2, self.level3, part)

    def is_ancestor_of(self, other: AgencyIdentifier) -> bool:
        """True when ``other`` lies strictly below this identifier."""
        node = other.parent()
        while node is not None:
            if node == self:
                return True
            node = node.parent()
        return False


def normalize_identifier(value: str) -> str:
    """The canonical form of an identifier: upper case, no whitespace. Raises when malformed."""
    return str(parse_identifier(value))


def parse_identifier(value: str) -> AgencyIdentifier:
    """Parse ``LLL.KK.JJ.Xnn``; case and surrounding/inner whitespace are forgiven."""
    cleaned = re.sub(r"\s+", "", value or "").upper()
    if not cleaned:
        raise _invalid("Vui lòng nhập mã định danh điện tử.", "The electronic identifier is required.")
    match = _IDENTIFIER.match(cleaned)
    if match is None:
        raise _invalid(
            f"Mã định danh “{cleaned}” không đúng dạng LLL.KK.JJ.Xnn (ví dụ 000.00.00.H57).",
            f"The identifier “{cleaned}” does not have the form LLL.KK.JJ.Xnn (e.g. 000.00.00.H57).",
        )
    l4, l3, l2, l1 = match["l4"], match["l3"], match["l2"], match["l1"]
    if l1[1:] == "00":
        raise _invalid(
            f"Mã cấp 1 “{l1}” không hợp lệ: hai chữ số sau chữ cái phải từ 01 đến 99.",
            f"The level-1 code “{l1}” is invalid: its two digits run from 01 to 99.",
        )
    parts = [None if p in (_NONE_L4, _NONE_L23) else p for p in (l2, l3, l4)]
    for depth in (1, 2):  # parts[1] is level 3, parts[2] is level 4
        if parts[depth] is not None and parts[depth - 1] is None:
            raise _invalid(
                f"Mã định danh “{cleaned}” không hợp lệ: có mã cấp {depth + 2} "
                f"nhưng mã cấp {depth + 1} để trống (00).",
                f"The identifier “{cleaned}” sets level {depth + 2} while level {depth + 1} is empty.",
            )
    return AgencyIdentifier(l1, parts[0], parts[1], parts[2])


def search_text(name: str, short_name: str = "") -> str:
    """The folded text an agency is found by: its name and the parts of its short name
    ("Sở Xây dựng", "SXD" → "so xay dung sxd"; "UBND-PPX" adds "ubnd ppx")."""
    return fold(f"{name} {short_name.replace('-', ' ')}")


_SHORT_NAME = re.compile(r"^[^\s/.,;:]{1,32}$")


def normalize_short_name(value: str) -> str:
    """An agency's short name as used in dossier codes and document symbols (``UBND``, ``SXD``,
    ``TTPVHCC``): upper case, no spaces, no ``/`` (the symbol separator, Nghị định 30/2020), at most
    32 characters."""
    cleaned = (value or "").strip().upper()
    if not _SHORT_NAME.match(cleaned):
        raise ValidationFailed(
            "Tên viết tắt phải có từ 1 đến 32 ký tự, "
            "không chứa khoảng trắng, dấu “/”, “.”, “,”, “;” hay “:”.",
            code="agency.short_name_invalid",
            message_en="A short name has 1 to 32 characters without spaces, “/”, “.”, “,”, “;” or “:”.",
            field="short_name",
        )
    return cleaned


def child_path(parent_path: str, pk: int) -> str:
    """The materialised path of a node under ``parent_path`` (``""`` for a root): ``/1/5/`` + ``12/``."""
    return f"{parent_path or '/'}{pk}/"


def is_in_subtree(path: str, subtree_path: str) -> bool:
    """True when the node at ``path`` is the node at ``subtree_path`` or lies below it."""
    return bool(subtree_path) and path.startswith(subtree_path)
