"""What each one-stop form of Thông tư 03/2025/TT-VPCP (annex I, forms 01–07) shows, as plain frozen data.

No Django and no models: the dossier services build these from a dossier, and `render.render_form`
turns any of them into PDF bytes. Text fields hold Vietnamese as it is printed; moments are datetimes
(aware, or naive Vietnam time) and are written the Vietnamese way by `vietnamese_dates`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IssuingAgency:
    """The agency block top left: the governing body above, the issuing agency below (underlined).

    `place` is the place name of the place-and-date line ("Huế, ngày ..."), ND 30/2020 Phụ lục I.
    """

    name: str
    parent_name: str = ""
    place: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Applicant:
    """The person or organisation the dossier belongs to."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Signer:
    """A signature block: its heading ("NGƯỜI TIẾP NHẬN HỒ SƠ"), an optional authority line
    ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"), a hint under the heading and the printed name."""

    heading: str
    name: str = ""
    authority: str = ""
    position: str = ""
    hint: str = "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True)
class ReceivedPaper:
    """One paper of the thành phần hồ sơ, with how many originals and copies were handed in."""

    name: str
    originals: int = 0
    copies: int = 0
    note: str = ""

    def __post_init__(self) -> None:
        if self.originals < 0 or self.copies < 0:
            raise ValueError("originals and copies cannot be negative")


@dataclass(frozen=True)
class MissingItem:
    """One thing the applicant must add or correct (form 02), with why."""

    content: str
    reason: str = ""


class StepOutcome(enum.StrEnum):
    """How a step ended against its allotted time (form 06 'Kết quả giải quyết hồ sơ')."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


@dataclass(frozen=True)
class Handover:
    """One row of form 06: who gave the dossier to whom, when, and how the step ended."""

    from_unit: str
    from_person: str
    to_unit: str
    to_person: str
    at: dt.datetime
    outcome: StepOutcome | None = None
    note: str = ""


@dataclass(frozen=True)
class RegisterRow:
    """One dossier in the tracking book (form 07)."""

    dossier_code: str
    procedure_name: str
    applicant_name: str
    applicant_contact: str
    processing_agency: str
    received_at: dt.datetime
    due_at: dt.datetime
    sets: int = 1
    transferred_at: dt.datetime | None = None
    result_ready_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class _DossierForm:
    """Fields every dossier form shares: the agency, the dossier and the date of the paper."""

    agency: IssuingAgency
    dossier_code: str
    applicant: Applicant
    procedure_name: str
    issued_on: dt.date
    number: str = ""


@dataclass(frozen=True, kw_only=True)
class ReceiptForm(_DossierForm):
    """Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with a QR code to the public lookup."""

    papers: tuple[ReceivedPaper, ...]
    received_at: dt.datetime
    due_at: dt.datetime
    legal_time: str
    receiving_officer: str
    lookup_url: str
    sets: int = 1
    return_place: str = ""
    register_book: str = ""
    register_position: str = ""


@dataclass(frozen=True, kw_only=True)
class SupplementRequestForm(_DossierForm):
    """Mẫu số 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: everything missing, asked once."""

    missing: tuple[MissingItem, ...]
    received_at: dt.datetime
    officer: str
    contact: str = ""

    def __post_init__(self) -> None:
        if not self.missing:
            raise ValueError("a supplement request lists at least one missing item")


@dataclass(frozen=True, kw_only=True)
class RefusalForm(_DossierForm):
    """Mẫu số 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reasons."""

    reasons: tuple[str, ...]
    officer: str

    def __post_init__(self) -> None:
        if not self.reasons:
            raise ValueError("a refusal states at least one reason")


@dataclass(frozen=True, kw_only=True)
class ApologyForm(_DossierForm):
    """Mẫu số 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: old and new appointment."""

    received_at: dt.datetime
    old_due_at: dt.datetime
    new_due_at: dt.datetime
    reason: str
    signer: Signer
    recipients: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.new_due_at <= self.old_due_at:
            raise ValueError("the new appointment must come after the old one")


@dataclass(frozen=True, kw_only=True)
class StopNoticeForm(_DossierForm):
    """Mẫu số 05 — Thông báo dừng giải quyết hồ sơ, with the reason and its legal basis."""

    received_at: dt.datetime
    reason: str
    signer: Signer
    legal_basis: str = ""
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ProcessingControlForm(_DossierForm):
    """Mẫu số 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over."""

    received_at: dt.datetime
    due_at: dt.datetime
    processing_agency: str
    handovers: tuple[Handover, ...]
    coordinating_agencies: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TrackingRegisterForm:
    """Mẫu số 07 — Sổ theo dõi hồ sơ for a period: a landscape register of any number of rows."""

    agency: IssuingAgency
    period_start: dt.date
    period_end: dt.date
    rows: tuple[RegisterRow, ...] = field(default=())
    book_number: str = ""

    def __post_init__(self) -> None:
        if self.period_end < self.period_start:
            raise ValueError("the period ends before it starts")


OfficialForm = (
    ReceiptForm
    | SupplementRequestForm
    | RefusalForm
    | ApologyForm
    | StopNoticeForm
    | ProcessingControlForm
    | TrackingRegisterForm
)
