"""The outcome of an import: what was (or, on a dry run, would be) written, and every problem.

Plain Python. ``ImportRefused`` carries the report of a refused import: nothing was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from egov.core.errors import ValidationFailed
from egov.procedures.interchange.document import Problem

CREATED = "mới"
UNCHANGED = "không đổi"
REPLACED = "thay bản nháp"


@dataclass
class ImportReport:
    """Counts of what the import wrote (or would write), each version's outcome, the problems."""

    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    fields_created: int = 0
    fields_unchanged: int = 0
    processes_created: int = 0
    processes_unchanged: int = 0
    procedures_created: int = 0
    versions_created: int = 0
    drafts_replaced: int = 0
    versions_unchanged: int = 0
    outcomes: list[tuple[str, int, str]] = field(default_factory=list)
    """(national code, version number, CREATED | UNCHANGED | REPLACED)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> bool:
        return bool(
            self.fields_created + self.processes_created + self.versions_created + self.drafts_replaced
        )

    def counts(self) -> dict[str, int]:
        return {
            "fields_created": self.fields_created,
            "fields_unchanged": self.fields_unchanged,
            "processes_created": self.processes_created,
            "processes_unchanged": self.processes_unchanged,
            "procedures_created": self.procedures_created,
            "versions_created": self.versions_created,
            "drafts_replaced": self.drafts_replaced,
            "versions_unchanged": self.versions_unchanged,
        }

    def summary(self) -> str:
        """One paragraph in Vietnamese for the command line."""
        if self.problems:
            return (
                f"Không nhập: tìm thấy {len(self.problems)} lỗi, không có dữ liệu nào được ghi. "
                "Sửa các lỗi dưới đây rồi nhập lại."
            )
        verb = "Sẽ nhập (chạy thử, chưa ghi gì)" if self.dry_run else "Đã nhập"
        return (
            f"{verb}: {self.procedures_created} thủ tục mới, {self.versions_created} phiên bản mới, "
            f"{self.drafts_replaced} bản nháp được thay, {self.versions_unchanged} phiên bản không đổi; "
            f"{self.fields_created} lĩnh vực mới ({self.fields_unchanged} không đổi), "
            f"{self.processes_created} quy trình mới ({self.processes_unchanged} không đổi)."
        )

    def problem_lines(self) -> list[str]:
        return [f"- {problem}" for problem in self.problems]


class ImportRefused(ValidationFailed):
    """The document has problems; nothing was imported. ``report`` lists every problem."""

    code = "procedures.import_refused"
    message_vi = "Không nhập được danh mục thủ tục: tài liệu còn lỗi, không có dữ liệu nào được ghi."
    message_en = "The procedure catalogue was not imported: the document has problems; nothing was written."

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            f"{self.message_vi} ({len(report.problems)} lỗi)",
            message_en=f"{self.message_en} ({len(report.problems)} problems)",
        )
        self.report = report
