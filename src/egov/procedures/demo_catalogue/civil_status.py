"""Commune-level civil status procedures (hộ tịch) of the demo catalogue, including the linked
(liên thông) groups of Nghị định 63/2024/NĐ-CP."""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from egov.procedures.demo_catalogue import eforms
from egov.procedures.demo_catalogue.common import (
    HOTICH_BASIS,
    NOTE_CHECK_CODE,
    NOTE_DECISION,
    NOTE_LOCAL_FEE,
    NOTE_SOURCE,
    NOTE_TWO_TIER,
    OLD_DECISION,
    OLD_EFFECTIVE,
    Json,
    authorisation,
    commune_agencies,
    coordinating,
    fee,
    identity,
    note,
    paper,
    procedure,
    version,
)


def civil_status(
    national_code: str,
    *,
    name: str,
    time: str,
    process: str,
    result: str,
    description: str,
    papers: list[Json],
    fees: list[Json],
    extra_note: str = "",
    cutoff: str | None = None,
    conditions: str = "",
    eform: Json | None = None,
    online_level: str = "full",
) -> Json:
    return procedure(
        national_code,
        version(
            name=name,
            field="HOTICH",
            level="commune",
            time=time,
            cutoff=cutoff,
            process=process,
            result=result,
            legal_basis=HOTICH_BASIS,
            description=description,
            agencies=commune_agencies(),
            papers=papers,
            fees=fees,
            conditions=conditions,
            online_level=online_level,
            legacy_level=4,
            eform_schema=eform,
            source_note=note(NOTE_SOURCE, NOTE_DECISION, extra_note),
        ),
    )


BIRTH_PAPERS = [
    paper("TK", "Tờ khai đăng ký khai sinh theo mẫu", form="Tờ khai đăng ký khai sinh"),
    paper(
        "GCS",
        "Giấy chứng sinh (bản chính)",
        note="Không có Giấy chứng sinh thì nộp văn bản của người làm chứng hoặc giấy cam đoan về việc sinh; "
        "trẻ bị bỏ rơi nộp biên bản xác nhận việc trẻ bị bỏ rơi.",
    ),
    identity(),
    paper(
        "GCNKH",
        "Giấy chứng nhận kết hôn của cha, mẹ (nếu cha, mẹ đã đăng ký kết hôn)",
        originals=0,
        required=False,
        reusable=True,
        note="Xuất trình khi thông tin chưa có trong Cơ sở dữ liệu hộ tịch điện tử.",
    ),
    authorisation(),
]
BIRTH_FEES = [
    fee(
        "LP-KS",
        "Lệ phí đăng ký khai sinh",
        0,
        note="Miễn lệ phí đăng ký khai sinh đúng hạn (Luật Hộ tịch, Điều 11).",
    )
]
BIRTH_DESCRIPTION = (
    "Người đi đăng ký nộp hồ sơ trực tiếp tại Bộ phận Một cửa UBND xã hoặc trực tuyến; công chức tư pháp – hộ "
    "tịch kiểm tra, ghi vào Sổ đăng ký khai sinh, cập nhật Cơ sở dữ liệu hộ tịch điện tử và cấp số định danh "
    "cá nhân; Chủ tịch UBND xã ký Giấy khai sinh; trả kết quả trong ngày (nhận sau 15 giờ thì trả trong ngày "
    "làm việc tiếp theo)."
)


