"""`egov procedures import|export|template`: the procedure catalogue in and out, as JSON or Excel.

egov procedures import FILE [--dry-run]                      import a .json or .xlsx file, all or nothing
egov procedures export FILE [--format json|xlsx] [--codes …] export the catalogue (or some procedures)
egov procedures template FILE.xlsx                           an empty workbook with the "Hướng dẫn" sheet

The format is described in docs/thu-tuc-nhap-xuat.md. A refused import prints every problem
(sheet and row, or JSON path; column; reason) and exits with code 1; nothing is written.
"""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from egov.procedures.interchange import excel
from egov.procedures.interchange.document import CatalogueDoc, to_json
from egov.procedures.interchange.exporter import export_catalogue
from egov.procedures.interchange.importer import import_catalogue, read_file
from egov.procedures.interchange.report import ImportRefused, ImportReport

FORMATS = ("json", "xlsx")
BAR_WIDTH = 30


class ProgressBar:
    """A plain-text progress bar redrawn on one line of ``stream`` (no dependency, no colour)."""

    def __init__(self, stream: OutputWrapper, label: str) -> None:
        self.stream = stream
        self.label = label
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        percent = 100 * done // total if total else 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% ({done}/{total} phiên bản)", ending="")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("")


def _format_of(path: Path, requested: str | None) -> str:
    if requested:
        return requested
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise CommandError(
            f"Không rõ định dạng của “{path.name}”: dùng đuôi .json hoặc .xlsx, hoặc --format."
        )
    return suffix


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nhập, xuất (JSON hoặc Excel) và tạo mẫu Excel."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export|template")
        importing = actions.add_parser(
            "import",
            help="Nhập danh mục từ tệp .json hoặc .xlsx (tất cả hoặc không gì cả).",
            description=(
                "Kiểm tra toàn bộ tệp trước, liệt kê mọi lỗi (sheet, dòng, cột, lý do); chỉ ghi khi không "
                "còn lỗi nào, trong một giao dịch. Thoát với mã 1 nếu bị từ chối."
            ),
        )
        importing.add_argument("file", help="Tệp .json hoặc .xlsx.")
        importing.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        exporting = actions.add_parser("export", help="Xuất danh mục ra tệp .json hoặc .xlsx.")
        exporting.add_argument("file", help="Tệp sẽ ghi (ghi đè nếu đã có).")
        exporting.add_argument("--format", choices=FORMATS, help="json hoặc xlsx (mặc định theo đuôi tệp).")
        exporting.add_argument(
            "--codes",
            nargs="+",
            default=None,
            help="Chỉ xuất các thủ tục có mã này (cách nhau bởi dấu cách hoặc dấu phẩy).",
        )
        template = actions.add_parser("template", help="Tạo tệp Excel mẫu trống, có sheet “Hướng dẫn”.")
        template.add_argument("file", help="Tệp .xlsx sẽ ghi.")

    def handle(self, *args: Any, action: str, file: str, **options: Any) -> None:
        path = Path(file)
        if action == "import":
            self.import_file(path, dry_run=options["dry_run"])
        elif action == "export":
            self.export_file(path, fmt=_format_of(path, options.get("format")), codes=options.get("codes"))
        else:
            excel.save_workbook(CatalogueDoc(), path)
            self.stdout.write(f"Đã tạo tệp mẫu {path} (xem sheet “Hướng dẫn”).")

    def import_file(self, path: Path, *, dry_run: bool) -> None:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        _format_of(path, None)
        started = time.monotonic()
        self.stderr.write(f"Đang đọc {path.name}…")
        document, problems = read_file(path)
        bar = ProgressBar(self.stderr, "Đang ghi")
        try:
            report = import_catalogue(document=document, problems=problems, dry_run=dry_run, progress=bar)
        except ImportRefused as refused:
            bar.close()
            self.write_problems(refused.report)
            raise CommandError(refused.report.summary(), returncode=1) from None
        bar.close()
        elapsed = time.monotonic() - started
        self.stdout.write(f"{report.summary()} ({elapsed:.1f} giây)")

    def write_problems(self, report: ImportReport) -> None:
        self.stderr.write(f"Tìm thấy {len(report.problems)} lỗi:")
        for line in report.problem_lines():
            self.stderr.write(line)

    def export_file(self, path: Path, *, fmt: str, codes: list[str] | None) -> None:
        wanted = None
        if codes is not None:
            wanted = [code.strip() for item in codes for code in item.split(",") if code.strip()]
        document = export_catalogue(codes=wanted)
        if wanted is not None:
            missing = sorted(set(wanted) - {procedure.national_code for procedure in document.procedures})
            if missing:
                raise CommandError("Không có thủ tục mang mã: " + ", ".join(missing) + ".")
        if fmt == "json":
            text = json.dumps(to_json(document), ensure_ascii=False, indent=2)
            path.write_text(text + "\n", encoding="utf-8")
        else:
            try:
                excel.save_workbook(document, path)
            except excel.ExcelExportError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã xuất {len(document.procedures)} thủ tục ({document.version_count()} phiên bản), "
            f"{len(document.processes)} quy trình, {len(document.fields)} lĩnh vực vào {path}."
        )
