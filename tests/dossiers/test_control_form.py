"""Form 06 (phiếu kiểm soát quá trình giải quyết hồ sơ) built from a dossier's real timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.dossiers import services
from egov.dossiers.models import DossierEvent
from egov.dossiers.official_forms import data
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.paperwork import control
from tests.dossiers.factories import MONDAY_MORNING
from tests.dossiers.register_factories import (
    make_department_office,
    make_office,
    pdf_text,
    received,
    walk,
)

pytestmark = pytest.mark.django_db


def test_receipt_is_the_first_row_from_the_applicant_to_the_receiving_officer():
    office = make_office()
    dossier = received(office)

    form = control.processing_control_form(dossier)

    assert form.dossier_code == dossier.code
    assert len(form.handovers) == 1
    receipt = form.handovers[0]
    assert (receipt.from_unit, receipt.from_person) == ("Tổ chức, cá nhân", "Nguyễn Thị Hương")
    assert (receipt.to_unit, receipt.to_person) == ("Trung tâm Phục vụ hành chính công", "Lê Thị Mai")
    assert receipt.at == MONDAY_MORNING
    assert receipt.outcome is None


def test_each_hand_over_is_a_row_with_giver_receiver_and_step_result():
    office = make_office()
    dossier = walk(office, received(office))

    rows = control.processing_control_form(dossier).handovers

    centre = "Trung tâm Phục vụ hành chính công"
    assert [(row.from_unit, row.from_person, row.to_unit, row.to_person) for row in rows] == [
        ("Tổ chức, cá nhân", "Nguyễn Thị Hương", centre, "Lê Thị Mai"),
        # The receiving person of a hand-over is the one who next acted on the dossier.
        (centre, "Lê Thị Mai", centre, "Trần Văn Bình"),
        (centre, "Trần Văn Bình", centre, "Phạm Minh Châu"),
        (centre, "Phạm Minh Châu", centre, "Lê Thị Mai"),
        # The result returned: handed to the applicant.
        (centre, "Lê Thị Mai", "Tổ chức, cá nhân", "Nguyễn Thị Hương"),
    ]
    assert [row.at for row in rows] == [MONDAY_MORNING + dt.timedelta(hours=n) for n in range(5)]
    early, on_time = data.StepOutcome.EARLY, data.StepOutcome.ON_TIME
    # The return step starts at 12:00 and ends at 13:00, inside the session its due falls in.
    assert [row.outcome for row in rows[1:]] == [early, early, early, on_time]
    assert rows[1].note == "Chuyển xử lý"


def test_a_step_finished_after_its_allotted_time_is_late():
    office = make_office()
    dossier = received(office)
    # The receiving step has 4 working hours: handing over two working days later is late.
    dossier = services.act(
        dossier=dossier,
        action_code="chuyen-xu-ly",
        actor=office.counter.officer,
        at=MONDAY_MORNING + dt.timedelta(days=2),
        note="Chờ xác minh",
    )

    row = control.processing_control_form(dossier).handovers[1]

    assert row.outcome == data.StepOutcome.LATE
    assert row.note == "Chuyển xử lý; Chờ xác minh"


def test_sent_back_for_rework_is_a_row_of_its_own():
    office = make_office()
    dossier = walk(office, received(office), ("chuyen-xu-ly", "trinh-ky", "tra-lai", "trinh-ky"))

    rows = control.processing_control_form(dossier).handovers

    assert [row.note for row in rows[1:]] == ["Chuyển xử lý", "Trình ký", "Trả lại để xử lý lại", "Trình ký"]
    assert rows[3].from_person == "Phạm Minh Châu"
    assert rows[3].to_person == "Trần Văn Bình"
    # The last hand-over is still waiting for its receiver to act: nobody is named.
    assert rows[4].to_person == ""


def test_department_processing_names_the_department_and_no_coordinating_agency():
    office = make_department_office()
    dossier = walk(office, received(office), ("chuyen-xu-ly", "trinh-ky"))

    form = control.processing_control_form(dossier)

    assert form.processing_agency == "Sở Xây dựng"
    assert form.coordinating_agencies == ()  # a division of the department is the department
    handed = form.handovers[1]
    assert (handed.from_unit, handed.to_unit, handed.to_person) == (
        "Trung tâm Phục vụ hành chính công",
        "Sở Xây dựng",
        "Trần Văn Bình",
    )
    assert form.handovers[2].from_unit == "Phòng Quản lý nhà"


def test_pdf_shows_every_row_with_vietnamese_moments_and_results():
    office = make_office()
    dossier = walk(office, received(office))

    text = pdf_text(render_form(control.processing_control_form(dossier)))

    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text.upper()
    assert dossier.code in text
    assert "09 giờ 00 phút, ngày 07 tháng 7 năm 2025" in text
    assert "13 giờ 00 phút, ngày 07 tháng 7 năm 2025" in text
    assert text.count("Trước hạn") == 3
    assert text.count("Đúng hạn") == 1
    for name in ("Nguyễn Thị Hương", "Lê Thị Mai", "Trần Văn Bình", "Phạm Minh Châu", "Tổ chức, cá nhân"):
        assert name in text


# --- Events that are not hand-overs (pure: unsaved timeline rows) -------------------------------------


def _event(action: str, at: dt.datetime, from_step: str, to_step: str, **fields: object) -> DossierEvent:
    fields.setdefault("status_after", 4)
    return DossierEvent(action=action, at=at, from_step=from_step, to_step=to_step, **fields)


def test_online_acceptance_names_the_receiving_officer_of_the_receipt_row_and_is_no_row():
    submitted = MONDAY_MORNING
    events = [
        _event(
            "receive", submitted, "", "tiep-nhan", status_after=1, giver_name="Nguyễn Thị Hương",
            receiver_unit_name="UBND phường Thuận Hóa",
        ),
        _event(
            "accept", submitted + dt.timedelta(hours=2), "tiep-nhan", "tiep-nhan", status_before=1,
            status_after=2, receiver_unit_name="UBND phường Thuận Hóa", receiver_name="Lê Thị Mai",
        ),
    ]  # fmt: skip

    rows = control.handovers(events, applicant_name="Nguyễn Thị Hương")

    assert len(rows) == 1
    assert rows[0].to_person == "Lê Thị Mai"
    assert rows[0].at == submitted
    assert rows[0].note == "Nộp trực tuyến, tiếp nhận lúc 11:00 07/07/2025"


def test_assignment_and_extension_are_notes_of_the_row_in_force():
    start = MONDAY_MORNING
    extension_at = start + dt.timedelta(hours=3)
    events = [
        _event("receive", start, "", "tiep-nhan", status_after=2, receiver_unit_name="UBND",
               receiver_name="Mai"),
        _event("chuyen-xu-ly", start + dt.timedelta(hours=1), "tiep-nhan", "xu-ly", giver_name="Mai",
               giver_unit_name="UBND", receiver_unit_name="Phòng Kinh tế", step_result="early"),
        _event("phan-cong", start + dt.timedelta(hours=2), "xu-ly", "xu-ly", giver_name="Châu",
               giver_unit_name="Phòng Kinh tế", receiver_name="Bình"),
        _event("gia-han", extension_at, "xu-ly", "xu-ly", giver_name="Bình", giver_unit_name="Phòng Kinh tế"),
    ]  # fmt: skip
    extensions = {
        extension_at: {
            "at": extension_at.isoformat(),
            "new_due": dt.datetime(2025, 7, 15, 17, 0, tzinfo=start.tzinfo).isoformat(),
            "reason": "Chờ ý kiến phối hợp",
        }
    }

    rows = control.handovers(
        events,
        applicant_name="Nguyễn Thị Hương",
        action_names={"chuyen-xu-ly": "Chuyển xử lý", "gia-han": "Gia hạn"},
        extensions=extensions,
    )

    assert len(rows) == 2
    handed = rows[1]
    assert handed.to_person == "Bình"  # the officer it was assigned to received it
    assert handed.note == (
        "Chuyển xử lý; Phân công: Bình; Gia hạn; Gia hạn (mẫu 04) đến 17:00 15/07/2025: Chờ ý kiến phối hợp"
    )


def test_supplement_request_hands_the_dossier_to_the_applicant_and_back():
    start = MONDAY_MORNING
    events = [
        _event("receive", start, "", "tiep-nhan", status_after=2, receiver_unit_name="UBND",
               receiver_name="Mai"),
        _event("yeu-cau-bo-sung", start + dt.timedelta(hours=1), "tiep-nhan", "bo-sung", status_before=2,
               status_after=5, giver_name="Mai", giver_unit_name="UBND", receiver_unit_name="UBND"),
        _event("nop-bo-sung", start + dt.timedelta(days=1), "bo-sung", "tiep-nhan", status_before=5,
               status_after=2, giver_name="Nguyễn Thị Hương", receiver_unit_name="UBND"),
    ]  # fmt: skip

    rows = control.handovers(events, applicant_name="Nguyễn Thị Hương")

    assert (rows[1].to_unit, rows[1].to_person) == ("Tổ chức, cá nhân", "Nguyễn Thị Hương")
    assert (rows[2].from_unit, rows[2].from_person, rows[2].to_unit) == (
        "Tổ chức, cá nhân",
        "Nguyễn Thị Hương",
        "UBND",
    )
