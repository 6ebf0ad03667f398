"""Shared pieces of the demo catalogue source: agencies of the demo province, publication decisions,
and small constructors for versions, fees and papers in the interchange format "egov.procedures/1".

Read by ``build_demo_catalogue.py`` (run it as a script; it writes ``demo_catalogue.json``).
"""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from typing import Any

# Electronic identifiers of the demo province (Thành phố Huế, level-1 code H57).
UBND = "000.00.00.H57"
VPUBND = "000.00.01.H57"
TTPVHCC = "000.00.02.H57"
SO_NOI_VU = "000.00.03.H57"
SO_TAI_CHINH = "000.00.04.H57"
SO_TU_PHAP = "000.00.05.H57"
SO_XAY_DUNG = "000.00.06.H57"
SO_Y_TE = "000.00.07.H57"
SO_GDDT = "000.00.08.H57"
SO_NNMT = "000.00.09.H57"
SO_CONG_THUONG = "000.00.10.H57"
SO_VHTT = "000.00.11.H57"
SO_KHCN = "000.00.12.H57"
SO_DU_LICH = "000.00.13.H57"

CURRENT_EFFECTIVE = "2025-07-01"
CURRENT_DECISION = "1688/QĐ-UBND ngày 30/6/2025 của Chủ tịch Ủy ban nhân dân thành phố Huế"
OLD_EFFECTIVE = "2023-10-01"
OLD_DECISION = "2150/QĐ-UBND ngày 18/9/2023 của Chủ tịch Ủy ban nhân dân tỉnh Thừa Thiên Huế"

NOTE_DECISION = "Số, ngày quyết định công bố của tỉnh là minh họa (tỉnh mẫu), không phải quyết định thật."
NOTE_SOURCE = (
    "Nội dung theo Cơ sở dữ liệu quốc gia về TTHC và văn bản quy phạm pháp luật nêu ở căn cứ pháp lý."
)
NOTE_CHECK_CODE = "Mã thủ tục cần đối chiếu với Cơ sở dữ liệu quốc gia về TTHC."
NOTE_TWO_TIER = (
    "Từ 01/7/2025 không còn cấp huyện: thủ tục trước đây do UBND cấp huyện thực hiện nay do UBND cấp xã "
    "thực hiện."
)
NOTE_LOCAL_FEE = (
    "Mức thu do Hội đồng nhân dân thành phố quy định; số tiền trong dữ liệu mẫu là minh họa, cần đối chiếu "
    "nghị quyết HĐND hiện hành."
)

HOTICH_BASIS = (
    "Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP (sửa đổi, bổ sung bởi Nghị định số "
    "07/2025/NĐ-CP); Nghị định số 120/2025/NĐ-CP về phân định thẩm quyền của chính quyền địa phương 02 cấp "
    "trong lĩnh vực quản lý nhà nước của Bộ Tư pháp; Thông tư số 04/2020/TT-BTP (sửa đổi bởi Thông tư số "
    "04/2024/TT-BTP); Thông tư số 85/2019/TT-BTC về phí, lệ phí thuộc thẩm quyền HĐND cấp tỉnh"
)
CHUNGTHUC_BASIS = (
    "Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ "
    "ký và chứng thực hợp đồng, giao dịch (sửa đổi, bổ sung bởi Nghị định số 07/2025/NĐ-CP); Thông tư số "
    "01/2020/TT-BTP; Thông tư số 226/2016/TT-BTC về phí chứng thực"
)
DATDAI_BASIS = (
    "Luật Đất đai số 31/2024/QH15; Nghị định số 101/2024/NĐ-CP về điều tra cơ bản đất đai, đăng ký, cấp "
    "Giấy chứng nhận; Nghị định số 151/2025/NĐ-CP về phân định thẩm quyền của chính quyền địa phương 02 cấp, "
    "phân quyền, phân cấp trong lĩnh vực đất đai; Thông tư số 85/2019/TT-BTC"
)

Json = dict[str, Any]


def commune_agencies(*, coordinating: list[Json] | None = None) -> list[Json]:
    """Each commune/ward people's committee receives, processes and decides (one-stop section of the
    commune: Bộ phận Một cửa cấp xã)."""
    rows = [
        {"part": "receiving", "agency": None, "agency_kind": "commune_committee", "note": "Bộ phận Một cửa"},
        {"part": "processing", "agency": None, "agency_kind": "commune_committee", "note": ""},
        {"part": "deciding", "agency": None, "agency_kind": "commune_committee", "note": "Chủ tịch UBND xã"},
    ]
    return rows + (coordinating or [])


def province_agencies(
    department: str,
    *,
    deciding: str | None = None,
    deciding_note: str = "",
    coordinating: list[Json] | None = None,
) -> list[Json]:
    """The service centre (TTPVHCC) receives and returns; a department processes; the department (or the
    city people's committee) decides."""
    rows = [
        {
            "part": "receiving",
            "agency": TTPVHCC,
            "agency_kind": "",
            "note": "Trung tâm Phục vụ hành chính công",
        },
        {"part": "processing", "agency": department, "agency_kind": "", "note": ""},
        {"part": "deciding", "agency": deciding or department, "agency_kind": "", "note": deciding_note},
    ]
    return rows + (coordinating or [])


