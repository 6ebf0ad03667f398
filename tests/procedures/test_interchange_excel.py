"""The Excel workbook: documented template, columns found by header in any order, and every
problem reported by sheet, row and column (no database)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from egov.procedures.interchange import excel
from egov.procedures.interchange.document import CatalogueDoc, Problem, parse_json

FIXTURE = Path(__file__).parent / "fixtures" / "small_catalogue.json"


def fixture_document() -> CatalogueDoc:
    document, problems = parse_json(json.loads(FIXTURE.read_text(encoding="utf-8")))
    assert problems == []
    return document


def fixture_workbook() -> Workbook:
    return reloaded(excel.write_workbook(fixture_document()))


def reloaded(workbook: Workbook) -> Workbook:
    """A written (write-only) workbook opened again, as an editor would."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def read(workbook: Workbook) -> tuple[CatalogueDoc, list[Problem]]:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return excel.read_workbook(buffer)


def column_of(sheet, header: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == header)


def test_the_template_has_a_guide_and_every_sheet_with_vietnamese_headers() -> None:
    workbook = reloaded(excel.write_workbook(CatalogueDoc()))
    assert workbook.sheetnames == [
        "Hướng dẫn",
        "Lĩnh vực",
        "Quy trình",
        "Bước xử lý",
        "Thao tác",
        "Thủ tục",
        "Cơ quan thực hiện",
        "Phí lệ phí",
        "Thành phần hồ sơ",
    ]
    assert [cell.value for cell in workbook["Phí lệ phí"][1]] == [
        "Mã thủ tục",
        "Phiên bản",
        "Loại",
        "Mã phí, lệ phí",
        "Tên phí, lệ phí",
        "Mức thu (đồng)",
        "Ghi chú",
    ]
    guide = [[cell.value for cell in row] for row in workbook["Hướng dẫn"].iter_rows()]
    described = {(row[0], row[1]) for row in guide if row[0] and row[1]}
    for sheet in excel.SHEETS:
        for column in sheet.columns:
            assert (sheet.title, column.header) in described
    assert read(workbook) == (CatalogueDoc(), [])


def test_headers_are_unique_within_each_sheet() -> None:
    for sheet in excel.SHEETS:
        headers = [column.header for column in sheet.columns]
        assert len(headers) == len(set(headers)), sheet.title


def test_columns_may_come_in_any_order_and_be_named_by_their_json_key() -> None:
    workbook = fixture_workbook()
    sheet = workbook["Phí lệ phí"]
    sheet.move_range("A1:A20", cols=10)  # "Mã thủ tục" becomes the last column
    sheet.cell(row=1, column=column_of(sheet, "Mức thu (đồng)"), value="amount")
    assert read(workbook) == (fixture_document(), [])


def test_wrong_missing_duplicated_and_unknown_columns_and_sheets_are_all_reported() -> None:
    workbook = fixture_workbook()
    fees = workbook["Phí lệ phí"]
    fees.cell(row=1, column=column_of(fees, "Mức thu (đồng)"), value="Số tiền")
    steps = workbook["Bước xử lý"]
    steps.cell(row=1, column=column_of(steps, "Tên bước"), value="Thứ tự")
    workbook.remove(workbook["Lĩnh vực"])
    workbook.create_sheet("Ghi chú riêng")
    _, problems = read(workbook)
    assert {(problem.where, problem.column) for problem in problems} == {
        ("Phí lệ phí, dòng 1", "Số tiền"),
        ("Phí lệ phí, dòng 1", "Mức thu (đồng)"),
        ("Bước xử lý, dòng 1", "Thứ tự"),
        ("Bước xử lý, dòng 1", "Tên bước"),
        ("Lĩnh vực", ""),
        ("Ghi chú riêng", ""),
    }


def test_bad_cells_are_reported_by_sheet_row_and_header_in_vietnamese() -> None:
    workbook = fixture_workbook()
    versions = workbook["Thủ tục"]
    versions.cell(row=3, column=column_of(versions, "Có hiệu lực từ"), value="31/02/2025")
    versions.cell(row=4, column=column_of(versions, "Biểu mẫu điện tử (JSON)"), value="{không phải json")
    fees = workbook["Phí lệ phí"]
    fees.cell(row=2, column=column_of(fees, "Mức thu (đồng)"), value=-5000)
    fees.cell(row=3, column=column_of(fees, "Loại"), value="thuế")
    _, problems = read(workbook)
    assert [str(problem) for problem in problems][:2] == [
        "Thủ tục, dòng 3, cột “Có hiệu lực từ”: “31/02/2025” không phải ngày hợp lệ dạng YYYY-MM-DD.",
        "Thủ tục, dòng 4, cột “Biểu mẫu điện tử (JSON)”: không phải JSON hợp lệ "
        "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1)).",
    ]
    assert {(problem.where, problem.column) for problem in problems[2:]} == {
        ("Phí lệ phí, dòng 2", "Mức thu (đồng)"),
        ("Phí lệ phí, dòng 3", "Loại"),
    }


