"""Form 07 (sổ theo dõi hồ sơ) of an agency for a period: rows, period boundaries, PDF and Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from egov.dossiers import services
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.paperwork import register
from tests.dossiers.factories import MONDAY_MORNING, VN, make_counter, receive
from tests.dossiers.register_factories import (
    WALK,
    make_department_office,
    make_office,
    pdf_text,
    received,
    walk,
)

pytestmark = pytest.mark.django_db

JULY = (dt.date(2025, 7, 1), dt.date(2025, 7, 31))


def test_rows_are_the_agencys_dossiers_in_receipt_order_with_the_timeline_dates():
    office = make_office()
    later = received(office, received_at=MONDAY_MORNING + dt.timedelta(days=1))
    first = walk(office, received(office))

    book = register.tracking_register(office.counter.agency, *JULY)

    assert [row.dossier_code for row in book.rows] == [first.code, later.code]
    row = book.rows[0]
    assert row.procedure_name == office.counter.version.name
    assert row.applicant_name == "Nguyễn Thị Hương"
    assert row.applicant_contact == "12 Lê Lợi, phường Thuận Hóa, thành phố Huế; ĐT: 0905123456"
    assert row.processing_agency == "Trung tâm Phục vụ hành chính công"
    assert row.received_at == MONDAY_MORNING
    assert row.due_at == first.due_at
    assert row.transferred_at == MONDAY_MORNING + dt.timedelta(hours=1)
    assert row.result_ready_at == MONDAY_MORNING + dt.timedelta(hours=3)
    assert row.returned_at == MONDAY_MORNING + dt.timedelta(hours=4)
    assert row.note == "Trước hạn"
    still_open = book.rows[1]
    assert still_open.transferred_at is None
    assert still_open.result_ready_at is None
    assert still_open.returned_at is None
    assert still_open.note.startswith("Được tiếp nhận")


def test_other_agencies_and_other_periods_are_left_out():
    office = make_office()
    mine = received(office)
    received(office, received_at=dt.datetime(2025, 8, 1, 8, 0, tzinfo=VN))
    receive(make_counter(agency_identifier="000.00.13.H57"))

    book = register.tracking_register(office.counter.agency, *JULY)

    assert [row.dossier_code for row in book.rows] == [mine.code]


def test_a_dossier_received_at_23_30_on_the_last_day_belongs_to_that_day():
    office = make_office()
    late_evening = received(office, received_at=dt.datetime(2025, 7, 31, 23, 30, tzinfo=VN))
    next_morning = received(office, received_at=dt.datetime(2025, 8, 1, 0, 0, tzinfo=VN))
    first_minute = received(office, received_at=dt.datetime(2025, 7, 1, 0, 0, tzinfo=VN))

    july = register.tracking_register(office.counter.agency, *JULY)
    august = register.tracking_register(office.counter.agency, dt.date(2025, 8, 1), dt.date(2025, 8, 31))

    assert [row.dossier_code for row in july.rows] == [first_minute.code, late_evening.code]
    assert [row.dossier_code for row in august.rows] == [next_morning.code]


def test_one_procedure_only():
    office = make_office()
    mine = received(office)
    other = make_counter()  # another procedure received at the same centre
    receive(other)

    book = register.tracking_register(office.counter.agency, *JULY, procedure=office.counter.procedure)

    assert [row.dossier_code for row in book.rows] == [mine.code]


def test_a_department_book_holds_the_dossiers_it_processes():
    office = make_department_office()
    dossier = walk(office, received(office), ("chuyen-xu-ly",))

    centre_book = register.tracking_register(office.counter.agency, *JULY)
    department_book = register.tracking_register(office.department, *JULY)  # type: ignore[arg-type]

    assert [row.dossier_code for row in centre_book.rows] == [dossier.code]
    assert [row.dossier_code for row in department_book.rows] == [dossier.code]
    assert department_book.rows[0].processing_agency == "Sở Xây dựng"
    assert department_book.rows[0].transferred_at == MONDAY_MORNING + dt.timedelta(hours=1)


def test_online_dossier_waiting_for_acceptance_is_not_in_the_book():
    office = make_office()
    citizen = __import__("tests.accounts.factories", fromlist=["make_citizen"]).make_citizen()
    services.receive(
        channel="online",
        actor=citizen,
        owner=citizen,
        agency=office.counter.agency,
        procedure=office.counter.procedure,
        applicant={"full_name": "Nguyễn Văn An"},
        papers=office.counter.all_papers(),
        received_at=MONDAY_MORNING,
    )

    assert register.tracking_register(office.counter.agency, *JULY).rows == ()


def test_book_of_fifty_dossiers_is_read_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    office = make_office()
    for n in range(50):
        dossier = received(office, received_at=MONDAY_MORNING + dt.timedelta(minutes=n))
        if n % 5 == 0:
            walk(office, dossier, start=MONDAY_MORNING + dt.timedelta(hours=2))

    # The agency's heading, the calendar's version (inside a savepoint pair), the rows.
    with django_assert_max_num_queries(5):
        book = register.tracking_register(office.counter.agency, *JULY)

    assert len(book.rows) == 50
    assert sum(1 for row in book.rows if row.returned_at is not None) == 10


def test_pdf_lists_the_rows_in_the_landscape_register():
    office = make_office()
    first = walk(office, received(office))
    second = received(office, received_at=MONDAY_MORNING + dt.timedelta(days=1))

    text = pdf_text(render_form(register.tracking_register(office.counter.agency, *JULY)))

    assert "SỔ THEO DÕI HỒ SƠ" in text.upper()
    assert "Từ ngày 01 tháng 7 năm 2025 đến ngày 31 tháng 7 năm 2025" in text
    packed = text.replace(" ", "")  # a long code wraps inside its narrow column
    assert packed.index(first.code) < packed.index(second.code)
    assert "09:00 07/07/2025" in text
    assert "Nguyễn Thị Hương" in text
    assert "Trước hạn" in text


def test_workbook_has_title_headings_and_one_row_per_dossier_with_real_dates():
    office = make_office()
    first = walk(office, received(office, received_at=dt.datetime(2025, 7, 7, 23, 30, tzinfo=VN)), WALK,
                 start=dt.datetime(2025, 7, 8, 7, 30, tzinfo=VN))  # fmt: skip
    second = received(office, received_at=MONDAY_MORNING + dt.timedelta(days=2))
    book = register.tracking_register(office.counter.agency, *JULY)

    sheet = load_workbook(io.BytesIO(register.register_workbook(book))).active

    assert sheet["A1"].value == "Trung tâm Phục vụ hành chính công"
    assert sheet["A2"].value == "SỔ THEO DÕI HỒ SƠ (Mẫu số 07)"
    assert sheet["A3"].value == "Từ ngày 01 tháng 7 năm 2025 đến ngày 31 tháng 7 năm 2025"
    assert sheet["B5"].value == "Mã hồ sơ"
    assert sheet["H5"].value == "Ngày, tháng, năm"
    assert sheet["H6"].value == "Nhận hồ sơ"
    assert sheet["L6"].value == "Trả kết quả cho cá nhân, tổ chức"
    assert sheet.freeze_panes == "A7"
    assert sheet.column_dimensions["C"].width == 44
    assert [sheet.cell(row=r, column=2).value for r in (7, 8)] == [first.code, second.code]
    assert sheet["A7"].value == 1
    assert sheet["E7"].value == "Nguyễn Thị Hương"
    # Real Excel dates on Vietnam's wall clock: 23:30 on 7 July stays 7 July.
    assert sheet["H7"].value == dt.datetime(2025, 7, 7, 23, 30)
    assert sheet["H7"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["L7"].value == dt.datetime(2025, 7, 8, 11, 30)
    assert sheet["L7"].is_date
    assert sheet["J8"].value is None
    assert sheet.max_row == 8


def test_empty_workbook_says_so():
    office = make_office()
    book = register.tracking_register(office.counter.agency, *JULY)

    sheet = load_workbook(io.BytesIO(register.register_workbook(book))).active

    assert sheet["A7"].value == "Không có hồ sơ trong kỳ."


def test_period_ending_before_it_starts_is_refused():
    office = make_office()
    with pytest.raises(ValueError):
        register.tracking_register(office.counter.agency, dt.date(2025, 7, 31), dt.date(2025, 7, 1))