def coordinating(agency: str | None = None, *, kind: str = "", note: str) -> Json:
    """An agency that takes part in a liên thông procedure."""
    return {"part": "coordinating", "agency": agency, "agency_kind": "" if agency else kind, "note": note}


def fee(code: str, name: str, amount: int, *, kind: str = "charge", note: str = "") -> Json:
    """A fee (``fee``, phí) or charge (``charge``, lệ phí) in VND."""
    return {"kind": kind, "code": code, "name": name, "amount": amount, "note": note}


def paper(
    code: str,
    name: str,
    *,
    originals: int = 1,
    copies: int = 0,
    required: bool = True,
    reusable: bool = False,
    form: str = "",
    note: str = "",
) -> Json:
    """One paper of the dossier (thành phần hồ sơ)."""
    return {
        "code": code,
        "name": name,
        "originals": originals,
        "copies": copies,
        "is_required": required,
        "reusable": reusable,
        "form_template_name": form,
        "note": note,
    }


def version(
    *,
    name: str,
    field: str,
    level: str,
    time: str,
    process: str,
    result: str,
    legal_basis: str,
    description: str,
    agencies: list[Json],
    papers: list[Json],
    fees: list[Json],
    source_note: str,
    unit: str = "working_days",
    cutoff: str | None = None,
    conditions: str = "",
    online_level: str = "partial",
    legacy_level: int | None = 3,
    accepts_online: bool = True,
    eform_schema: Json | None = None,
    number: int = 1,
    status: str = "published",
    effective_from: str | None = CURRENT_EFFECTIVE,
    decision: str = CURRENT_DECISION,
) -> Json:
    """One version of a procedure in the interchange format."""
    return {
        "number": number,
        "status": status,
        "effective_from": effective_from,
        "decision": decision,
        "name": name,
        "field": field,
        "level": level,
        "description": description,
        "processing_time": time,
        "processing_time_unit": unit,
        "single_day_cutoff": cutoff,
        "conditions": conditions,
        "result": result,
        "legal_basis": legal_basis,
        "online_level": online_level,
        "legacy_level": legacy_level,
        "accepts_online": accepts_online,
        "source_note": source_note,
        "agencies": agencies,
        "fees": fees,
        "papers": papers,
        "eform_schema": eform_schema or {},
        "process": process,
    }


def note(*parts: str) -> str:
    """A source note from its sentences."""
    return " ".join(part.strip() for part in parts if part.strip())


def procedure(national_code: str, *versions: Json) -> Json:
    """A procedure with its versions, oldest first."""
    return {"national_code": national_code, "versions": list(versions)}


ID_NOTE = "Xuất trình hoặc khai thác từ Cơ sở dữ liệu quốc gia về dân cư; không phải nộp bản sao."


def identity(code: str = "GTTT", who: str = "người yêu cầu") -> Json:
    return paper(
        code, f"Giấy tờ tùy thân của {who} (thẻ căn cước, hộ chiếu)", originals=0, reusable=True, note=ID_NOTE
    )


def authorisation() -> Json:
    return paper(
        "UQ",
        "Văn bản ủy quyền được chứng thực (trường hợp ủy quyền thực hiện)",
        required=False,
        note="Không cần chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột.",
    )


NO_FEE = [fee("LP", "Lệ phí", 0, note="Không thu phí, lệ phí.")]
ID_PAPER = paper(
    "GTTT",
    "Giấy tờ pháp lý của cá nhân (thẻ căn cước, hộ chiếu)",
    originals=0,
    reusable=True,
    note="Khai thác từ Cơ sở dữ liệu quốc gia về dân cư; không phải nộp bản sao.",
)


def provincial(
    national_code: str,
    *,
    name: str,
    field: str,
    department: str,
    time: str,
    result: str,
    legal_basis: str,
    description: str,
    papers: list[Json],
    fees: list[Json],
    extra_note: str = "",
    process: str | None = None,
    cutoff: str | None = None,
    conditions: str = "",
    online_level: str = "full",
    legacy_level: int | None = 4,
    eform: Json | None = None,
    agencies: list[Json] | None = None,
) -> Json:
    hours = 8 if cutoff else int(time) * 8
    template = process or ("TINH-TRONG-NGAY" if hours == 8 else f"TINH-{hours // 8}N")
    return procedure(
        national_code,
        version(
            name=name,
            field=field,
            level="province",
            time=time,
            cutoff=cutoff,
            process=template,
            result=result,
            legal_basis=legal_basis,
            description=description,
            agencies=agencies or province_agencies(department),
            papers=papers,
            fees=fees,
            conditions=conditions,
            online_level=online_level,
            legacy_level=legacy_level,
            eform_schema=eform,
            source_note=note(NOTE_SOURCE, NOTE_DECISION, extra_note),
        ),
    )