def test_rows_that_link_to_a_missing_process_or_version_are_reported() -> None:
    workbook = fixture_workbook()
    steps = workbook["Bước xử lý"]
    steps.cell(row=2, column=column_of(steps, "Mã quy trình"), value="KHONG-CO")
    papers = workbook["Thành phần hồ sơ"]
    papers.cell(row=2, column=column_of(papers, "Phiên bản"), value=9)
    _, problems = read(workbook)
    assert [str(problem) for problem in problems] == [
        "Bước xử lý, dòng 2, cột “Mã quy trình”: không có quy trình “KHONG-CO” trong sheet Quy trình.",
        "Thành phần hồ sơ, dòng 2, cột “Phiên bản”: "
        "không có phiên bản 9 của thủ tục “1.001193” trong sheet Thủ tục.",
    ]


def test_cells_typed_by_hand_are_understood() -> None:
    workbook = fixture_workbook()
    versions = workbook["Thủ tục"]
    row = 2
    versions.cell(row=row, column=column_of(versions, "Có hiệu lực từ"), value=dt.datetime(2024, 1, 1))
    versions.cell(row=row, column=column_of(versions, "Cho phép nộp trực tuyến"), value="có")
    versions.cell(row=row, column=column_of(versions, "Thời hạn giải quyết"), value=3.0)
    versions.cell(row=row, column=column_of(versions, "Mức độ (Nghị định 43/2011)"), value="3")
    chung_thuc = 4
    versions.cell(row=chung_thuc, column=column_of(versions, "Giờ chốt trong ngày"), value=dt.time(15, 0))
    versions.cell(row=chung_thuc, column=column_of(versions, "Cho phép nộp trực tuyến"), value="Không")
    assert read(workbook) == (fixture_document(), [])


def test_a_code_typed_as_a_number_is_refused_because_excel_would_drop_its_zeros() -> None:
    workbook = fixture_workbook()
    versions = workbook["Thủ tục"]
    versions.cell(row=2, column=column_of(versions, "Mã thủ tục"), value=1.00119)
    _, problems = read(workbook)
    assert problems[0] == Problem(
        "Thủ tục, dòng 2",
        "Mã thủ tục",
        "ô đang là số; hãy định dạng ô là văn bản (Text) rồi nhập lại giá trị.",
    )


def test_text_that_looks_like_a_formula_stays_text() -> None:
    document = fixture_document()
    field = document.fields[0]
    changed = CatalogueDoc(fields=(type(field)(field.code, "=SUM(A1:A2)"),))
    workbook = reloaded(excel.write_workbook(changed))
    assert workbook["Lĩnh vực"]["B2"].data_type == "s"
    assert workbook["Lĩnh vực"]["B2"].value == "=SUM(A1:A2)"
    assert read(workbook) == (changed, [])


def test_a_cell_longer_than_excel_allows_is_refused_on_export() -> None:
    document = fixture_document()
    field = document.fields[0]
    with pytest.raises(excel.ExcelExportError, match="32767"):
        excel.write_workbook(CatalogueDoc(fields=(type(field)(field.code, "x" * 40000),)))


def test_dates_are_shown_as_dates_and_codes_typed_later_stay_text() -> None:
    versions = fixture_workbook()["Thủ tục"]
    effective = versions.cell(row=2, column=column_of(versions, "Có hiệu lực từ"))
    assert effective.number_format == "yyyy-mm-dd" and effective.value == dt.datetime(2024, 1, 1)
    assert versions.column_dimensions["A"].number_format == "@"


def test_a_file_that_is_not_a_workbook_is_one_problem() -> None:
    document, problems = excel.read_workbook(io.BytesIO(b"not a zip"))
    assert document == CatalogueDoc()
    assert len(problems) == 1 and problems[0].reason.startswith("không đọc được tệp Excel")


def test_the_user_guide_documents_every_sheet_and_column() -> None:
    guide = (Path(__file__).parents[2] / "docs" / "thu-tuc-nhap-xuat.md").read_text(encoding="utf-8")
    for sheet in excel.SHEETS:
        assert f"Sheet “{sheet.title}”" in guide
        for column in sheet.columns:
            assert f"| {column.header} | `{column.key}` |" in guide, (sheet.title, column.header)
