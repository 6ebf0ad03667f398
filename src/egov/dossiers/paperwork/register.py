"""Form 07 (sổ theo dõi hồ sơ, Thông tư 03/2025/TT-VPCP) of an agency for a period, as the printed
register (`tracking_register`, rendered by `official_forms.render`) and as an Excel workbook
(`register_workbook`).

Which dossiers an agency's book holds:

- the dossiers **received** by the agency (its one-stop shop) with a receipt moment in the period,
  counted in Vietnam time: a dossier received at 23:30 on the last day belongs to that day;
- for an agency that **processes** dossiers received elsewhere (a department whose dossiers the
  service centre receives), also the dossiers it processes (``processing_agency``), so the
  department keeps its own book of what it was handed — the same rows, placed by receipt moment;
- not the online dossiers still waiting to be accepted (status 1, Mới đăng ký) nor those refused
  at receipt (status 3, form 03): neither was received.

The rows are in receipt order. The dates of the book's columns come from the timeline: the first
hand-over after the receiving step (chuyển hồ sơ đến cơ quan giải quyết), the first moment the
result was ready (status 9) and the moment it was returned (status 10) — read as annotations, so the
book is one query however many dossiers it holds.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from egov.core.calendar_store import get_calendar
from egov.core.vietnamese_dates import table_date, written_date
from egov.dossiers import domain
from egov.dossiers.domain.state import NATIONAL_STATUS_LABELS, NationalStatus
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.official_forms import data
from egov.dossiers.paperwork.control import RECEIVE_ACTION
from egov.dossiers.paperwork.heading import issuing_agency
from egov.organizations.models import Agency
from egov.procedures.models import Procedure

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOT_RECEIVED = (int(NationalStatus.REGISTERED), int(NationalStatus.NOT_RECEIVED))
"""Statuses of dossiers that are not in the book: online and not accepted yet, or refused at receipt."""

MAX_PERIOD_DAYS = 366
"""The longest period one book covers (a year); longer ones are split by the caller."""


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments [start 00:00, day after end 00:00) in Vietnam time: the whole of both days."""
    low = dt.datetime.combine(start, dt.time.min, tzinfo=VIETNAM)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    return low, high


def _first_event_at(condition: Q) -> Subquery:
    events = DossierEvent.objects.filter(condition, dossier=OuterRef("pk")).order_by("at", "pk")
    return Subquery(events.values("at")[:1])


def register_dossiers(
    agency: Agency, start: dt.date, end: dt.date, *, procedure: Procedure | None = None
) -> QuerySet[Dossier]:
    """The dossiers of ``agency``'s book for the period, in receipt order, with what the rows need
    (the version, the processing agency, and the hand-over, result and return moments)."""
    low, high = period_bounds(start, end)
    dossiers = (
        Dossier.objects.filter(Q(agency=agency) | Q(processing_agency=agency))
        .filter(received_at__gte=low, received_at__lt=high)
        .exclude(national_status__in=NOT_RECEIVED)
        .exclude(closure_status=int(NationalStatus.NOT_RECEIVED))
    )
    if procedure is not None:
        dossiers = dossiers.filter(version__procedure=procedure)
    return (
        dossiers.select_related("version", "agency", "processing_agency")
        .annotate(
            transferred_at=_first_event_at(~Q(action=RECEIVE_ACTION) & ~Q(from_step=F("to_step"))),
            result_ready_at=_first_event_at(Q(status_after=int(NationalStatus.PROCESSED))),
            returned_at=_first_event_at(Q(status_after=int(NationalStatus.RESULT_RETURNED))),
        )
        .order_by("received_at", "pk")
    )


def register_rows(dossiers: Iterable[Dossier], *, at: dt.datetime | None = None) -> list[data.RegisterRow]:
    """One row of form 07 per dossier of `register_dossiers` (no further query)."""
    moment = at or timezone.now()
    calendar = get_calendar()
    return [_row(dossier, moment, calendar) for dossier in dossiers]


