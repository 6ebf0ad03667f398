"""Sample data for each official form, shared by the form tests (plain frozen dataclasses, no database)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from egov.dossiers.official_forms import data

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LOOKUP_URL = "https://dichvucong.hue.gov.vn/tra-cuu/000.00.12.H57-250203-0007"
DOSSIER_CODE = "000.00.12.H57-250203-0007"
RECEIVED_AT = dt.datetime(2025, 2, 3, 15, 30, tzinfo=VN)
DUE_AT = dt.datetime(2025, 2, 17, 15, 30, tzinfo=VN)

AGENCY = data.IssuingAgency(
    name="Trung tâm Phục vụ hành chính công",
    parent_name="UBND thành phố Huế",
    place="Huế",
    phone="0234 3822 123",
)
APPLICANT = data.Applicant(
    name="Nguyễn Thị Hương",
    address="12 Lê Lợi, phường Thuận Hóa, thành phố Huế",
    phone="0905 123 456",
    email="huong.nguyen@example.vn",
)
PROCEDURE = "Cấp giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II"
LEADER = data.Signer("Phó Giám đốc", name="Trần Văn Đức", authority="KT. GIÁM ĐỐC", hint="")


def receipt(**changes: object) -> data.ReceiptForm:
    values: dict[str, object] = {
        "agency": AGENCY,
        "dossier_code": DOSSIER_CODE,
        "applicant": APPLICANT,
        "procedure_name": PROCEDURE,
        "issued_on": RECEIVED_AT.date(),
        "papers": (
            data.ReceivedPaper("Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", originals=1),
            data.ReceivedPaper("Giấy chứng nhận quyền sử dụng đất", copies=1, note="Bản sao có chứng thực"),
            data.ReceivedPaper("Bản vẽ thiết kế xây dựng", originals=2),
        ),
        "received_at": RECEIVED_AT,
        "due_at": DUE_AT,
        "legal_time": "10 ngày làm việc",
        "receiving_officer": "Lê Thị Mai",
        "lookup_url": LOOKUP_URL,
        "return_place": "Trung tâm Phục vụ hành chính công thành phố Huế",
        "register_book": "01",
        "register_position": "0007",
    }
    values.update(changes)
    return data.ReceiptForm(**values)  # type: ignore[arg-type]


def supplement_request() -> data.SupplementRequestForm:
    return data.SupplementRequestForm(
        agency=AGENCY,
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        issued_on=dt.date(2025, 2, 5),
        received_at=RECEIVED_AT,
        missing=(
            data.MissingItem("Bản vẽ mặt bằng móng", reason="Hồ sơ chưa có bản vẽ móng"),
            data.MissingItem(
                "Ý kiến thẩm duyệt phòng cháy, chữa cháy", reason="Bắt buộc với công trình cấp I"
            ),
        ),
        officer="Lê Thị Mai",
        contact="số điện thoại 0234 3822 123",
    )


def refusal() -> data.RefusalForm:
    return data.RefusalForm(
        agency=AGENCY,
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        issued_on=dt.date(2025, 2, 3),
        reasons=("Công trình nằm trong hành lang bảo vệ di tích Kinh thành Huế",),
        officer="Lê Thị Mai",
    )


def apology() -> data.ApologyForm:
    return data.ApologyForm(
        agency=AGENCY,
        number="15/TTPVHCC-XL",
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        issued_on=dt.date(2025, 2, 14),
        received_at=RECEIVED_AT,
        old_due_at=DUE_AT,
        new_due_at=dt.datetime(2025, 2, 24, 9, 0, tzinfo=VN),
        reason="Cần lấy ý kiến của Sở Văn hóa và Thể thao về vùng bảo vệ di tích",
        signer=LEADER,
        recipients=("Bà Nguyễn Thị Hương",),
    )


def stop_notice() -> data.StopNoticeForm:
    return data.StopNoticeForm(
        agency=AGENCY,
        number="07/TB-TTPVHCC",
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        issued_on=dt.date(2025, 3, 15),
        received_at=RECEIVED_AT,
        reason="Người nộp hồ sơ không bổ sung hồ sơ trong thời hạn yêu cầu",
        legal_basis="Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ",
        signer=LEADER,
        recipients=("Bà Nguyễn Thị Hương",),
    )


def processing_control() -> data.ProcessingControlForm:
    return data.ProcessingControlForm(
        agency=AGENCY,
        dossier_code=DOSSIER_CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        issued_on=RECEIVED_AT.date(),
        received_at=RECEIVED_AT,
        due_at=DUE_AT,
        processing_agency="Sở Xây dựng thành phố Huế",
        coordinating_agencies=("Sở Văn hóa và Thể thao",),
        handovers=(
            data.Handover(
                "Trung tâm Phục vụ hành chính công",
                "Lê Thị Mai",
                "Phòng Quản lý xây dựng",
                "Phạm Quốc Bảo",
                dt.datetime(2025, 2, 4, 8, 5, tzinfo=VN),
                data.StepOutcome.EARLY,
            ),
            data.Handover(
                "Phòng Quản lý xây dựng",
                "Phạm Quốc Bảo",
                "Lãnh đạo Sở Xây dựng",
                "Hoàng Minh Tuấn",
                dt.datetime(2025, 2, 12, 16, 45, tzinfo=VN),
                data.StepOutcome.ON_TIME,
            ),
            data.Handover(
                "Lãnh đạo Sở Xây dựng",
                "Hoàng Minh Tuấn",
                "Trung tâm Phục vụ hành chính công",
                "Lê Thị Mai",
                dt.datetime(2025, 2, 18, 10, 0, tzinfo=VN),
                data.StepOutcome.LATE,
                note="Chờ ý kiến liên thông",
            ),
        ),
    )


def register_row(index: int) -> data.RegisterRow:
    received = RECEIVED_AT + dt.timedelta(hours=index)
    return data.RegisterRow(
        dossier_code=f"000.00.12.H57-250203-{index:04d}",
        procedure_name=PROCEDURE,
        applicant_name=f"Công dân số {index}",
        applicant_contact="Phường Phú Xuân, 0905 000 000",
        processing_agency="Sở Xây dựng",
        received_at=received,
        due_at=received + dt.timedelta(days=14),
        transferred_at=received + dt.timedelta(days=1),
        result_ready_at=received + dt.timedelta(days=10) if index % 2 else None,
        returned_at=received + dt.timedelta(days=11) if index % 2 else None,
    )


def tracking_register(rows: int = 3) -> data.TrackingRegisterForm:
    return data.TrackingRegisterForm(
        agency=AGENCY,
        period_start=dt.date(2025, 2, 1),
        period_end=dt.date(2025, 2, 28),
        book_number="01/2025",
        rows=tuple(register_row(i) for i in range(1, rows + 1)),
    )
