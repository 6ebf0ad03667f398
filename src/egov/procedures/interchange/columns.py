"""The columns of the catalogue interchange format, shared by its JSON and Excel forms — plain Python.

Each table (fields, processes, steps, actions, versions, version agencies, fees, papers) is a tuple
of ``Column``: the JSON key, the Vietnamese header of the Excel sheet, the kind of value, whether it
may be left out, and the explanation printed on the "Hướng dẫn" sheet. ``read_value`` turns a raw
JSON value or Excel cell into the Python value of the document, or raises ``CellError`` with the
reason in Vietnamese; ``write_value`` does the reverse for JSON.

Limits (lengths, digits) are those of ``egov.procedures.models`` so that a document that passes
here never fails in the database; the catalogue format is described in docs/thu-tuc-nhap-xuat.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# Values of the model choices (kept here because this module has no Django import; a test checks
# that they equal the models' choices).
AGENCY_KINDS = (
    "peoples_committee",
    "department",
    "commune_committee",
    "division",
    "service_centre",
    "other",
)
OFFICER_ROLES = ("receiver", "specialist", "division_head", "leader", "clerk", "administrator")
APPLICANT = "applicant"
ROLES = (*OFFICER_ROLES, APPLICANT)
RESPONSIBLE = ("receiving", "processing", "deciding", "other_agency", "applicant")
CLOCK_EFFECTS = ("none", "start", "pause", "resume", "restart", "freeze", "extend")
SUPPLEMENT_CLOCKS = ("pause_resume", "restart")
STATUSES = ("draft", "published", "withdrawn")
LEVELS = ("central", "province", "commune")
TIME_UNITS = ("working_days", "working_hours")
ONLINE_LEVELS = ("full", "partial", "none")
AGENCY_PARTS = ("receiving", "processing", "deciding", "coordinating")
FEE_KINDS = ("fee", "charge")

EXCEL_CELL_LIMIT = 32767
"""Excel stores at most this many characters in one cell."""

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_IDENTIFIER = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"true", "1", "có", "x", "yes", "đúng"}
_FALSE = {"false", "0", "không", "no", "sai", ""}


class CellError(ValueError):
    """A value that does not fit its column; ``reason`` is the Vietnamese explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``kind``: text, code, slug, identifier, bool, int, decimal, amount, date, time, choice, roles, json.
    ``required``: the value must be given (not empty). ``default``: the value when a JSON key is left
    out or an Excel cell is empty (only for columns that are not required).
    """

    key: str
    header: str
    kind: str
    help: str
    required: bool = False
    default: Any = ""
    choices: tuple[str, ...] = ()
    max_length: int = 0
    minimum: int | None = None
    maximum: int | None = None
    max_digits: int = 7
    decimal_places: int = 2
    nullable: bool = False

    def describe_kind(self) -> str:
        """The kind of value in words, for the "Hướng dẫn" sheet."""
        words = {
            "text": "văn bản",
            "code": "mã (không có khoảng trắng ở đầu, cuối)",
            "slug": "mã gồm chữ không dấu, số, gạch ngang, gạch dưới",
            "identifier": "mã định danh điện tử dạng 000.00.00.H57",
            "bool": "có / không",
            "int": "số nguyên",
            "decimal": f"số thập phân, tối đa {self.decimal_places} chữ số sau dấu chấm",
            "amount": "số tiền (đồng), số nguyên không âm",
            "date": "ngày dạng YYYY-MM-DD",
            "time": "giờ dạng HH:MM",
            "choice": "một trong: " + ", ".join(self.choices) + ("" if self.required else " (hoặc để trống)"),
            "roles": "danh sách vai trò cách nhau bởi dấu phẩy: " + ", ".join(self.choices),
            "json": "đối tượng JSON (JSON Schema của tờ khai)",
        }
        return words[self.kind]


def _text(key: str, header: str, help: str, *, max_length: int = 0, required: bool = False) -> Column:
    return Column(key, header, "text", help, required=required, max_length=max_length)


def _bool(key: str, header: str, help: str, default: bool) -> Column:
    return Column(key, header, "bool", help, default=default)


def _choice(key: str, header: str, help: str, choices: tuple[str, ...], default: str | None = None) -> Column:
    return Column(
        key, header, "choice", help, required=default is None, default=default or "", choices=choices
    )


FIELD_COLUMNS: tuple[Column, ...] = (
    Column(
        "code", "Mã lĩnh vực", "code", "Mã lĩnh vực, duy nhất (ví dụ HOTICH).", required=True, max_length=32
    ),
    _text("name", "Tên lĩnh vực", "Tên lĩnh vực, ví dụ Hộ tịch.", max_length=255, required=True),
)

PROCESS_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã quy trình", "code", "Mã quy trình, duy nhất.", required=True, max_length=64),
    _text("name", "Tên quy trình", "Tên quy trình nội bộ.", max_length=255, required=True),
    _bool("is_template", "Là quy trình mẫu", "Quy trình mẫu dùng chung cho nhiều thủ tục.", False),
    _choice(
        "supplement_clock",
        "Khi yêu cầu bổ sung",
        "pause_resume: tạm dừng rồi tính tiếp thời gian còn lại; restart: tính lại từ đầu.",
        SUPPLEMENT_CLOCKS,
        "pause_resume",
    ),
    _text("description", "Mô tả", "Mô tả quy trình (không bắt buộc)."),
)

STEP_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã bước", "slug", "Mã bước, duy nhất trong quy trình.", required=True, max_length=64),
    Column(
        "order", "Thứ tự", "int", "Thứ tự của bước trong quy trình.", required=True, minimum=0, maximum=32767
    ),
    _text("name", "Tên bước", "Tên bước xử lý.", max_length=255, required=True),
    _choice(
        "responsible",
        "Đơn vị chịu trách nhiệm",
        "receiving: bộ phận tiếp nhận; processing: cơ quan giải quyết; deciding: cơ quan quyết định; "
        "other_agency: cơ quan liên thông; applicant: người nộp hồ sơ.",
        RESPONSIBLE,
        "processing",
    ),
    Column("role", "Vai trò xử lý", "choice", "Vai trò cán bộ xử lý bước này.", choices=ROLES),
    Column(
        "allotted_hours",
        "Số giờ làm việc",
        "decimal",
        "Thời gian dành cho bước, tính bằng giờ làm việc (1 ngày làm việc = 8 giờ).",
        required=True,
    ),
    Column(
        "national_status",
        "Trạng thái báo cáo Cổng quốc gia",
        "int",
        "Mã trạng thái 1 (Mới đăng ký) … 10 (Đã trả kết quả) theo Thông tư 03/2025/TT-VPCP.",
        required=True,
        minimum=1,
        maximum=10,
    ),
    _bool("is_initial", "Bước bắt đầu", "Đúng một bước của quy trình là bước bắt đầu.", False),
    _bool("is_terminal", "Bước kết thúc", "Ít nhất một bước là bước kết thúc.", False),
    _bool(
        "counts_toward_time",
        "Tính vào thời hạn",
        "Tổng giờ các bước được tính phải bằng thời hạn giải quyết của thủ tục.",
        True,
    ),
    Column(
        "other_agency",
        "Cơ quan liên thông",
        "identifier",
        "Mã định danh cơ quan liên thông (nếu bước do cơ quan khác thực hiện).",
        default=None,
        nullable=True,
    ),
    Column(
        "other_agency_kind",
        "Loại cơ quan liên thông",
        "choice",
        "Hoặc mọi cơ quan thuộc loại này.",
        choices=AGENCY_KINDS,
    ),
)

ACTION_COLUMNS: tuple[Column, ...] = (
    Column(
        "code", "Mã thao tác", "slug", "Mã thao tác, duy nhất trong quy trình.", required=True, max_length=64
    ),
    _text("name", "Tên thao tác", "Tên thao tác hiển thị cho cán bộ.", max_length=255, required=True),
    Column("from", "Từ bước", "slug", "Mã bước đi ra.", required=True, max_length=64),
    Column("to", "Đến bước", "slug", "Mã bước đi tới.", required=True, max_length=64),
    Column(
        "roles",
        "Vai trò được thực hiện",
        "roles",
        "Các vai trò được thực hiện thao tác.",
        required=True,
        choices=ROLES,
    ),
    _choice(
        "clock_effect",
        "Ảnh hưởng tới thời hạn",
        "none, start (bắt đầu), pause (tạm dừng), resume (tiếp tục), restart (tính lại), "
        "freeze (chốt), extend (gia hạn).",
        CLOCK_EFFECTS,
        "none",
    ),
    _bool("requires_papers", "Cần kèm giấy tờ", "Thao tác cần đính kèm giấy tờ.", False),
    _bool("requires_signature", "Cần ký số", "Thao tác cần ký số.", False),
    _bool("requires_payment", "Cần thanh toán", "Thao tác cần hoàn thành nghĩa vụ tài chính.", False),
)

VERSION_COLUMNS: tuple[Column, ...] = (
    Column(
        "number", "Phiên bản", "int", "Số phiên bản (1, 2, …).", required=True, minimum=1, maximum=2**31 - 1
    ),
    _choice(
        "status", "Trạng thái", "draft: bản nháp; published: đã công bố; withdrawn: đã bãi bỏ.", STATUSES
    ),
    Column(
        "effective_from",
        "Có hiệu lực từ",
        "date",
        "Bắt buộc với phiên bản đã công bố hoặc đã bãi bỏ.",
        default=None,
        nullable=True,
    ),
    _text("decision", "Quyết định công bố", "Ví dụ 1234/QĐ-UBND ngày 01/7/2025.", max_length=255),
    _text("name", "Tên thủ tục", "Tên thủ tục hành chính.", max_length=500, required=True),
    Column(
        "field",
        "Mã lĩnh vực",
        "code",
        "Mã lĩnh vực (sheet Lĩnh vực hoặc đã có).",
        required=True,
        max_length=32,
    ),
    _choice("level", "Cấp thực hiện", "central, province hoặc commune.", LEVELS),
    _text("description", "Trình tự thực hiện", "Trình tự thực hiện."),
    Column("processing_time", "Thời hạn giải quyết", "decimal", "Số ngày hoặc giờ làm việc.", required=True),
    _choice(
        "processing_time_unit",
        "Đơn vị thời hạn",
        "working_days hoặc working_hours.",
        TIME_UNITS,
        "working_days",
    ),
    Column(
        "single_day_cutoff",
        "Giờ chốt trong ngày",
        "time",
        "Thủ tục giải quyết trong ngày: nhận sau giờ này thì trả ngày làm việc tiếp theo (thường 15:00).",
        default=None,
        nullable=True,
    ),
    _text("conditions", "Yêu cầu, điều kiện", "Yêu cầu, điều kiện thực hiện."),
    _text("result", "Kết quả thực hiện", "Giấy tờ trả cho người nộp hồ sơ.", required=True),
    _text("legal_basis", "Căn cứ pháp lý", "Các văn bản quy phạm pháp luật.", required=True),
    _choice(
        "online_level",
        "Mức độ dịch vụ công trực tuyến",
        "full (toàn trình), partial (một phần), none.",
        ONLINE_LEVELS,
        "partial",
    ),
    Column(
        "legacy_level",
        "Mức độ (Nghị định 43/2011)",
        "int",
        "1–4, hoặc để trống.",
        default=None,
        nullable=True,
        minimum=1,
        maximum=4,
    ),
    _bool("accepts_online", "Cho phép nộp trực tuyến", "Công dân được nộp hồ sơ trực tuyến.", True),
    _text("source_note", "Nguồn và ghi chú dữ liệu", "Nguồn công bố và phần đã giản lược."),
    Column(
        "process",
        "Mã quy trình",
        "code",
        "Mã quy trình nội bộ áp dụng.",
        default=None,
        nullable=True,
        max_length=64,
    ),
    Column(
        "eform_schema", "Biểu mẫu điện tử (JSON)", "json", "JSON Schema của tờ khai trực tuyến.", default=None
    ),
)

AGENCY_COLUMNS: tuple[Column, ...] = (
    _choice(
        "part",
        "Vai trò",
        "receiving: tiếp nhận; processing: giải quyết; deciding: quyết định; coordinating: phối hợp.",
        AGENCY_PARTS,
    ),
    Column(
        "agency", "Cơ quan (mã định danh)", "identifier", "Mã định danh cơ quan.", default=None, nullable=True
    ),
    Column(
        "agency_kind",
        "Hoặc mọi cơ quan loại",
        "choice",
        "Điền loại thay cho mã định danh.",
        choices=AGENCY_KINDS,
    ),
    _text("note", "Ghi chú", "Ghi chú.", max_length=255),
)

FEE_COLUMNS: tuple[Column, ...] = (
    _choice("kind", "Loại", "fee: phí; charge: lệ phí.", FEE_KINDS),
    Column("code", "Mã phí, lệ phí", "code", "Mã, duy nhất trong phiên bản.", required=True, max_length=32),
    _text("name", "Tên phí, lệ phí", "Tên khoản thu.", max_length=500, required=True),
    Column("amount", "Mức thu (đồng)", "amount", "Số tiền bằng đồng, có thể bằng 0.", required=True),
    _text("note", "Ghi chú", "Ví dụ đối tượng được miễn.", max_length=500),
)

PAPER_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã giấy tờ", "code", "Mã, duy nhất trong phiên bản.", required=True, max_length=32),
    _text("name", "Tên giấy tờ", "Tên thành phần hồ sơ.", max_length=1000, required=True),
    Column("originals", "Số bản chính", "int", "Số bản chính.", default=0, minimum=0, maximum=32767),
    Column("copies", "Số bản sao", "int", "Số bản sao.", default=0, minimum=0, maximum=32767),
    _bool("is_required", "Bắt buộc", "Giấy tờ bắt buộc.", True),
    _bool(
        "reusable", "Dùng lại từ kho dữ liệu số", "Được dùng bản điện tử trong kho dữ liệu cá nhân.", False
    ),
    _text("form_template_name", "Tên mẫu đơn, tờ khai", "Tên mẫu đơn kèm theo (nếu có).", max_length=255),
    _text("note", "Ghi chú", "Ghi chú.", max_length=1000),
)


# --- Reading -----------------------------------------------------------------------------------
def _is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and raw == "")


def _as_text(column: Column, raw: Any, *, excel: bool) -> str:
    if isinstance(raw, str):
        return raw
    if excel and isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if excel and isinstance(raw, float):
        raise CellError("ô đang là số; hãy định dạng ô là văn bản (Text) rồi nhập lại giá trị.")
    raise CellError("phải là văn bản.")


def _read_text(column: Column, raw: Any, excel: bool) -> str:
    value = _as_text(column, raw, excel=excel).replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        raise CellError("có ký tự điều khiển không hợp lệ.")
    if column.kind in ("code", "slug", "identifier") and value != value.strip():
        raise CellError(f"“{value}” có khoảng trắng ở đầu hoặc cuối.")
    if column.kind in ("code", "slug") and not value.strip():
        raise CellError("không được để trống.")
    if column.kind == "slug" and not _SLUG.match(value):
        raise CellError(f"“{value}” chỉ được gồm chữ không dấu, số, dấu gạch ngang và gạch dưới.")
    if column.kind == "identifier" and not _IDENTIFIER.match(value):
        raise CellError(f"“{value}” không phải mã định danh điện tử dạng 000.00.00.H57.")
    if column.max_length and len(value) > column.max_length:
        raise CellError(f"dài {len(value)} ký tự, tối đa {column.max_length}.")
    if column.required and not value.strip():
        raise CellError("không được để trống.")
    return value


def _read_bool(raw: Any, excel: bool) -> bool:
    if isinstance(raw, bool):
        return raw
    if excel and isinstance(raw, int | str):
        word = str(raw).strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise CellError("phải là có/không (true/false).")


def _read_int(column: Column, raw: Any, excel: bool) -> int:
    value: int
    if isinstance(raw, bool):
        raise CellError("phải là số nguyên.")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif excel and isinstance(raw, str) and re.fullmatch(r"-?\d+", raw.strip()):
        value = int(raw.strip())
    else:
        raise CellError(f"“{raw}” không phải số nguyên.")
    if column.minimum is not None and value < column.minimum:
        raise CellError(f"phải từ {column.minimum} trở lên (đang là {value}).")
    if column.maximum is not None and value > column.maximum:
        raise CellError(f"phải không quá {column.maximum} (đang là {value}).")
    return value


def _read_decimal(column: Column, raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise CellError("phải là số.")
    try:
        if isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, int | str):
            value = Decimal(str(raw).strip())
        else:
            raise InvalidOperation
    except InvalidOperation:
        raise CellError(f"“{raw}” không phải số thập phân (dùng dấu chấm, ví dụ 0.5).") from None
    if not value.is_finite():
        raise CellError(f"“{raw}” không phải số thập phân.")
    if value < 0:
        raise CellError(f"không được âm (đang là {raw}).")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > column.decimal_places:
        raise CellError(f"chỉ được có tối đa {column.decimal_places} chữ số sau dấu chấm.")
    if value >= Decimal(10) ** (column.max_digits - column.decimal_places):
        raise CellError(f"quá lớn (tối đa {column.max_digits - column.decimal_places} chữ số phần nguyên).")
    return canonical_decimal(value)


def _read_amount(raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise CellError("phải là số tiền (số nguyên, đồng).")
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw).strip())
    except InvalidOperation:
        raise CellError(f"“{raw}” không phải số tiền.") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise CellError(f"“{raw}” không phải số nguyên đồng.")
    if value < 0:
        raise CellError(f"mức thu không được âm (đang là {raw}).")
    if value >= Decimal(10) ** 14:
        raise CellError("mức thu quá lớn (tối đa 14 chữ số).")
    return int(value)


def _read_date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time(0, 0):
            raise CellError("phải là một ngày, không kèm giờ.")
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise CellError(f"“{raw}” không phải ngày hợp lệ dạng YYYY-MM-DD.")


def _read_time(raw: Any) -> dt.time:
    if isinstance(raw, dt.time):
        if raw.second or raw.microsecond:
            raise CellError("chỉ ghi giờ và phút (HH:MM).")
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\d{2}:\d{2}", raw):
        try:
            return dt.time.fromisoformat(raw)
        except ValueError:
            pass
    raise CellError(f"“{raw}” không phải giờ hợp lệ dạng HH:MM.")


def _read_choice(column: Column, raw: Any) -> str:
    if not isinstance(raw, str) or raw not in column.choices:
        allowed = ", ".join(column.choices)
        raise CellError(f"“{raw}” không hợp lệ; chọn một trong: {allowed}.")
    return raw


def _read_roles(column: Column, raw: Any, excel: bool) -> tuple[str, ...]:
    if excel and isinstance(raw, str):
        items: list[Any] = [part.strip() for part in raw.split(",")]
    elif isinstance(raw, list):
        items = raw
    else:
        raise CellError("phải là danh sách vai trò.")
    if not items or any(not isinstance(item, str) for item in items):
        raise CellError("phải là danh sách vai trò (văn bản).")
    unknown = [item for item in items if item not in column.choices]
    if unknown:
        raise CellError(
            f"vai trò không tồn tại: {', '.join(unknown)}; chọn trong: {', '.join(column.choices)}."
        )
    if len(set(items)) != len(items):
        raise CellError("có vai trò bị lặp.")
    return tuple(items)


def _read_json(raw: Any, excel: bool) -> dict[str, Any]:
    if excel and isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as error:
            raise CellError(f"không phải JSON hợp lệ ({error}).") from None
    if not isinstance(raw, dict):
        raise CellError("phải là một đối tượng JSON ({…}).")
    return raw


def read_value(column: Column, raw: Any, *, excel: bool = False) -> Any:
    """The document value of ``raw`` (a JSON value, or an Excel cell when ``excel``); empty values
    give the column's default, or ``CellError`` when the column is required."""
    if column.kind == "json" and _is_empty(raw):
        return {}
    if _is_empty(raw):
        if column.required:
            raise CellError("không được để trống.")
        return column.default
    match column.kind:
        case "text" | "code" | "slug" | "identifier":
            return _read_text(column, raw, excel)
        case "bool":
            return _read_bool(raw, excel)
        case "int":
            return _read_int(column, raw, excel)
        case "decimal":
            return _read_decimal(column, raw)
        case "amount":
            return _read_amount(raw)
        case "date":
            return _read_date(raw)
        case "time":
            return _read_time(raw)
        case "choice":
            return _read_choice(column, raw)
        case "roles":
            return _read_roles(column, raw, excel)
        case "json":
            return _read_json(raw, excel)
    raise AssertionError(column.kind)  # pragma: no cover - every kind is listed above


# --- Writing -----------------------------------------------------------------------------------
def canonical_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent: 12.50 → 12.5, 1E+1 → 10."""
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def format_decimal(value: Decimal) -> str:
    """A decimal as the format writes it: "12.5", "8", "0"."""
    return format(canonical_decimal(value), "f")


def write_value(column: Column, value: Any) -> Any:
    """The JSON value of a document value."""
    if value is None:
        return None
    match column.kind:
        case "decimal":
            return format_decimal(value)
        case "date":
            return value.isoformat()
        case "time":
            return value.strftime("%H:%M")
        case "roles":
            return list(value)
    return value


def json_text(value: Mapping[str, Any]) -> str:
    """Compact JSON text of an object (the e-form schema in an Excel cell); empty for ``{}``."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if value else ""
