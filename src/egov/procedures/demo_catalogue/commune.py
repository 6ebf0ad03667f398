"""Commune-level procedures of the demo catalogue (UBND xã, phường), as published after 2025-07-01:
certification, household businesses, building permits, land; civil status and social ones live in
``demo_catalogue_civil_status`` and ``demo_catalogue_commune_social``."""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from egov.procedures.demo_catalogue import eforms
from egov.procedures.demo_catalogue.civil_status import civil_status_procedures, linked_civil_status
from egov.procedures.demo_catalogue.common import (
    CHUNGTHUC_BASIS,
    DATDAI_BASIS,
    ID_NOTE,
    NOTE_CHECK_CODE,
    NOTE_DECISION,
    NOTE_LOCAL_FEE,
    NOTE_SOURCE,
    NOTE_TWO_TIER,
    OLD_DECISION,
    OLD_EFFECTIVE,
    SO_NNMT,
    Json,
    commune_agencies,
    coordinating,
    fee,
    identity,
    note,
    paper,
    procedure,
    version,
)
from egov.procedures.demo_catalogue.commune_social import social_and_other


def certification(
    national_code: str,
    *,
    name: str,
    time: str,
    process: str,
    result: str,
    description: str,
    papers: list[Json],
    fees: list[Json],
    cutoff: str | None = None,
    extra_note: str = "",
    old_version: bool = False,
    eform: Json | None = None,
) -> Json:
    common = {
        "name": name,
        "field": "CHUNGTHUC",
        "level": "commune",
        "time": time,
        "cutoff": cutoff,
        "process": process,
        "result": result,
        "legal_basis": CHUNGTHUC_BASIS,
        "description": description,
        "agencies": commune_agencies(),
        "papers": papers,
        "fees": fees,
        "online_level": "partial",
        "legacy_level": 3,
        "eform_schema": eform,
    }
    versions = []
    if old_version:
        versions.append(
            version(
                **{
                    **common,
                    "legal_basis": CHUNGTHUC_BASIS.replace(
                        " (sửa đổi, bổ sung bởi Nghị định số 07/2025/NĐ-CP)", ""
                    ),
                },
                number=1,
                effective_from=OLD_EFFECTIVE,
                decision=OLD_DECISION,
                accepts_online=False,
                source_note=note(
                    NOTE_SOURCE, NOTE_DECISION, "Phiên bản năm 2023: chưa nhận hồ sơ trực tuyến.", extra_note
                ),
            )
        )
    versions.append(
        version(**common, number=len(versions) + 1, source_note=note(NOTE_SOURCE, NOTE_DECISION, extra_note))
    )
    return procedure(national_code, *versions)