def birth_registration() -> Json:
    """1.001193: three versions — 2023 (province of Thừa Thiên Huế), 2025-07-01, and a 2026 draft."""
    common = {
        "name": "Thủ tục đăng ký khai sinh",
        "field": "HOTICH",
        "level": "commune",
        "time": "0",
        "cutoff": "15:00",
        "process": "XA-TRONG-NGAY",
        "result": "Giấy khai sinh (bản chính); bản sao Giấy khai sinh nếu có yêu cầu",
        "agencies": commune_agencies(),
        "papers": BIRTH_PAPERS,
        "fees": BIRTH_FEES,
    }
    return procedure(
        "1.001193",
        version(
            **common,
            number=1,
            effective_from=OLD_EFFECTIVE,
            decision=OLD_DECISION,
            online_level="partial",
            legacy_level=4,
            description=BIRTH_DESCRIPTION,
            legal_basis="Luật Hộ tịch số 60/2014/QH13; Nghị định số 123/2015/NĐ-CP; Thông tư số 04/2020/TT-BTP; Thông tư số 85/2019/TT-BTC",
            source_note=note(
                NOTE_SOURCE,
                NOTE_DECISION,
                "Phiên bản trước cải cách năm 2025 (tỉnh Thừa Thiên Huế, cấp xã); giữ lại để minh họa lịch sử phiên bản.",
            ),
        ),
        version(
            **common,
            number=2,
            online_level="full",
            legacy_level=4,
            description=BIRTH_DESCRIPTION,
            legal_basis=HOTICH_BASIS,
            eform_schema=eforms.birth(),
            source_note=note(NOTE_SOURCE, NOTE_DECISION, "Phiên bản hiện hành từ 01/7/2025."),
        ),
        version(
            **common,
            number=3,
            status="draft",
            effective_from=None,
            decision="",
            online_level="full",
            legacy_level=4,
            description=BIRTH_DESCRIPTION
            + " Dự thảo: trả Giấy khai sinh điện tử vào kho dữ liệu của công dân trên "
            "Cổng Dịch vụ công quốc gia; bản giấy chỉ cấp khi có yêu cầu.",
            legal_basis=HOTICH_BASIS,
            eform_schema=eforms.birth(),
            source_note=note(
                "Bản nháp minh họa cho việc sửa đổi quy trình (chưa công bố, không có căn cứ mới); nội dung còn lại "
                "như phiên bản 2.",
            ),
        ),
    )


