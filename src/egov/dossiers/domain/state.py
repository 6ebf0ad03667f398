"""What the engine knows about a dossier: its workflow step, its national status and its clock.

Plain Python, frozen dataclasses, no Django import. Payment, delivery and sync states are separate
fields of the model (DOMAIN.md §3) and are deliberately not here: this is workflow + clock only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


class NationalStatus(enum.IntEnum):
    """Status codes reported to the national public-service portal (Thông tư 03/2025/TT-VPCP)."""

    REGISTERED = 1
    RECEIVED = 2
    NOT_RECEIVED = 3
    PROCESSING = 4
    SUPPLEMENT_REQUESTED = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWAL_REQUESTED = 7
    STOPPED = 8
    PROCESSED = 9
    RESULT_RETURNED = 10

    @property
    def label(self) -> str:
        """The Vietnamese name used by the national portal."""
        return NATIONAL_STATUS_LABELS[self]


NATIONAL_STATUS_LABELS: dict[NationalStatus, str] = {
    NationalStatus.REGISTERED: "Mới đăng ký",
    NationalStatus.RECEIVED: "Được tiếp nhận",
    NationalStatus.NOT_RECEIVED: "Không được tiếp nhận",
    NationalStatus.PROCESSING: "Đang xử lý",
    NationalStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    NationalStatus.FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    NationalStatus.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
    NationalStatus.STOPPED: "Dừng xử lý",
    NationalStatus.PROCESSED: "Đã xử lý xong",
    NationalStatus.RESULT_RETURNED: "Đã trả kết quả",
}

#: Statuses by which a dossier leaves processing without a result (refusal, withdrawal, stop).
CLOSING_STATUSES = frozenset(
    {NationalStatus.NOT_RECEIVED, NationalStatus.WITHDRAWAL_REQUESTED, NationalStatus.STOPPED}
)


@dataclass(frozen=True)
class Extension:
    """A new appointment given with form 04 (văn bản xin lỗi và đề nghị gia hạn)."""

    at: datetime
    previous_due: datetime
    new_due: datetime
    reason: str


@dataclass(frozen=True)
class ClockSnapshot:
    """The clock kept at a moment for statistics (clock effect "freeze")."""

    at: datetime
    started_at: datetime
    due_at: datetime
    original_due_at: datetime
    paused_hours: Decimal


@dataclass(frozen=True)
class Closure:
    """A dossier that left processing without a result: refused (3), withdrawn (7) or stopped (8)."""

    status: NationalStatus
    at: datetime
    reason: str


@dataclass(frozen=True)
class Clock:
    """The dossier's deadline clock (DOMAIN.md §4).

    - ``started_at``: when the legal time began to run (the next session start after receipt, or
      the moment of a restart).
    - ``due_at``: the appointment given to the applicant; an extension (form 04) moves it.
    - ``original_due_at``: the legal due, against which lateness is always counted: it moves with
      paused time and restarts, never with an extension.
    - ``paused_at`` / ``paused_for``: set while the clock is paused (supplement requested, waiting for
      the financial obligation); ``paused_hours``: working hours paused so far, never charged.
    - ``step_started_at`` / ``step_due_at``: the current step's own due from its allotted hours
      (None for a step without allotted hours, such as the applicant's waiting step).
    """

    received_at: datetime
    started_at: datetime
    due_at: datetime
    original_due_at: datetime
    step_started_at: datetime
    step_due_at: datetime | None
    paused_at: datetime | None = None
    paused_for: NationalStatus | None = None
    paused_hours: Decimal = Decimal("0")
    extensions: tuple[Extension, ...] = ()
    frozen: ClockSnapshot | None = None
    finished_at: datetime | None = None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


@dataclass(frozen=True)
class DossierState:
    """A dossier as the transition function sees it: workflow step, national status, clock."""

    step: str
    status: NationalStatus
    clock: Clock
    closure: Closure | None = None

    @property
    def is_finished(self) -> bool:
        """The dossier reached a terminal step of its process."""
        return self.clock.finished_at is not None

    @property
    def is_open(self) -> bool:
        """Neither finished nor closed (refused, withdrawn, stopped): actions may still apply."""
        return not self.is_finished and self.closure is None