def certification_procedures() -> list[Json]:
    two_days = "Trong ngày; trường hợp hợp đồng, giao dịch phức tạp thì không quá 02 ngày làm việc."
    return [
        certification(
            "2.000815",
            name="Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
            time="0",
            cutoff="15:00",
            process="XA-TRONG-NGAY",
            old_version=True,
            eform=eforms.copy_certification(),
            result="Bản sao được chứng thực từ bản chính",
            description="Người yêu cầu xuất trình bản chính; người thực hiện chứng thực đối chiếu, ghi lời chứng, ký, đóng dấu và ghi vào sổ chứng thực. Tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
            papers=[
                paper(
                    "BC",
                    "Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao",
                    note="Xuất trình để đối chiếu, được trả lại.",
                ),
                paper(
                    "BS",
                    "Bản sao cần chứng thực (nếu người yêu cầu tự chuẩn bị)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
            ],
            fees=[
                fee(
                    "P-CTBS",
                    "Phí chứng thực bản sao từ bản chính",
                    2000,
                    kind="fee",
                    note="2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC).",
                )
            ],
        ),
        certification(
            "2.000884",
            name="Thủ tục chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
            time="0",
            cutoff="15:00",
            process="XA-TRONG-NGAY",
            result="Giấy tờ, văn bản đã được chứng thực chữ ký",
            description="Người yêu cầu ký trước mặt người thực hiện chứng thực; người thực hiện chứng thực ghi lời chứng, ký, đóng dấu.",
            papers=[
                identity(),
                paper("VB", "Giấy tờ, văn bản mà mình sẽ ký"),
            ],
            fees=[
                fee(
                    "P-CTCK",
                    "Phí chứng thực chữ ký",
                    10000,
                    kind="fee",
                    note="10.000 đồng/trường hợp (một hoặc nhiều chữ ký trong một giấy tờ).",
                )
            ],
        ),
        certification(
            "2.001035",
            name="Thủ tục chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở",
            time="2",
            process="XA-2N",
            result="Hợp đồng, giao dịch được chứng thực",
            description=two_days,
            papers=[
                paper("DT", "Dự thảo hợp đồng, giao dịch"),
                identity(who="người yêu cầu chứng thực"),
                paper(
                    "GCN",
                    "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở hoặc giấy tờ thay thế",
                    originals=0,
                    copies=1,
                ),
            ],
            fees=[
                fee(
                    "P-CTHD",
                    "Phí chứng thực hợp đồng, giao dịch",
                    50000,
                    kind="fee",
                    note="50.000 đồng/hợp đồng, giao dịch.",
                )
            ],
            extra_note=note(
                NOTE_CHECK_CODE,
                "Giản lược: thời hạn công bố là “trong ngày hoặc không quá 02 ngày làm việc”, dữ liệu lấy mức tối đa.",
            ),
        ),
        certification(
            "2.001019",
            name="Thủ tục chứng thực di chúc",
            time="2",
            process="XA-2N",
            result="Di chúc được chứng thực",
            description="Người lập di chúc tự mình yêu cầu chứng thực, ký trước mặt người thực hiện chứng thực.",
            papers=[
                paper("DC", "Dự thảo di chúc"),
                identity(who="người lập di chúc"),
                paper(
                    "GT-TS",
                    "Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản (nếu di chúc liên quan tài sản phải đăng ký)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
            ],
            fees=[fee("P-CTDC", "Phí chứng thực di chúc", 50000, kind="fee", note="50.000 đồng/di chúc.")],
            extra_note=note(NOTE_CHECK_CODE, "Giản lược: thời hạn lấy mức tối đa 02 ngày làm việc."),
        ),
    ]


def business_procedures() -> list[Json]:
    basis = (
        "Luật Doanh nghiệp 2020; Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp (quy định đăng ký hộ kinh "
        "doanh tại cơ quan đăng ký kinh doanh cấp xã); Thông tư số 85/2019/TT-BTC"
    )
    owner = paper(
        "GTTT",
        "Giấy tờ pháp lý của cá nhân là chủ hộ kinh doanh, thành viên hộ gia đình",
        originals=0,
        reusable=True,
        note=ID_NOTE,
    )
    common = {
        "field": "HKD",
        "level": "commune",
        "time": "3",
        "process": "XA-3N",
        "legal_basis": basis,
        "agencies": commune_agencies(),
        "online_level": "full",
        "legacy_level": 4,
    }
    hkd_fee = fee(
        "LP-HKD",
        "Lệ phí đăng ký hộ kinh doanh",
        100000,
        note=NOTE_LOCAL_FEE + " Nộp trực tuyến được miễn hoặc giảm theo nghị quyết.",
    )
    return [
        procedure(
            "1.001612",
            version(
                **common,
                name="Đăng ký thành lập hộ kinh doanh",
                result="Giấy chứng nhận đăng ký hộ kinh doanh",
                description="Chủ hộ nộp hồ sơ tại UBND xã nơi đặt địa điểm kinh doanh hoặc qua Hệ thống thông tin quốc gia về đăng ký hộ kinh doanh; đủ điều kiện thì cấp Giấy chứng nhận trong 03 ngày làm việc.",
                conditions="Ngành, nghề không bị cấm; tên hộ kinh doanh không trùng trong phạm vi xã; nộp đủ lệ phí.",
                papers=[
                    paper(
                        "GDN",
                        "Giấy đề nghị đăng ký hộ kinh doanh theo mẫu",
                        form="Giấy đề nghị đăng ký hộ kinh doanh",
                    ),
                    owner,
                    paper(
                        "BBH",
                        "Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh (nếu các thành viên cùng góp vốn)",
                        required=False,
                    ),
                    paper(
                        "UQ", "Văn bản ủy quyền cho thành viên làm chủ hộ kinh doanh (nếu có)", required=False
                    ),
                ],
                fees=[hkd_fee],
                eform_schema=eforms.household_business(),
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    NOTE_TWO_TIER,
                    NOTE_CHECK_CODE,
                    "Giản lược: mức lệ phí minh họa.",
                ),
            ),
        ),
        procedure(
            "2.000720",
            version(
                **common,
                name="Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
                result="Giấy chứng nhận đăng ký hộ kinh doanh (cấp mới theo nội dung thay đổi)",
                description="Hộ kinh doanh thay đổi ngành nghề, chủ hộ, vốn, địa chỉ… gửi hồ sơ tới UBND xã nơi đã đăng ký.",
                papers=[
                    paper(
                        "TB",
                        "Thông báo thay đổi nội dung đăng ký hộ kinh doanh theo mẫu",
                        form="Thông báo thay đổi nội dung đăng ký hộ kinh doanh",
                    ),
                    owner,
                    paper(
                        "BBH",
                        "Biên bản họp thành viên hộ gia đình (nếu thay đổi chủ hộ hoặc vốn góp)",
                        required=False,
                    ),
                ],
                fees=[hkd_fee],
                source_note=note(NOTE_SOURCE, NOTE_DECISION, NOTE_TWO_TIER, NOTE_CHECK_CODE),
            ),
        ),
        procedure(
            "1.001570",
            version(
                **common,
                name="Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
                result="Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng kinh doanh / tiếp tục kinh doanh",
                description="Hộ kinh doanh thông báo bằng văn bản chậm nhất 03 ngày làm việc trước ngày tạm ngừng hoặc tiếp tục kinh doanh.",
                papers=[
                    paper(
                        "TB",
                        "Thông báo về việc tạm ngừng / tiếp tục kinh doanh theo mẫu",
                        form="Thông báo tạm ngừng kinh doanh",
                    ),
                    owner,
                ],
                fees=[fee("LP-TN", "Lệ phí", 0, note="Không thu lệ phí.")],
                source_note=note(NOTE_SOURCE, NOTE_DECISION, NOTE_TWO_TIER, NOTE_CHECK_CODE),
            ),
        ),
    ]


def construction_and_land() -> list[Json]:
    gpxd_basis = (
        "Luật Xây dựng 2014 (sửa đổi, bổ sung 2020); Nghị định số 175/2024/NĐ-CP; văn bản phân định thẩm quyền "
        "năm 2025 giao UBND cấp xã cấp giấy phép xây dựng nhà ở riêng lẻ; Thông tư số 85/2019/TT-BTC"
    )
    return [
        procedure(
            "1.013225",
            version(
                name="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
                field="XAYDUNG",
                level="commune",
                time="15",
                process="XA-15N",
                result="Giấy phép xây dựng kèm bản vẽ được đóng dấu",
                legal_basis=gpxd_basis,
                description="UBND xã tiếp nhận, kiểm tra hồ sơ, thẩm định, kiểm tra thực địa; đủ điều kiện thì cấp giấy phép trong 15 ngày.",
                conditions="Phù hợp quy hoạch chi tiết xây dựng; bảo đảm an toàn cho công trình và công trình lân cận; thiết kế đáp ứng yêu cầu.",
                agencies=commune_agencies(),
                online_level="full",
                legacy_level=4,
                eform_schema=eforms.building_permit(),
                papers=[
                    paper(
                        "DON",
                        "Đơn đề nghị cấp giấy phép xây dựng theo mẫu",
                        form="Đơn đề nghị cấp giấy phép xây dựng",
                    ),
                    paper(
                        "GCN", "Giấy tờ hợp pháp về quyền sử dụng đất", originals=0, copies=1, reusable=True
                    ),
                    paper(
                        "BV",
                        "Hai bộ bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)",
                        originals=2,
                    ),
                    paper(
                        "CK",
                        "Bản kê khai năng lực, kinh nghiệm của tổ chức, cá nhân thiết kế (nếu công trình có tầng hầm hoặc từ 7 tầng trở lên)",
                        required=False,
                    ),
                ],
                fees=[
                    fee("LP-GPXD", "Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000, note=NOTE_LOCAL_FEE)
                ],
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    NOTE_TWO_TIER,
                    NOTE_CHECK_CODE,
                    "Giản lược: tên đầy đủ trên CSDL quốc gia gồm cả công trình cấp III, cấp IV; dữ liệu mẫu chỉ nêu nhà ở riêng lẻ; lệ phí minh họa.",
                ),
            ),
        ),
        procedure(
            "1.012753",
            version(
                name="Đăng ký đất đai, tài sản gắn liền với đất và cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với cá nhân, hộ gia đình",
                field="DATDAI",
                level="commune",
                time="20",
                process="LT-XA-DATDAI-20N",
                result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
                legal_basis=DATDAI_BASIS,
                description="UBND xã tiếp nhận, xác nhận hiện trạng, nguồn gốc sử dụng đất; Văn phòng đăng ký đất đai kiểm tra, cập nhật hồ sơ địa chính và gửi thông tin cho cơ quan thuế; sau khi người sử dụng đất hoàn thành nghĩa vụ tài chính, Chủ tịch UBND xã ký Giấy chứng nhận.",
                conditions="Thời gian người sử dụng đất thực hiện nghĩa vụ tài chính, thời gian niêm yết công khai không tính vào thời hạn giải quyết.",
                agencies=commune_agencies(
                    coordinating=[
                        coordinating(
                            SO_NNMT, note="Văn phòng đăng ký đất đai thuộc Sở Nông nghiệp và Môi trường"
                        ),
                        coordinating(
                            kind="other", note="Cơ quan thuế quản lý địa bàn (xác định nghĩa vụ tài chính)"
                        ),
                    ]
                ),
                online_level="partial",
                legacy_level=3,
                papers=[
                    paper(
                        "DON", "Đơn đăng ký đất đai, tài sản gắn liền với đất theo mẫu", form="Mẫu số 04/ĐK"
                    ),
                    paper(
                        "GT-NG",
                        "Giấy tờ về quyền sử dụng đất (nếu có) quy định tại Điều 137 Luật Đất đai",
                        originals=0,
                        copies=1,
                        required=False,
                    ),
                    paper("BD", "Mảnh trích đo bản đồ địa chính (nếu có)", required=False),
                    paper(
                        "NVTC",
                        "Chứng từ thực hiện nghĩa vụ tài chính hoặc giấy tờ miễn, giảm (nếu có)",
                        originals=0,
                        copies=1,
                        required=False,
                    ),
                ],
                fees=[
                    fee("LP-GCN", "Lệ phí cấp Giấy chứng nhận", 100000, note=NOTE_LOCAL_FEE),
                    fee(
                        "P-TD",
                        "Phí thẩm định hồ sơ cấp Giấy chứng nhận",
                        500000,
                        kind="fee",
                        note=NOTE_LOCAL_FEE,
                    ),
                ],
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    NOTE_TWO_TIER,
                    NOTE_CHECK_CODE,
                    "Giản lược: thời hạn 20 ngày làm việc theo Nghị định 101/2024 (đăng ký và cấp Giấy chứng nhận lần đầu), "
                    "cách chia thời gian giữa UBND xã, Văn phòng đăng ký đất đai và cơ quan thuế là minh họa; phí, lệ phí minh họa.",
                ),
            ),
        ),
    ]


def commune_procedures() -> list[Json]:
    """Every commune-level procedure (plus the người có công procedure received at the commune)."""
    return [
        *civil_status_procedures(),
        *linked_civil_status(),
        *certification_procedures(),
        *business_procedures(),
        *construction_and_land(),
        *social_and_other(),
    ]