def _contact(dossier: Dossier) -> str:
    parts = [dossier.applicant_address]
    if dossier.applicant_phone:
        parts.append(f"ĐT: {dossier.applicant_phone}")
    return "; ".join(part for part in parts if part)


def _row(dossier: Dossier, moment: dt.datetime, calendar: object) -> data.RegisterRow:
    result_ready = getattr(dossier, "result_ready_at", None)
    returned = getattr(dossier, "returned_at", None)
    return data.RegisterRow(
        dossier_code=dossier.code,
        procedure_name=dossier.version.name,
        applicant_name=dossier.applicant_name,
        applicant_contact=_contact(dossier),
        processing_agency=(dossier.processing_agency or dossier.agency).name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        transferred_at=getattr(dossier, "transferred_at", None),
        result_ready_at=result_ready or returned,
        returned_at=returned,
        note=row_note(dossier, at=moment, calendar=calendar),
    )


def row_note(dossier: Dossier, *, at: dt.datetime, calendar: object) -> str:
    """The 'Ghi chú' of a dossier's row: its status while open or closed without a result, the
    on-time classification (against the original due), a form-04 extension, the channel when online
    or liên thông."""
    parts: list[str] = []
    state = dossier.state()
    if dossier.closure_status is not None:
        label = NATIONAL_STATUS_LABELS[NationalStatus(dossier.closure_status)]
        parts.append(f"{label}: {dossier.closure_reason}" if dossier.closure_reason else label)
    else:
        if dossier.national_status != NationalStatus.RESULT_RETURNED:
            parts.append(NATIONAL_STATUS_LABELS[NationalStatus(dossier.national_status)])
        timeliness = domain.timeliness(state, at=at, calendar=calendar)  # type: ignore[arg-type]
        if timeliness is not None and timeliness != domain.Timeliness.NOT_YET_DUE:
            parts.append(timeliness.label)
    if dossier.extensions:
        parts.append(f"Gia hạn (mẫu 04), hạn ban đầu {table_date(dossier.original_due_at)}")
    if dossier.channel in (Dossier.Channel.ONLINE, Dossier.Channel.INTER_AGENCY):
        parts.append(str(Dossier.Channel(dossier.channel).label))
    return "; ".join(parts)


def tracking_register(
    agency: Agency, start: dt.date, end: dt.date, *, procedure: Procedure | None = None
) -> data.TrackingRegisterForm:
    """Form 07 of ``agency`` from ``start`` to ``end`` (both included, Vietnam time), optionally for
    one procedure: one row per dossier in receipt order. Three queries whatever the number of
    dossiers: the agency's heading, the working calendar, the rows."""
    heading = issuing_agency(Agency.objects.select_related("parent", "administrative_unit").get(pk=agency.pk))
    rows = register_rows(register_dossiers(agency, start, end, procedure=procedure))
    return data.TrackingRegisterForm(
        agency=heading,
        period_start=start,
        period_end=end,
        rows=tuple(rows),
    )


def period_text(register: data.TrackingRegisterForm) -> str:
    """'Từ ngày 01 tháng 7 năm 2025 đến ngày 31 tháng 7 năm 2025'."""
    return f"Từ {written_date(register.period_start)} đến {written_date(register.period_end)}"


# --- Excel ------------------------------------------------------------------------------------

WORKBOOK_COLUMNS: tuple[tuple[str, float], ...] = (
    ("TT", 6),
    ("Mã hồ sơ", 26),
    ("Tên thủ tục hành chính", 44),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 26),
    ("Địa chỉ, số điện thoại", 36),
    ("Cơ quan chủ trì giải quyết", 30),
    ("Nhận hồ sơ", 17),
    ("Hẹn trả kết quả", 17),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Có kết quả giải quyết hồ sơ", 17),
    ("Trả kết quả cho cá nhân, tổ chức", 17),
    ("Ghi chú", 40),
)
"""The columns of form 07 in the workbook, with their widths (characters)."""

DATE_GROUP = (8, 12)
"""The columns (1-based, inclusive) under the merged heading 'Ngày, tháng, năm'."""

