"""Rules of a citizen's draft (hồ sơ nháp), in plain Python: when it expires, which papers still
lack a file, and the order of the steps of the online submission.

No Django import: the views and services pass in plain values, and the tests run without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_DRAFT_DAYS = 30
"""How long a draft is kept after its last change when ``EGOV_DRAFT_DAYS`` is not set."""

FORM = "form"
PAPERS = "papers"
REVIEW = "review"
STEPS: tuple[str, ...] = (FORM, PAPERS, REVIEW)
"""The steps of the online submission in order: the declaration (applicant, e-form, return method),
the papers' files, the review with the confirmation. The draft remembers the furthest one reached."""


def expires_at(last_change: dt.datetime, *, days: int = DEFAULT_DRAFT_DAYS) -> dt.datetime:
    """The moment a draft changed at ``last_change`` expires: ``days`` later (at least one day)."""
    return last_change + dt.timedelta(days=max(1, int(days)))


def is_expired(expires: dt.datetime, *, now: dt.datetime) -> bool:
    """Whether a draft that expires at ``expires`` can no longer be used at ``now``."""
    return now >= expires


def step_index(step: str) -> int:
    """The position of ``step`` in `STEPS` (an unknown step counts as the first)."""
    return STEPS.index(step) if step in STEPS else 0


def furthest(reached: str, step: str) -> str:
    """The later of two steps: a draft never forgets a step it has reached."""
    return step if step_index(step) > step_index(reached) else (reached if reached in STEPS else FORM)


def may_open(step: str, *, reached: str) -> bool:
    """Whether a citizen whose draft has reached ``reached`` may open ``step`` (earlier steps are
    always open, to change an answer; later ones only once reached)."""
    return step in STEPS and step_index(step) <= step_index(reached)


@dataclass(frozen=True)
class PaperSlot:
    """One paper of the procedure's list, as the draft sees it."""

    paper_id: int
    name: str
    required: bool


def missing_papers(slots: Iterable[PaperSlot], attached: Iterable[int | None]) -> list[PaperSlot]:
    """The required papers that have no file yet, in the list's order."""
    have = {paper_id for paper_id in attached if paper_id is not None}
    return [slot for slot in slots if slot.required and slot.paper_id not in have]


def next_step_after_papers(slots: Iterable[PaperSlot], attached: Iterable[int | None]) -> str:
    """Where the citizen goes on from the papers step: the review when every required paper has a
    file, else the papers step again."""
    return REVIEW if not missing_papers(slots, attached) else PAPERS
