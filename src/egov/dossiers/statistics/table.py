"""The statistics table as the page and the Excel file show it: the same columns, the same numbers."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from egov.core.vietnamese_dates import short_moment
from egov.dossiers.statistics import rules
from egov.dossiers.statistics.selectors import BY_AGENCY, Figures, Report


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    group: str | Promise = ""


RECEIVED = gettext_lazy("Tiếp nhận trong kỳ")
FINISHED = gettext_lazy("Đã giải quyết trong kỳ")
CLOSED = gettext_lazy("Không giải quyết")
OPEN = gettext_lazy("Đang giải quyết (hiện tại)")
LINKED = gettext_lazy("Liên thông")

COLUMNS = (
    Column("received", gettext_lazy("Tổng số"), RECEIVED),
    Column("received_online", gettext_lazy("Trực tuyến"), RECEIVED),
    Column("finished", gettext_lazy("Tổng số"), FINISHED),
    Column("finished_early", gettext_lazy("Trước hạn"), FINISHED),
    Column("finished_on_time", gettext_lazy("Đúng hạn"), FINISHED),
    Column("finished_late", gettext_lazy("Quá hạn"), FINISHED),
    Column("on_time_rate", gettext_lazy("Tỉ lệ đúng hạn (%)"), FINISHED),
    Column("refused", gettext_lazy("Từ chối"), CLOSED),
    Column("withdrawn", gettext_lazy("Rút hồ sơ"), CLOSED),
    Column("stopped", gettext_lazy("Dừng xử lý"), CLOSED),
    Column("open_not_yet_due", gettext_lazy("Chưa đến hạn"), OPEN),
    Column("open_overdue", gettext_lazy("Quá hạn"), OPEN),
    Column("awaiting", gettext_lazy("Chờ tiếp nhận trực tuyến"), OPEN),
    Column("linked_received", gettext_lazy("Tiếp nhận"), LINKED),
    Column("linked_finished", gettext_lazy("Đã giải quyết"), LINKED),
)


def period_label(period: rules.Period) -> str:
    """The period's name in the active language ("Quý III/2025", "Q3 2025")."""
    numbers = {"year": period.year, "number": period.number}
    if period.kind == rules.PeriodKind.MONTH:
        return _("Tháng %(number)s/%(year)s") % numbers
    if period.kind == rules.PeriodKind.QUARTER:
        return _("Quý %(roman)s/%(year)s") % {**numbers, "roman": ("I", "II", "III", "IV")[period.number - 1]}
    if period.kind == rules.PeriodKind.HALF:
        if period.number == 1:
            return _("6 tháng đầu năm %(year)s") % numbers
        return _("6 tháng cuối năm %(year)s") % numbers
    return _("Năm %(year)s") % numbers


def groups() -> list[tuple[str, int]]:
    """The header's first line: each group's label and how many columns it spans."""
    found: list[tuple[str, int]] = []
    for column in COLUMNS:
        label = str(column.group)
        if found and found[-1][0] == label:
            found[-1] = (label, found[-1][1] + 1)
        else:
            found.append((label, 1))
    return found


def values(figures: Figures) -> list[int | Decimal | None]:
    return [getattr(figures, column.key) for column in COLUMNS]


def title(report: Report) -> str:
    return _("Thống kê tình hình giải quyết hồ sơ — %(agency)s — %(period)s") % {
        "agency": report.agency.name,
        "period": period_label(report.period),
    }


def workbook(report: Report) -> bytes:
    """The report as an .xlsx file: a title, the period and moment, the table and its total."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Thống kê")
    bold = Font(bold=True)
    sheet.append([title(report)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Kỳ báo cáo: %(period)s (%(start)s – %(end)s)") % {
        "period": period_label(report.period),
        "start": report.period.start.strftime("%d/%m/%Y"),
        "end": report.period.end.strftime("%d/%m/%Y"),
    }])  # fmt: skip
    sheet.append([_("Hồ sơ đang giải quyết tính đến %(moment)s") % {"moment": short_moment(report.at)}])
    sheet.append([])
    first = _("Cơ quan, đơn vị") if report.by == BY_AGENCY else _("Thủ tục hành chính")
    header_row = sheet.max_row + 1
    sheet.append([first, _("Mã"), *[str(label) for label, span in groups() for _index in range(span)]])
    sheet.append(["", "", *[str(column.label) for column in COLUMNS]])
    column_index = 3
    for _label, span in groups():
        if span > 1:
            sheet.merge_cells(
                start_row=header_row,
                start_column=column_index,
                end_row=header_row,
                end_column=column_index + span - 1,
            )
        column_index += span
    for cells in sheet.iter_rows(min_row=header_row, max_row=header_row + 1):
        for cell in cells:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in report.rows:
        label = row.label + (" " + _("(hồ sơ của chính đơn vị)") if row.own else "")
        sheet.append([label, row.code, *[_number(value) for value in values(row.figures)]])
    sheet.append([_("Tổng cộng"), "", *[_number(value) for value in values(report.total)]])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    rate_column = 3 + [column.key for column in COLUMNS].index("on_time_rate")
    for cells in sheet.iter_cols(
        min_col=rate_column, max_col=rate_column, min_row=header_row + 2, max_row=sheet.max_row
    ):
        for cell in cells:
            cell.number_format = "0.0"
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 16
    for index in range(3, 3 + len(COLUMNS)):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.freeze_panes = sheet.cell(row=header_row + 2, column=3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _number(value: int | Decimal | None) -> int | float | None:
    if isinstance(value, Decimal):
        return float(value)
    return value