TITLE_ROWS = 4
"""Rows above the column headings: the agency, the title, the period, a blank line."""
HEADER_ROWS = (TITLE_ROWS + 1, TITLE_ROWS + 2)
FIRST_DATA_ROW = TITLE_ROWS + 3

MOMENT_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"


def excel_moment(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment as Excel stores it: a naive datetime on Vietnam's wall clock (Excel has no zones)."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(VIETNAM)
    return moment.replace(tzinfo=None)


def register_workbook(register: data.TrackingRegisterForm) -> bytes:
    """The book as an .xlsx workbook: the agency, the title and the period on top, two heading rows
    as printed (frozen, repeated on every printed page), one row per dossier with real Excel dates
    in Vietnam time, landscape A4."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sổ theo dõi hồ sơ"
    last_column = len(WORKBOOK_COLUMNS)
    last_letter = get_column_letter(last_column)
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrapped = Alignment(vertical="top", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    heading = register.agency.name
    if register.agency.parent_name:
        heading = f"{register.agency.parent_name} — {heading}"
    book = f"Quyển số: {register.book_number} — " if register.book_number else ""
    title_lines = (
        (heading, Font(bold=True)),
        ("SỔ THEO DÕI HỒ SƠ (Mẫu số 07)", Font(bold=True, size=14)),
        (f"{book}{period_text(register)}", Font(italic=True)),
    )
    for row_number, (text, font) in enumerate(title_lines, start=1):
        sheet.merge_cells(f"A{row_number}:{last_letter}{row_number}")
        cell = sheet.cell(row=row_number, column=1, value=text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center")

    top, bottom = HEADER_ROWS
    for column, (label, width) in enumerate(WORKBOOK_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
        in_group = DATE_GROUP[0] <= column <= DATE_GROUP[1]
        cell = sheet.cell(row=bottom if in_group else top, column=column, value=label)
        if not in_group:
            sheet.merge_cells(start_row=top, start_column=column, end_row=bottom, end_column=column)
    sheet.cell(row=top, column=DATE_GROUP[0], value="Ngày, tháng, năm")
    sheet.merge_cells(start_row=top, start_column=DATE_GROUP[0], end_row=top, end_column=DATE_GROUP[1])
    for row_number in HEADER_ROWS:
        sheet.row_dimensions[row_number].height = 32 if row_number == top else 48
        for column in range(1, last_column + 1):
            cell = sheet.cell(row=row_number, column=column)
            cell.font = bold
            cell.alignment = centred
            cell.border = box

    for index, row in enumerate(register.rows, start=1):
        values = (
            index,
            row.dossier_code,
            row.procedure_name,
            row.sets,
            row.applicant_name,
            row.applicant_contact,
            row.processing_agency,
            excel_moment(row.received_at),
            excel_moment(row.due_at),
            excel_moment(row.transferred_at),
            excel_moment(row.result_ready_at),
            excel_moment(row.returned_at),
            row.note,
        )
        row_number = FIRST_DATA_ROW + index - 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column, value=value)
            cell.border = box
            cell.alignment = wrapped
            if isinstance(value, dt.datetime):
                cell.number_format = MOMENT_FORMAT if column in (8, 9) else DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")
            elif column in (1, 4):
                cell.alignment = Alignment(horizontal="center", vertical="top")
    if not register.rows:
        sheet.merge_cells(
            start_row=FIRST_DATA_ROW, start_column=1, end_row=FIRST_DATA_ROW, end_column=last_column
        )
        sheet.cell(row=FIRST_DATA_ROW, column=1, value="Không có hồ sơ trong kỳ.").alignment = centred

    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)
    if register.rows:
        last_row = FIRST_DATA_ROW + len(register.rows) - 1
        sheet.auto_filter.ref = f"A{bottom}:{last_letter}{last_row}"
    sheet.print_title_rows = f"{top}:{bottom}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    workbook.properties.title = f"Sổ theo dõi hồ sơ — {register.agency.name}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
