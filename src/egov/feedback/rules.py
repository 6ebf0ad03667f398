"""Satisfaction ratings as plain Python (no Django): the three levels, when a dossier may be rated,
what a comment may be, and the satisfaction share used by the Decision 766 indicator
(Quyết định 766/QĐ-TTg, group "mức độ hài lòng").

The services (`egov.feedback.services`) apply these rules inside their transaction; the citizen
portal asks the same function which buttons to show, so the page never offers what the service
would refuse.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from egov.core.errors import ValidationFailed

COMMENT_MAX_CHARS = 2000

#: National statuses after which the service is complete and may be rated: 9 Đã xử lý xong,
#: 10 Đã trả kết quả (DOMAIN §3). A dossier refused, withdrawn or stopped is not rated here.
RATABLE_STATUSES = frozenset({9, 10})


class Level(enum.IntEnum):
    """How satisfied the applicant is, the three answers of the national portal's rating."""

    NOT_SATISFIED = 1
    SATISFIED = 2
    VERY_SATISFIED = 3

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS: dict[Level, str] = {
    Level.VERY_SATISFIED: "Rất hài lòng",
    Level.SATISFIED: "Hài lòng",
    Level.NOT_SATISFIED: "Không hài lòng",
}


def may_rate(*, status: int, closed: bool, already_rated: bool) -> bool:
    """A dossier may be rated once, after its processing is complete: the result is ready (status 9)
    or handed over (10); never when it was closed without a result."""
    return not closed and status in RATABLE_STATUSES and not already_rated


def clean_level(raw: object) -> Level:
    """The level as chosen on the form (1, 2 or 3, as number or text); refused otherwise."""
    try:
        return Level(int(str(raw).strip()))
    except (TypeError, ValueError):
        raise ValidationFailed(
            "Hãy chọn một mức độ hài lòng: Rất hài lòng, Hài lòng hoặc Không hài lòng.",
            code="feedback.level_invalid",
            message_en="Choose a level: very satisfied, satisfied or not satisfied.",
            field="level",
        ) from None


def clean_comment(raw: str | None) -> str:
    """The comment as typed, blanks around it dropped; refused (not cut) past 2,000 characters."""
    text = (raw or "").strip()
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationFailed(
            f"Góp ý dài {len(text)} ký tự, quá {COMMENT_MAX_CHARS} ký tự cho phép.",
            code="feedback.comment_too_long",
            message_en=f"The comment is {len(text)} characters long, over the {COMMENT_MAX_CHARS} allowed.",
            field="comment",
        )
    return text


@dataclass(frozen=True)
class SatisfactionCounts:
    """How many ratings of each level an agency received in a period."""

    very_satisfied: int = 0
    satisfied: int = 0
    not_satisfied: int = 0

    @property
    def total(self) -> int:
        return self.very_satisfied + self.satisfied + self.not_satisfied

    @property
    def satisfied_share(self) -> float | None:
        """(Rất hài lòng + Hài lòng) / all ratings, None when nobody rated (not 0 %: no data is not
        dissatisfaction)."""
        if self.total == 0:
            return None
        return (self.very_satisfied + self.satisfied) / self.total

    def add(self, level: Level, count: int = 1) -> SatisfactionCounts:
        return SatisfactionCounts(
            very_satisfied=self.very_satisfied + (count if level == Level.VERY_SATISFIED else 0),
            satisfied=self.satisfied + (count if level == Level.SATISFIED else 0),
            not_satisfied=self.not_satisfied + (count if level == Level.NOT_SATISFIED else 0),
        )
