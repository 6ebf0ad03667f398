"""`egov procedures import|export|template` on the command line."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from egov.procedures.interchange import excel
from egov.procedures.models import Procedure, ProcedureVersion
from tests.organizations.factories import make_agency

FIXTURE = Path(__file__).parent / "fixtures" / "small_catalogue.json"


@pytest.fixture
def agencies() -> None:
    province = make_agency(identifier="000.00.00.H57", name="UBND thành phố Huế")
    for number in ("02", "05", "06"):
        make_agency(province, identifier=f"000.00.{number}.H57", name=f"Sở {number}")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("procedures", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_prints_a_progress_bar_and_a_vietnamese_summary(agencies) -> None:
    out, err = run("import", str(FIXTURE))
    assert "Đã nhập: 3 thủ tục mới, 5 phiên bản mới" in out
    assert "Đang ghi [##############################] 100% (5/5 phiên bản)" in err
    assert Procedure.objects.count() == 3


@pytest.mark.django_db
def test_dry_run_reports_what_would_be_imported_and_writes_nothing(agencies) -> None:
    out, _ = run("import", str(FIXTURE), "--dry-run")
    assert out.startswith("Sẽ nhập (chạy thử, chưa ghi gì): 3 thủ tục mới, 5 phiên bản mới")
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_a_refused_import_lists_every_problem_and_exits_with_code_1(tmp_path) -> None:
    raw = json.loads(FIXTURE.read_text(encoding="utf-8"))
    raw["procedures"][1]["versions"][0]["fees"][0]["amount"] = -2000
    path = tmp_path / "loi.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("procedures", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 1
    assert str(refused.value).startswith("Không nhập: tìm thấy 5 lỗi, không có dữ liệu nào được ghi.")
    lines = err.getvalue().splitlines()
    assert "Tìm thấy 5 lỗi:" in lines
    assert (
        "- procedures[1].versions[0].fees[0], cột “amount”: mức thu không được âm (đang là -2000)." in lines
    )
    assert (
        "- processes[2].steps[3], cột “other_agency”: không có cơ quan nào mang mã định danh “000.00.05.H57”."
        in lines
    )
    assert not Procedure.objects.exists()


@pytest.mark.django_db
def test_export_to_excel_and_import_of_that_workbook_changes_nothing(agencies, tmp_path) -> None:
    run("import", str(FIXTURE))
    workbook = tmp_path / "danh-muc.xlsx"
    out, _ = run("export", str(workbook))
    assert out.startswith("Đã xuất 3 thủ tục (5 phiên bản), 3 quy trình, 3 lĩnh vực vào")
    assert load_workbook(workbook).sheetnames[0] == "Hướng dẫn"
    out, _ = run("import", str(workbook))
    assert "0 phiên bản mới, 0 bản nháp được thay, 5 phiên bản không đổi" in out


@pytest.mark.django_db
def test_export_of_chosen_codes_to_json(agencies, tmp_path) -> None:
    run("import", str(FIXTURE))
    target = tmp_path / "mot-phan.txt"
    run("export", str(target), "--format", "json", "--codes", "2.000815,1.001193")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [item["national_code"] for item in document["procedures"]] == ["1.001193", "2.000815"]
    with pytest.raises(CommandError, match=r"Không có thủ tục mang mã: 9\.999999\."):
        run("export", str(tmp_path / "x.json"), "--codes", "1.001193", "9.999999")


def test_template_writes_an_empty_documented_workbook(tmp_path) -> None:
    target = tmp_path / "mau.xlsx"
    out, _ = run("template", str(target))
    assert "Đã tạo tệp mẫu" in out
    document, problems = excel.read_workbook(target)
    assert problems == [] and document.procedures == ()


def test_an_unknown_file_kind_is_refused(tmp_path) -> None:
    path = tmp_path / "danh-muc.csv"
    shutil.copy(FIXTURE, path)
    with pytest.raises(CommandError, match=r"dùng đuôi \.json hoặc \.xlsx"):
        run("import", str(path))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run("import", str(tmp_path / "khong-co.json"))


@pytest.mark.django_db
def test_a_json_file_with_a_syntax_error_is_one_problem(tmp_path) -> None:
    path = tmp_path / "hong.json"
    path.write_text('{"format": "egov.procedures/1",', encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("procedures", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert "- hong.json: không phải JSON hợp lệ" in err.getvalue()
    assert not ProcedureVersion.objects.exists()
