"""Reading bank statements: headers of Vietnamese banks, amounts, dates, bill numbers (no database)."""

import io
import re
from datetime import datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.payments import statement_files
from egov.payments.statement_files import Line, StatementError

BILL = re.compile(r"TT\d{6}(?:\d{5,})", re.I)

VCB_CSV = """NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM
SAO KÊ TÀI KHOẢN;;;;
Số tài khoản: 0071000123456;;;;
STT;Ngày giao dịch;Số tham chiếu;Số tiền;Nội dung
1;22/11/2026 08:15:30;FT26326001;75.000;MBVCB.123.TT26112200001 phi le phi.CT tu 0123 NGUYEN VAN A
2;22/11/2026;FT26326002;-20.000;Phí dịch vụ SMS
3;23/11/2026;FT26326003;1.050.000,00;chuyen tien
;;;;
Tổng cộng;;;1.105.000;
"""


def test_reads_a_semicolon_csv_with_preamble_and_vietnamese_headers():
    lines = statement_files.read_statement("sao-ke.csv", VCB_CSV.encode())
    assert lines == [
        Line(5, datetime(2026, 11, 22, 8, 15, 30), 75000, lines[0].description, "FT26326001"),
        Line(6, datetime(2026, 11, 22), -20000, "Phí dịch vụ SMS", "FT26326002"),
        Line(7, datetime(2026, 11, 23), 1050000, "chuyen tien", "FT26326003"),
    ]
    assert lines[0].description.startswith("MBVCB.123.TT26112200001")


def test_reads_credit_and_debit_columns_in_english_from_excel_with_real_dates():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Account statement"])
    sheet.append([])
    sheet.append(["Transaction Date", "Reference No", "Debit", "Credit", "Transaction Details"])
    sheet.append([datetime(2026, 11, 22, 9, 0), "TCB1", None, 75000, "TT26112200002 phi le phi"])
    sheet.append([datetime(2026, 11, 22, 10, 0), "TCB2", 5000, None, "phi"])
    sheet.append(["22/11/2026", 123456789, "", "1,500,000", "khac"])
    content = io.BytesIO()
    workbook.save(content)
    lines = statement_files.read_statement("STATEMENT.XLSX", content.getvalue())
    assert [(line.row, line.amount, line.bank_reference) for line in lines] == [
        (4, 75000, "TCB1"),
        (5, -5000, "TCB2"),
        (6, 1500000, "123456789"),
    ]
    assert lines[0].booked_at == datetime(2026, 11, 22, 9, 0)


def test_headers_without_diacritics_and_with_units_are_recognised():
    columns = statement_files.header_columns(["Ngay GD", "So tien (VND)", "Dien giai", "Ma GD"])
    assert columns == {
        statement_files.Column.DATE: 0,
        statement_files.Column.AMOUNT: 1,
        statement_files.Column.DESCRIPTION: 2,
        statement_files.Column.BANK_REFERENCE: 3,
    }


def test_an_unreadable_row_is_kept_with_its_problem():
    text = "Ngày giao dịch,Số tiền,Nội dung\n31/02/2026,75000,TT1\n22/11/2026,bảy mươi,TT2\n"
    lines = statement_files.read_statement("a.csv", text.encode())
    assert [(line.row, line.problem) for line in lines] == [(2, "date"), (3, "amount")]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.csv", b"a,b,c\n1,2,3\n"),
        ("a.pdf", b"%PDF-1.7"),
        ("a.xlsx", b"not a zip"),
    ],
)
def test_files_that_are_not_statements_are_refused(name, content):
    with pytest.raises(StatementError):
        statement_files.read_statement(name, content)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.050.000", 1050000),
        ("1,050,000", 1050000),
        ("1050000.00", 1050000),
        ("1.050.000,00", 1050000),
        ("+75.000 VND", 75000),
        ("-20.000", -20000),
        ("(1.000)", -1000),
        ("75000", 75000),
        (75000.0, 75000),
        ("", 0),
        (None, 0),
    ],
)
def test_amounts_as_banks_write_them(text, amount):
    assert statement_files.parse_amount(text) == amount


@pytest.mark.parametrize("text", ["0.5", "75.000,5", "abc", "1.2.3", "1.000,5,5", True])
def test_amounts_that_are_not_whole_dong_are_refused(text):
    with pytest.raises(ValueError):
        statement_files.parse_amount(text)


@given(st.integers(-(10**12), 10**12))
def test_grouped_amounts_read_back(amount):
    grouped = f"{abs(amount):,}"
    sign = "-" if amount < 0 else ""
    assert statement_files.parse_amount(sign + grouped) == amount
    assert statement_files.parse_amount(sign + grouped.replace(",", ".")) == amount
    assert statement_files.parse_amount(f"{amount}.00") == amount


@pytest.mark.parametrize(
    "description",
    [
        "MBVCB.123.TT26112200001 phi le phi.CT tu 0123",
        "tt26112200001",
        "TT 2611 2200 001 nop le phi",  # a banking app added spaces
        "NGUYEN VAN A chuyen tien TT26112200001philephi",  # or removed them
        "Thanh toán hóa đơn TT26112200001.",
    ],
)
def test_the_bill_number_is_found_however_the_bank_rewrote_the_text(description):
    assert "TT26112200001" in statement_files.reference_candidates(description, BILL)


def test_a_number_glued_to_more_digits_gives_each_possible_length():
    candidates = statement_files.reference_candidates("TT2611220000123", BILL)
    assert candidates[:3] == ["TT2611220000123", "TT261122000012", "TT26112200001"]


def test_without_a_pattern_every_word_is_a_candidate():
    assert statement_files.reference_candidates("Lệ phí HS-0001, bill B.12") == [
        "LE",
        "PHI",
        "HS-0001",
        "BILL",
        "B.12",
    ]