def civil_status_procedures() -> list[Json]:
    same_day = {"time": "0", "cutoff": "15:00", "process": "XA-TRONG-NGAY"}
    three_days = {"time": "3", "process": "XA-3N"}
    return [
        birth_registration(),
        civil_status(
            "1.000894",
            name="Thủ tục đăng ký kết hôn",
            **same_day,
            result="Giấy chứng nhận kết hôn (hai bản chính, mỗi bên một bản)",
            description=(
                "Hai bên nam, nữ nộp tờ khai tại UBND xã nơi cư trú của một trong hai bên; đủ điều kiện thì công "
                "chức tư pháp – hộ tịch ghi vào Sổ đăng ký kết hôn; hai bên cùng có mặt ký Giấy chứng nhận kết hôn."
            ),
            conditions=(
                "Đủ điều kiện kết hôn theo Luật Hôn nhân và gia đình (nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi, tự "
                "nguyện, không thuộc trường hợp cấm). Trường hợp cần xác minh thì thời hạn không quá 05 ngày làm việc."
            ),
            papers=[
                paper(
                    "TK",
                    "Tờ khai đăng ký kết hôn theo mẫu (hai bên có thể khai chung một tờ khai)",
                    form="Tờ khai đăng ký kết hôn",
                ),
                identity(who="hai bên nam, nữ"),
                paper(
                    "XNTTHN",
                    "Giấy xác nhận tình trạng hôn nhân (khi đăng ký tại xã không phải nơi thường trú và thông tin "
                    "chưa có trong Cơ sở dữ liệu hộ tịch)",
                    required=False,
                    reusable=True,
                ),
                paper(
                    "LH",
                    "Bản án, quyết định ly hôn đã có hiệu lực (nếu đã từng kết hôn)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
            ],
            fees=[
                fee(
                    "LP-KH",
                    "Lệ phí đăng ký kết hôn",
                    0,
                    note="Miễn lệ phí kết hôn của công dân Việt Nam cư trú trong nước.",
                )
            ],
            eform=eforms.marriage(),
            extra_note="Giản lược: thời hạn công bố là “trong ngày”, trường hợp phải xác minh (05 ngày làm việc) ghi ở điều kiện, không tách thành phiên bản riêng.",
        ),
        civil_status(
            "1.000656",
            name="Thủ tục đăng ký khai tử",
            **same_day,
            result="Trích lục khai tử (bản chính)",
            description=(
                "Trong 15 ngày kể từ ngày có người chết, vợ, chồng, con, cha, mẹ hoặc người thân thích đi đăng ký; "
                "UBND xã ghi Sổ đăng ký khai tử, cập nhật Cơ sở dữ liệu hộ tịch và Cơ sở dữ liệu quốc gia về dân cư."
            ),
            papers=[
                paper("TK", "Tờ khai đăng ký khai tử theo mẫu", form="Tờ khai đăng ký khai tử"),
                paper("GBT", "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử (bản chính)"),
                identity(),
                authorisation(),
            ],
            fees=[fee("LP-KT", "Lệ phí đăng ký khai tử", 0, note="Miễn lệ phí đăng ký khai tử đúng hạn.")],
            eform=eforms.death(),
        ),
        civil_status(
            "1.004873",
            name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
            **three_days,
            result="Giấy xác nhận tình trạng hôn nhân (có giá trị 06 tháng)",
            description="UBND xã nơi thường trú kiểm tra, xác minh tình trạng hôn nhân và cấp Giấy xác nhận.",
            conditions="Trường hợp cần xác minh thì thời hạn được kéo dài không quá 20 ngày.",
            papers=[
                paper(
                    "TK",
                    "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu",
                    form="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
                ),
                identity(),
                paper(
                    "LH",
                    "Giấy tờ chứng minh đã ly hôn hoặc vợ/chồng đã chết (nếu có)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
                paper(
                    "GXN-CU",
                    "Giấy xác nhận tình trạng hôn nhân đã cấp trước đây (nếu xin cấp lại để dùng vào mục đích khác)",
                    required=False,
                ),
            ],
            fees=[
                fee("LP-XNTTHN", "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", 10000, note=NOTE_LOCAL_FEE)
            ],
            extra_note="Giản lược: mức lệ phí minh họa.",
        ),
        civil_status(
            "1.001022",
            name="Thủ tục đăng ký nhận cha, mẹ, con",
            **three_days,
            result="Trích lục đăng ký nhận cha, mẹ, con",
            description="Người nhận và người được nhận có mặt; UBND xã niêm yết, kiểm tra; không có tranh chấp thì ghi Sổ hộ tịch.",
            conditions="Trường hợp cần xác minh thì thời hạn kéo dài không quá 05 ngày làm việc.",
            papers=[
                paper(
                    "TK",
                    "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu",
                    form="Tờ khai đăng ký nhận cha, mẹ, con",
                ),
                paper(
                    "CC",
                    "Chứng cứ chứng minh quan hệ cha, mẹ, con (văn bản giám định ADN hoặc văn bản của cơ quan có thẩm quyền)",
                    note="Không có thì các bên lập văn bản cam đoan có ít nhất hai người làm chứng.",
                ),
                identity(who="các bên"),
            ],
            fees=[fee("LP-NCMC", "Lệ phí đăng ký nhận cha, mẹ, con", 15000, note=NOTE_LOCAL_FEE)],
            extra_note=note(NOTE_CHECK_CODE, "Giản lược: mức lệ phí minh họa."),
        ),
        civil_status(
            "1.004859",
            name="Thủ tục đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
            **three_days,
            result="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
            description="UBND xã đã đăng ký hộ tịch trước đây hoặc nơi cư trú xem xét; đủ căn cứ thì ghi Sổ hộ tịch và cập nhật cơ sở dữ liệu.",
            conditions="Trường hợp cần xác minh thì kéo dài không quá 03 ngày làm việc. Người từ đủ 14 tuổi trở lên thay đổi họ, tên phải có sự đồng ý.",
            papers=[
                paper(
                    "TK",
                    "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch theo mẫu",
                    form="Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
                ),
                paper("GTHT", "Giấy tờ hộ tịch cần thay đổi, cải chính (bản chính)"),
                paper(
                    "CC", "Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung", originals=0, copies=1
                ),
                identity(),
            ],
            fees=[
                fee(
                    "LP-TDCC",
                    "Lệ phí thay đổi, cải chính, bổ sung thông tin hộ tịch",
                    15000,
                    note=NOTE_LOCAL_FEE,
                )
            ],
            extra_note=note(NOTE_CHECK_CODE, "Giản lược: mức lệ phí minh họa."),
        ),
        civil_status(
            "1.004837",
            name="Thủ tục đăng ký giám hộ",
            **three_days,
            result="Trích lục đăng ký giám hộ",
            description="UBND xã nơi cư trú của người được giám hộ hoặc người giám hộ ghi Sổ đăng ký giám hộ.",
            papers=[
                paper("TK", "Tờ khai đăng ký giám hộ theo mẫu", form="Tờ khai đăng ký giám hộ"),
                paper(
                    "VBCD", "Văn bản cử người giám hộ hoặc giấy tờ chứng minh điều kiện giám hộ đương nhiên"
                ),
                identity(),
            ],
            fees=[
                fee(
                    "LP-GH",
                    "Lệ phí đăng ký giám hộ",
                    0,
                    note="Miễn lệ phí đăng ký giám hộ (Luật Hộ tịch, Điều 11).",
                )
            ],
            extra_note=NOTE_CHECK_CODE,
        ),
        civil_status(
            "2.000635",
            name="Thủ tục cấp bản sao Trích lục hộ tịch",
            **same_day,
            result="Bản sao Trích lục hộ tịch (khai sinh, kết hôn, khai tử…)",
            description="Cơ quan đang lưu giữ Sổ hộ tịch hoặc Cơ sở dữ liệu hộ tịch điện tử cấp bản sao trích lục.",
            papers=[
                paper(
                    "TK",
                    "Tờ khai cấp bản sao trích lục hộ tịch theo mẫu",
                    form="Tờ khai cấp bản sao trích lục hộ tịch",
                ),
                identity(),
                authorisation(),
            ],
            fees=[
                fee(
                    "P-TLHT",
                    "Phí cấp bản sao trích lục hộ tịch",
                    8000,
                    kind="fee",
                    note="8.000 đồng/bản sao/sự kiện hộ tịch (Thông tư 281/2016/TT-BTC).",
                )
            ],
        ),
        civil_status(
            "1.004884",
            name="Thủ tục đăng ký lại khai sinh",
            time="5",
            process="XA-5N",
            result="Giấy khai sinh (bản chính) có ghi “Đăng ký lại”",
            description="Dùng khi việc khai sinh đã đăng ký nhưng sổ hộ tịch và bản chính giấy tờ hộ tịch đều bị mất.",
            conditions="Trường hợp phải xác minh tại cơ quan khác thì thời hạn kéo dài (cơ quan được hỏi trả lời trong 05 ngày làm việc).",
            papers=[
                paper("TK", "Tờ khai đăng ký lại khai sinh theo mẫu", form="Tờ khai đăng ký lại khai sinh"),
                paper(
                    "BS",
                    "Bản sao Giấy khai sinh hoặc giấy tờ có thông tin khai sinh do cơ quan có thẩm quyền cấp",
                    originals=0,
                    copies=1,
                ),
                identity(),
            ],
            fees=[fee("LP-DLKS", "Lệ phí đăng ký lại khai sinh", 5000, note=NOTE_LOCAL_FEE)],
            online_level="partial",
            extra_note="Giản lược: mức lệ phí minh họa.",
        ),
        civil_status(
            "1.000689",
            name="Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con",
            **three_days,
            result="Giấy khai sinh và Trích lục đăng ký nhận cha, mẹ, con",
            description="Khai sinh cho trẻ chưa xác định được cha (hoặc mẹ) kết hợp với việc nhận cha, mẹ, con.",
            papers=[
                paper("TK-KS", "Tờ khai đăng ký khai sinh theo mẫu", form="Tờ khai đăng ký khai sinh"),
                paper(
                    "TK-NCMC",
                    "Tờ khai đăng ký nhận cha, mẹ, con theo mẫu",
                    form="Tờ khai đăng ký nhận cha, mẹ, con",
                ),
                paper("GCS", "Giấy chứng sinh (bản chính)"),
                paper("CC", "Chứng cứ chứng minh quan hệ cha, mẹ, con"),
                identity(who="các bên"),
            ],
            fees=[fee("LP-NCMC", "Lệ phí nhận cha, mẹ, con", 15000, note=NOTE_LOCAL_FEE)],
            extra_note="Giản lược: mức lệ phí minh họa; khai sinh trong thủ tục này miễn lệ phí.",
        ),
        civil_status(
            "2.000528",
            name="Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
            **same_day,
            result="Giấy khai sinh (bản chính)",
            description="Trẻ sinh ra có cha hoặc mẹ là người nước ngoài hoặc sinh ở nước ngoài chưa đăng ký khai sinh.",
            papers=[
                paper("TK", "Tờ khai đăng ký khai sinh theo mẫu", form="Tờ khai đăng ký khai sinh"),
                paper("GCS", "Giấy chứng sinh hoặc giấy tờ thay thế (bản chính)"),
                paper(
                    "TTQT", "Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con", required=False
                ),
                identity(who="cha, mẹ và người đi đăng ký"),
            ],
            fees=[
                fee("LP-KSNN", "Lệ phí đăng ký khai sinh có yếu tố nước ngoài", 75000, note=NOTE_LOCAL_FEE)
            ],
            online_level="partial",
            extra_note=note(NOTE_TWO_TIER, "Giản lược: mức lệ phí minh họa."),
        ),
    ]


def linked_civil_status() -> list[Json]:
    """Nhóm thủ tục liên thông theo Nghị định 63/2024/NĐ-CP."""
    basis = (
        HOTICH_BASIS
        + "; Luật Cư trú 2020; Luật Bảo hiểm y tế; Nghị định số 63/2024/NĐ-CP về liên thông điện tử"
    )
    linked_note = (
        "Mã nhóm thủ tục liên thông cần đối chiếu với Cơ sở dữ liệu quốc gia về TTHC. Giản lược: Công an cấp xã "
        "và Bảo hiểm xã hội chưa có trong danh mục cơ quan mẫu nên bước liên thông ghi theo loại cơ quan “khác”; "
        "thời hạn tổng 05 ngày làm việc là cách chia minh họa."
    )
    coordinators = [
        coordinating(kind="other", note="Công an cấp xã (đăng ký thường trú, xóa đăng ký thường trú)"),
        coordinating(kind="other", note="Bảo hiểm xã hội (thẻ BHYT, trợ cấp mai táng, tử tuất)"),
    ]
    return [
        procedure(
            "3.000722",
            version(
                name="Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
                field="HOTICH",
                level="commune",
                time="5",
                process="LT-KS-TT-BHYT-5N",
                result="Giấy khai sinh; xác nhận đăng ký thường trú; thẻ bảo hiểm y tế (bản điện tử hoặc bản giấy)",
                legal_basis=basis,
                description="Công dân nộp một bộ hồ sơ trên Cổng Dịch vụ công quốc gia, VNeID hoặc tại UBND xã; kết quả của từng cơ quan được chuyển điện tử.",
                agencies=commune_agencies(coordinating=coordinators),
                online_level="full",
                legacy_level=4,
                papers=[
                    paper(
                        "TK",
                        "Tờ khai điện tử liên thông (khai sinh, thường trú, BHYT)",
                        form="Tờ khai liên thông",
                    ),
                    paper("GCS", "Giấy chứng sinh (bản chính hoặc bản điện tử)"),
                    paper(
                        "DYTT",
                        "Văn bản đồng ý cho đăng ký thường trú của chủ hộ/chủ sở hữu chỗ ở (nếu không đăng ký vào hộ của cha, mẹ)",
                        required=False,
                    ),
                ],
                fees=[
                    fee(
                        "LP-LT",
                        "Lệ phí",
                        0,
                        note="Miễn lệ phí khai sinh đúng hạn; miễn lệ phí đăng ký cư trú khi nộp trực tuyến.",
                    )
                ],
                eform_schema=eforms.birth(),
                source_note=note(NOTE_SOURCE, NOTE_DECISION, linked_note),
            ),
        ),
        procedure(
            "2.002913",
            version(
                name="Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng, hưởng mai táng phí",
                field="HOTICH",
                level="commune",
                time="5",
                process="LT-KT-TT-MT-5N",
                result="Trích lục khai tử; xác nhận xóa đăng ký thường trú; quyết định hưởng mai táng phí, trợ cấp tử tuất (nếu thuộc diện)",
                legal_basis=basis,
                description="Một bộ hồ sơ liên thông; UBND xã đăng ký khai tử rồi chuyển điện tử cho Công an và cơ quan giải quyết chế độ.",
                agencies=commune_agencies(coordinating=coordinators),
                online_level="full",
                legacy_level=4,
                papers=[
                    paper(
                        "TK",
                        "Tờ khai điện tử liên thông (khai tử, xóa thường trú, mai táng phí, tử tuất)",
                        form="Tờ khai liên thông",
                    ),
                    paper("GBT", "Giấy báo tử hoặc giấy tờ thay thế (bản chính hoặc bản điện tử)"),
                    paper(
                        "STK",
                        "Thông tin tài khoản ngân hàng của người nhận trợ cấp (nếu nhận chuyển khoản)",
                        originals=0,
                        required=False,
                    ),
                ],
                fees=[fee("LP-LT", "Lệ phí", 0, note="Miễn lệ phí đăng ký khai tử đúng hạn.")],
                eform_schema=eforms.death(),
                source_note=note(NOTE_SOURCE, NOTE_DECISION, linked_note),
            ),
        ),
    ]
