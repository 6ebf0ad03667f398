"""Commune-level social protection, merit, religion and trade procedures of the demo catalogue."""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from egov.procedures.demo_catalogue import eforms
from egov.procedures.demo_catalogue.common import (
    NOTE_CHECK_CODE,
    NOTE_DECISION,
    NOTE_SOURCE,
    NOTE_TWO_TIER,
    SO_NOI_VU,
    Json,
    commune_agencies,
    fee,
    note,
    paper,
    procedure,
    version,
)


def social_and_other() -> list[Json]:
    social_basis = (
        "Luật Người cao tuổi 2009; Luật Người khuyết tật 2010; Nghị định số 20/2021/NĐ-CP về chính sách trợ giúp "
        "xã hội (sửa đổi, bổ sung bởi Nghị định số 76/2024/NĐ-CP)"
    )
    return [
        procedure(
            "1.001776",
            version(
                name="Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hằng tháng",
                field="BTXH",
                level="commune",
                time="15",
                process="XA-15N",
                result="Quyết định hưởng (điều chỉnh, thôi hưởng) trợ cấp xã hội hằng tháng của Chủ tịch UBND xã",
                legal_basis=social_basis,
                description="Công chức văn hóa – xã hội tiếp nhận, xem xét; Hội đồng xét duyệt; niêm yết công khai; Chủ tịch UBND xã quyết định.",
                agencies=commune_agencies(),
                online_level="partial",
                legacy_level=3,
                eform_schema=eforms.social_allowance(),
                papers=[
                    paper(
                        "TK",
                        "Tờ khai đề nghị trợ giúp xã hội theo mẫu (theo từng nhóm đối tượng)",
                        form="Mẫu số 1a–1đ Nghị định 20/2021",
                    ),
                    paper(
                        "GXNKT",
                        "Giấy xác nhận khuyết tật (đối với người khuyết tật)",
                        originals=0,
                        copies=1,
                        required=False,
                        reusable=True,
                    ),
                    paper(
                        "GT",
                        "Giấy tờ chứng minh thuộc đối tượng (nếu thông tin chưa có trong cơ sở dữ liệu)",
                        originals=0,
                        copies=1,
                        required=False,
                    ),
                ],
                fees=[fee("LP", "Lệ phí", 0, note="Không thu phí, lệ phí.")],
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    NOTE_TWO_TIER,
                    "Giản lược: trước 2025 thủ tục qua hai cấp (xã xét duyệt, huyện quyết định); thời hạn 15 ngày làm việc "
                    "ở cấp xã là tổng hợp minh họa, cần đối chiếu quyết định công bố của thành phố.",
                ),
            ),
        ),
        procedure(
            "1.001731",
            version(
                name="Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
                field="BTXH",
                level="commune",
                time="3",
                process="XA-3N",
                result="Quyết định hỗ trợ chi phí mai táng",
                legal_basis=social_basis,
                description="Cơ quan, tổ chức, gia đình hoặc cá nhân tổ chức mai táng nộp tờ khai; Chủ tịch UBND xã quyết định hỗ trợ.",
                agencies=commune_agencies(),
                online_level="partial",
                legacy_level=3,
                papers=[
                    paper(
                        "TK",
                        "Tờ khai đề nghị hỗ trợ chi phí mai táng theo mẫu",
                        form="Mẫu số 04 Nghị định 20/2021",
                    ),
                    paper("GBT", "Giấy báo tử hoặc Trích lục khai tử", originals=0, copies=1, reusable=True),
                ],
                fees=[fee("LP", "Lệ phí", 0, note="Không thu phí, lệ phí.")],
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    NOTE_TWO_TIER,
                    NOTE_CHECK_CODE,
                    "Giản lược: thời hạn 03 ngày làm việc cần đối chiếu.",
                ),
            ),
        ),
        procedure(
            "1.010803",
            version(
                name="Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
                field="NCC",
                level="province",
                time="12",
                process="LT-XA-SNV-12N",
                result="Quyết định trợ cấp thờ cúng liệt sĩ của Giám đốc Sở Nội vụ",
                legal_basis="Pháp lệnh Ưu đãi người có công với cách mạng 2020; Nghị định số 131/2021/NĐ-CP",
                description="Người thờ cúng nộp hồ sơ tại UBND xã nơi cư trú; UBND xã xác nhận, chuyển Sở Nội vụ; Sở Nội vụ ra quyết định và gửi UBND xã trả kết quả.",
                agencies=[
                    {
                        "part": "receiving",
                        "agency": None,
                        "agency_kind": "commune_committee",
                        "note": "UBND xã nơi người thờ cúng cư trú",
                    },
                    {
                        "part": "processing",
                        "agency": SO_NOI_VU,
                        "agency_kind": "",
                        "note": "Lĩnh vực người có công chuyển về Sở Nội vụ từ 2025",
                    },
                    {
                        "part": "deciding",
                        "agency": SO_NOI_VU,
                        "agency_kind": "",
                        "note": "Giám đốc Sở Nội vụ",
                    },
                ],
                online_level="partial",
                legacy_level=3,
                papers=[
                    paper(
                        "DON",
                        "Văn bản ủy quyền thờ cúng liệt sĩ hoặc đơn đề nghị theo mẫu",
                        form="Mẫu số 13 Nghị định 131/2021",
                    ),
                    paper("BLS", "Bằng “Tổ quốc ghi công” (bản sao)", originals=0, copies=1, reusable=True),
                ],
                fees=[fee("LP", "Lệ phí", 0, note="Không thu phí, lệ phí.")],
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    "Giản lược: thời hạn 12 ngày làm việc (xã 05 ngày, Sở 07 ngày) là cách chia minh họa, cần đối chiếu Nghị định 131/2021 và quyết định công bố.",
                ),
            ),
        ),
        procedure(
            "1.001055",
            version(
                name="Thủ tục đăng ký sinh hoạt tôn giáo tập trung",
                field="TONGIAO",
                level="commune",
                time="20",
                process="XA-20N",
                result="Văn bản chấp thuận đăng ký sinh hoạt tôn giáo tập trung",
                legal_basis="Luật Tín ngưỡng, tôn giáo 2016; Nghị định số 95/2023/NĐ-CP",
                description="Người đại diện nhóm sinh hoạt tôn giáo tập trung gửi văn bản đăng ký đến UBND xã nơi có địa điểm; trong 20 ngày UBND xã chấp thuận hoặc từ chối có nêu lý do.",
                agencies=commune_agencies(),
                online_level="partial",
                legacy_level=2,
                papers=[
                    paper(
                        "VB",
                        "Văn bản đăng ký sinh hoạt tôn giáo tập trung theo mẫu",
                        form="Mẫu B1 Nghị định 95/2023",
                    ),
                    paper("DS", "Danh sách những người tham gia sinh hoạt tôn giáo tập trung"),
                    paper("LL", "Sơ yếu lý lịch của người đại diện nhóm"),
                    paper(
                        "DD",
                        "Văn bản chứng minh có địa điểm hợp pháp để sinh hoạt tôn giáo",
                        originals=0,
                        copies=1,
                    ),
                ],
                fees=[fee("LP", "Lệ phí", 0, note="Không thu phí, lệ phí.")],
                source_note=note(NOTE_SOURCE, NOTE_DECISION, NOTE_CHECK_CODE),
            ),
        ),
        procedure(
            "2.000620",
            version(
                name="Cấp Giấy phép bán lẻ sản phẩm rượu",
                field="CONGTHUONG",
                level="commune",
                time="10",
                process="XA-10N",
                result="Giấy phép bán lẻ sản phẩm rượu (thời hạn 05 năm)",
                legal_basis="Nghị định số 105/2017/NĐ-CP về kinh doanh rượu (sửa đổi bởi Nghị định số 17/2020/NĐ-CP); Thông tư số 168/2016/TT-BTC",
                description="Thương nhân nộp hồ sơ tại UBND xã nơi đặt địa điểm bán lẻ; xem xét, thẩm định và cấp giấy phép trong 10 ngày làm việc.",
                agencies=commune_agencies(),
                online_level="full",
                legacy_level=4,
                papers=[
                    paper(
                        "DON",
                        "Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm rượu theo mẫu",
                        form="Mẫu số 01 Nghị định 105/2017",
                    ),
                    paper(
                        "DKKD",
                        "Giấy chứng nhận đăng ký doanh nghiệp hoặc hộ kinh doanh",
                        originals=0,
                        copies=1,
                        reusable=True,
                    ),
                    paper("DD", "Giấy tờ chứng minh quyền sử dụng địa điểm bán lẻ", originals=0, copies=1),
                ],
                fees=[
                    fee(
                        "P-TD",
                        "Phí thẩm định cấp Giấy phép bán lẻ sản phẩm rượu",
                        1200000,
                        kind="fee",
                        note="Khu vực thành phố trực thuộc trung ương: 1.200.000 đồng/lần thẩm định; khu vực khác 600.000 đồng.",
                    )
                ],
                source_note=note(
                    NOTE_SOURCE,
                    NOTE_DECISION,
                    NOTE_TWO_TIER,
                    NOTE_CHECK_CODE,
                    "Mức phí cần đối chiếu văn bản thay thế Thông tư 168/2016.",
                ),
            ),
        ),
    ]
