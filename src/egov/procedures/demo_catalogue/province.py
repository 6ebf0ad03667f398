"""Province-level procedures of the demo catalogue: received and returned by the service centre (TTPVHCC),
processed by a department of Thành phố Huế (justice, enterprise, construction, land, health, education).
Labour, culture and tourism live in ``demo_catalogue_province_services``."""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from egov.procedures.demo_catalogue import eforms
from egov.procedures.demo_catalogue.common import (
    DATDAI_BASIS,
    ID_PAPER,
    NO_FEE,
    NOTE_CHECK_CODE,
    NOTE_DECISION,
    NOTE_LOCAL_FEE,
    NOTE_SOURCE,
    OLD_DECISION,
    OLD_EFFECTIVE,
    SO_GDDT,
    SO_NNMT,
    SO_TAI_CHINH,
    SO_TU_PHAP,
    SO_XAY_DUNG,
    SO_Y_TE,
    TTPVHCC,
    Json,
    coordinating,
    fee,
    note,
    paper,
    procedure,
    province_agencies,
    provincial,
    version,
)
from egov.procedures.demo_catalogue.province_services import labour_culture_tourism


def criminal_record() -> Json:
    """2.000505? — moved from Sở Tư pháp to Công an cấp tỉnh on 2025-03-01: two published versions."""
    common = {
        "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
        "field": "LLTP",
        "level": "province",
        "time": "10",
        "process": "TINH-10N",
        "result": "Phiếu lý lịch tư pháp số 1 hoặc số 2",
        "conditions": "Trường hợp người được cấp Phiếu là người nước ngoài, người đã cư trú ở nhiều nơi hoặc cần xác minh điều kiện đương nhiên xóa án tích thì thời hạn không quá 15 ngày.",
        "papers": [
            paper("TK", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu", form="Mẫu số 03/2024/LLTP"),
            ID_PAPER,
            paper(
                "UQ",
                "Văn bản ủy quyền (trường hợp ủy quyền yêu cầu cấp Phiếu số 1)",
                required=False,
                note="Không áp dụng với Phiếu số 2.",
            ),
        ],
        "fees": [
            fee(
                "LP-LLTP",
                "Lệ phí cấp Phiếu lý lịch tư pháp",
                200000,
                note="200.000 đồng/lần/người; sinh viên, người có công 100.000 đồng; miễn cho trẻ em, người cao tuổi, người khuyết tật, hộ nghèo. Từ Phiếu thứ 3 trở đi thu thêm 5.000 đồng/Phiếu (Thông tư 244/2016/TT-BTC).",
            )
        ],
        "eform_schema": eforms.criminal_record(),
    }
    basis = "Luật Lý lịch tư pháp 2009; Nghị định số 111/2010/NĐ-CP; Thông tư số 06/2024/TT-BTP về biểu mẫu lý lịch tư pháp; Thông tư số 244/2016/TT-BTC"
    return procedure(
        "2.000505",
        version(
            **common,
            number=1,
            effective_from=OLD_EFFECTIVE,
            decision=OLD_DECISION,
            online_level="full",
            legacy_level=4,
            legal_basis=basis,
            description="Sở Tư pháp tiếp nhận qua Trung tâm Phục vụ hành chính công, tra cứu, xác minh với cơ quan Công an và cấp Phiếu.",
            agencies=province_agencies(
                SO_TU_PHAP,
                coordinating=[
                    coordinating(kind="other", note="Công an tỉnh (tra cứu, xác minh thông tin án tích)")
                ],
            ),
            source_note=note(
                NOTE_SOURCE,
                NOTE_DECISION,
                "Phiên bản năm 2023, khi Sở Tư pháp còn cấp Phiếu lý lịch tư pháp.",
                NOTE_CHECK_CODE,
            ),
        ),
        version(
            **common,
            number=2,
            effective_from="2025-03-01",
            decision="Quyết định công bố của Chủ tịch UBND tỉnh tháng 02/2025 (minh họa)",
            online_level="full",
            legacy_level=4,
            legal_basis=basis
            + "; chủ trương chuyển nhiệm vụ quản lý nhà nước về lý lịch tư pháp từ Bộ Tư pháp sang Bộ Công an từ 01/3/2025",
            description="Từ 01/3/2025 Công an cấp tỉnh cấp Phiếu lý lịch tư pháp; công dân nộp trực tuyến (VNeID, Cổng Dịch vụ công quốc gia), tại quầy của Công an ở Trung tâm Phục vụ hành chính công hoặc tại trụ sở Công an.",
            agencies=[
                {
                    "part": "receiving",
                    "agency": TTPVHCC,
                    "agency_kind": "",
                    "note": "Quầy Công an thành phố tại Trung tâm Phục vụ hành chính công",
                },
                {
                    "part": "processing",
                    "agency": None,
                    "agency_kind": "other",
                    "note": "Công an thành phố Huế (Phòng Hồ sơ nghiệp vụ)",
                },
                {
                    "part": "deciding",
                    "agency": None,
                    "agency_kind": "other",
                    "note": "Giám đốc Công an thành phố Huế",
                },
            ],
            source_note=note(
                NOTE_SOURCE,
                NOTE_DECISION,
                NOTE_CHECK_CODE,
                "Giản lược: Công an thành phố chưa có trong danh mục cơ quan mẫu nên cơ quan giải quyết ghi theo loại “khác”.",
            ),
        ),
    )


def enterprise_and_construction() -> list[Json]:
    dn_basis = "Luật Doanh nghiệp 2020; Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp; Thông tư số 47/2019/TT-BTC"
    dn_fees = [
        fee(
            "LP-DKDN",
            "Lệ phí đăng ký doanh nghiệp",
            50000,
            note="Miễn khi đăng ký qua mạng thông tin điện tử.",
        ),
        fee("P-CB", "Phí công bố nội dung đăng ký doanh nghiệp", 100000, kind="fee"),
    ]
    dn_note = (
        "Từ 2025 Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính; Phòng Đăng ký kinh doanh thuộc Sở Tài chính. "
        + NOTE_CHECK_CODE
    )
    xd_basis = (
        "Luật Xây dựng 2014 (sửa đổi, bổ sung 2020); Nghị định số 175/2024/NĐ-CP; Thông tư số 85/2019/TT-BTC"
    )
    return [
        provincial(
            "2.001610",
            name="Đăng ký thành lập doanh nghiệp tư nhân",
            field="DKKD",
            department=SO_TAI_CHINH,
            time="3",
            result="Giấy chứng nhận đăng ký doanh nghiệp",
            legal_basis=dn_basis,
            description="Nộp hồ sơ qua Hệ thống thông tin quốc gia về đăng ký doanh nghiệp hoặc tại Trung tâm Phục vụ hành chính công; Phòng Đăng ký kinh doanh cấp Giấy chứng nhận trong 03 ngày làm việc.",
            papers=[
                paper("GDN", "Giấy đề nghị đăng ký doanh nghiệp tư nhân theo mẫu", form="Phụ lục I-1"),
                ID_PAPER,
            ],
            fees=dn_fees,
            extra_note=dn_note,
        ),
        provincial(
            "1.010027",
            name="Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên",
            field="DKKD",
            department=SO_TAI_CHINH,
            time="3",
            result="Giấy chứng nhận đăng ký doanh nghiệp",
            legal_basis=dn_basis,
            description="Như đăng ký thành lập doanh nghiệp tư nhân; kèm điều lệ công ty.",
            papers=[
                paper("GDN", "Giấy đề nghị đăng ký doanh nghiệp theo mẫu", form="Phụ lục I-2"),
                paper("DL", "Điều lệ công ty"),
                ID_PAPER,
                paper(
                    "CSH",
                    "Giấy tờ pháp lý của chủ sở hữu là tổ chức và văn bản cử người đại diện (nếu chủ sở hữu là tổ chức)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
            ],
            fees=dn_fees,
            extra_note=dn_note,
        ),
        provincial(
            "1.009994",
            name="Cấp giấy phép xây dựng mới đối với công trình không theo tuyến (công trình cấp I, cấp II)",
            field="XAYDUNG",
            department=SO_XAY_DUNG,
            time="20",
            legacy_level=3,
            online_level="partial",
            result="Giấy phép xây dựng kèm hồ sơ thiết kế được đóng dấu",
            legal_basis=xd_basis,
            description="Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa, lấy ý kiến cơ quan liên quan (nếu cần) và cấp giấy phép trong 20 ngày.",
            papers=[
                paper(
                    "DON",
                    "Đơn đề nghị cấp giấy phép xây dựng theo mẫu",
                    form="Mẫu số 01 Phụ lục II Nghị định 175/2024",
                ),
                paper("QSDD", "Giấy tờ hợp pháp về quyền sử dụng đất", originals=0, copies=1),
                paper(
                    "TD",
                    "Văn bản thông báo kết quả thẩm định thiết kế của cơ quan chuyên môn về xây dựng (nếu có)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
                paper(
                    "PCCC",
                    "Văn bản thẩm duyệt thiết kế phòng cháy, chữa cháy (nếu thuộc diện)",
                    originals=0,
                    copies=1,
                    required=False,
                ),
                paper("BV", "Hai bộ bản vẽ thiết kế xây dựng", originals=2),
            ],
            fees=[fee("LP-GPXD", "Lệ phí cấp giấy phép xây dựng công trình", 150000, note=NOTE_LOCAL_FEE)],
            extra_note=note(
                NOTE_CHECK_CODE,
                "Giản lược: lệ phí minh họa; bỏ các trường hợp công trình theo tuyến, tôn giáo, quảng cáo.",
            ),
        ),
        provincial(
            "1.002856",
            name="Cấp Giấy phép kinh doanh vận tải bằng xe ô tô",
            field="GIAOTHONG",
            department=SO_XAY_DUNG,
            time="5",
            result="Giấy phép kinh doanh vận tải bằng xe ô tô",
            legal_basis="Luật Đường bộ 2024; Nghị định số 158/2024/NĐ-CP về hoạt động vận tải đường bộ; Thông tư số 47/2019/TT-BTC",
            description="Sở Xây dựng (đảm nhận lĩnh vực giao thông vận tải từ 2025) thẩm định và cấp giấy phép.",
            papers=[
                paper("DON", "Giấy đề nghị cấp Giấy phép kinh doanh vận tải bằng xe ô tô theo mẫu"),
                paper("PA", "Phương án kinh doanh vận tải bằng xe ô tô theo mẫu"),
                paper(
                    "QLVT",
                    "Quyết định thành lập và quy định chức năng, nhiệm vụ của bộ phận quản lý, theo dõi các điều kiện về an toàn giao thông",
                    originals=0,
                    copies=1,
                ),
            ],
            fees=[fee("LP-GPVT", "Lệ phí cấp Giấy phép kinh doanh vận tải bằng xe ô tô", 200000)],
            extra_note=note(NOTE_CHECK_CODE, "Mức lệ phí và căn cứ cần đối chiếu."),
        ),
    ]


def land() -> list[Json]:
    office = "Văn phòng đăng ký đất đai thuộc Sở Nông nghiệp và Môi trường"
    agencies = province_agencies(
        SO_NNMT, deciding_note=office, coordinating=[coordinating(kind="other", note="Cơ quan thuế")]
    )
    land_note = note(
        NOTE_CHECK_CODE,
        "Giản lược: thời hạn theo Điều 22 Nghị định 101/2024/NĐ-CP, cần đối chiếu quyết định công bố; phí, lệ phí minh họa.",
    )
    gcn = paper("GCN", "Giấy chứng nhận đã cấp (bản gốc)")
    return [
        provincial(
            "1.012777",
            name="Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế",
            field="DATDAI",
            department=SO_NNMT,
            time="10",
            process="LT-TINH-DATDAI-10N",
            online_level="partial",
            legacy_level=3,
            result="Giấy chứng nhận mới hoặc xác nhận thay đổi trên Giấy chứng nhận đã cấp",
            legal_basis=DATDAI_BASIS,
            description="Trung tâm Phục vụ hành chính công (hoặc chi nhánh Văn phòng đăng ký đất đai) tiếp nhận; Văn phòng đăng ký đất đai kiểm tra, gửi thông tin cho cơ quan thuế; người sử dụng đất nộp thuế, lệ phí trước bạ; cấp Giấy chứng nhận.",
            conditions="Thời gian thực hiện nghĩa vụ tài chính không tính vào thời hạn giải quyết.",
            agencies=agencies,
            papers=[
                paper(
                    "DON",
                    "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo mẫu",
                    form="Mẫu số 11/ĐK",
                ),
                paper(
                    "HD",
                    "Hợp đồng, văn bản chuyển nhượng, tặng cho hoặc văn bản thừa kế đã công chứng, chứng thực",
                ),
                gcn,
                paper("TK-THUE", "Tờ khai thuế thu nhập cá nhân, tờ khai lệ phí trước bạ"),
            ],
            fees=[
                fee("LP-GCN", "Lệ phí cấp Giấy chứng nhận", 50000, note=NOTE_LOCAL_FEE),
                fee("P-TD", "Phí thẩm định hồ sơ", 300000, kind="fee", note=NOTE_LOCAL_FEE),
            ],
            extra_note=land_note,
        ),
        provincial(
            "1.012781",
            name="Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
            field="DATDAI",
            department=SO_NNMT,
            time="7",
            online_level="partial",
            legacy_level=3,
            result="Giấy chứng nhận mới",
            legal_basis=DATDAI_BASIS,
            description="Văn phòng đăng ký đất đai kiểm tra, cập nhật hồ sơ địa chính và cấp đổi Giấy chứng nhận.",
            agencies=province_agencies(SO_NNMT, deciding_note=office),
            papers=[paper("DON", "Đơn đăng ký biến động theo mẫu", form="Mẫu số 11/ĐK"), gcn],
            fees=[fee("LP-GCN", "Lệ phí cấp đổi Giấy chứng nhận", 50000, note=NOTE_LOCAL_FEE)],
            extra_note=land_note,
        ),
        provincial(
            "1.012782",
            name="Cấp lại Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do bị mất",
            field="DATDAI",
            department=SO_NNMT,
            time="10",
            online_level="partial",
            legacy_level=3,
            result="Giấy chứng nhận được cấp lại",
            legal_basis=DATDAI_BASIS,
            description="UBND xã niêm yết thông báo mất Giấy chứng nhận trong 15 ngày (không tính vào thời hạn); Văn phòng đăng ký đất đai hủy Giấy chứng nhận bị mất và cấp lại.",
            agencies=province_agencies(SO_NNMT, deciding_note=office),
            papers=[
                paper("DON", "Đơn đề nghị cấp lại Giấy chứng nhận theo mẫu", form="Mẫu số 11/ĐK"),
                paper("XN", "Giấy xác nhận của UBND xã về việc đã niêm yết thông báo mất Giấy chứng nhận"),
            ],
            fees=[fee("LP-GCN", "Lệ phí cấp lại Giấy chứng nhận", 50000, note=NOTE_LOCAL_FEE)],
            extra_note=land_note,
        ),
    ]


def health_education() -> list[Json]:
    return [
        provincial(
            "1.012270",
            name="Cấp mới giấy phép hành nghề khám bệnh, chữa bệnh đối với chức danh bác sĩ, y sĩ, điều dưỡng, hộ sinh, kỹ thuật y, dinh dưỡng lâm sàng, cấp cứu viên ngoại viện, tâm lý lâm sàng",
            field="YTE",
            department=SO_Y_TE,
            time="30",
            online_level="partial",
            legacy_level=3,
            result="Giấy phép hành nghề khám bệnh, chữa bệnh",
            legal_basis="Luật Khám bệnh, chữa bệnh 2023; Nghị định số 96/2023/NĐ-CP; Thông tư số 59/2023/TT-BTC về phí thẩm định cấp giấy phép hành nghề",
            description="Sở Y tế thẩm định hồ sơ, đối chiếu kết quả kiểm tra đánh giá năng lực hành nghề và cấp giấy phép.",
            papers=[
                paper(
                    "DON",
                    "Đơn đề nghị cấp mới giấy phép hành nghề theo mẫu",
                    form="Mẫu 01 Phụ lục I Nghị định 96/2023",
                ),
                paper("VB", "Văn bằng chuyên môn phù hợp", originals=0, copies=1, reusable=True),
                paper("SK", "Giấy chứng nhận đủ sức khỏe để hành nghề (trong 06 tháng)"),
                paper(
                    "KT",
                    "Giấy xác nhận đạt kết quả kiểm tra đánh giá năng lực hành nghề",
                    originals=0,
                    copies=1,
                ),
                paper("ANH", "Hai ảnh màu 4cm × 6cm", originals=2),
            ],
            fees=[
                fee(
                    "P-TD",
                    "Phí thẩm định cấp giấy phép hành nghề",
                    360000,
                    kind="fee",
                    note="Cần đối chiếu Thông tư 59/2023/TT-BTC.",
                )
            ],
            extra_note=note(
                NOTE_CHECK_CODE,
                "Giản lược: tên thủ tục rút gọn các chức danh; thời hạn 30 ngày và mức phí cần đối chiếu.",
            ),
        ),
        provincial(
            "1.004616",
            name="Cấp Chứng chỉ hành nghề dược (bao gồm cả trường hợp cấp Chứng chỉ hành nghề dược nhưng bị thu hồi)",
            field="YTE",
            department=SO_Y_TE,
            time="20",
            online_level="partial",
            legacy_level=3,
            result="Chứng chỉ hành nghề dược",
            legal_basis="Luật Dược 2016 (sửa đổi, bổ sung 2024); Nghị định số 54/2017/NĐ-CP; Thông tư số 277/2016/TT-BTC",
            description="Sở Y tế thẩm định hồ sơ, lấy ý kiến Hội đồng tư vấn cấp chứng chỉ hành nghề dược và cấp chứng chỉ.",
            papers=[
                paper(
                    "DON",
                    "Đơn đề nghị cấp Chứng chỉ hành nghề dược theo mẫu",
                    form="Mẫu số 02 Phụ lục I Nghị định 54/2017",
                ),
                paper("VB", "Văn bằng chuyên môn", originals=0, copies=1, reusable=True),
                paper("TH", "Giấy xác nhận thời gian thực hành chuyên môn"),
                paper("ANH", "Hai ảnh chân dung 4cm × 6cm", originals=2),
            ],
            fees=[
                fee(
                    "P-TD",
                    "Phí thẩm định cấp Chứng chỉ hành nghề dược",
                    500000,
                    kind="fee",
                    note="Cần đối chiếu văn bản hiện hành.",
                )
            ],
            extra_note=NOTE_CHECK_CODE,
        ),
        provincial(
            "1.005092",
            name="Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
            field="GIAODUC",
            department=SO_GDDT,
            time="0",
            cutoff="15:00",
            result="Bản sao văn bằng, chứng chỉ từ sổ gốc",
            legal_basis="Nghị định số 23/2015/NĐ-CP; Thông tư số 21/2019/TT-BGDĐT về quy chế quản lý bằng tốt nghiệp THCS, THPT, văn bằng giáo dục đại học và chứng chỉ",
            description="Sở Giáo dục và Đào tạo (cơ quan quản lý sổ gốc bằng tốt nghiệp THPT) cấp bản sao trong ngày; yêu cầu nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.",
            papers=[
                paper(
                    "DON",
                    "Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc theo mẫu",
                    form="Đơn đề nghị cấp bản sao từ sổ gốc",
                ),
                ID_PAPER,
            ],
            fees=[
                fee(
                    "P-BS",
                    "Phí cấp bản sao",
                    0,
                    kind="fee",
                    note="Chưa có quy định mức thu riêng; dữ liệu mẫu ghi 0 đồng.",
                )
            ],
            extra_note=note(
                NOTE_CHECK_CODE,
                "Giản lược: không tách trường hợp văn bằng do trường cấp; mức phí cần đối chiếu.",
            ),
        ),
        provincial(
            "1.005088",
            name="Chỉnh sửa nội dung văn bằng, chứng chỉ",
            field="GIAODUC",
            department=SO_GDDT,
            time="5",
            result="Quyết định chỉnh sửa văn bằng, chứng chỉ; văn bằng đã chỉnh sửa",
            legal_basis="Thông tư số 21/2019/TT-BGDĐT",
            description="Người được cấp văn bằng có sai sót hoặc đã được cải chính hộ tịch đề nghị chỉnh sửa; Sở Giáo dục và Đào tạo xem xét, quyết định.",
            papers=[
                paper("DON", "Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ"),
                paper("VB", "Văn bằng, chứng chỉ đề nghị chỉnh sửa (bản chính)"),
                paper(
                    "CC",
                    "Trích lục hoặc quyết định thay đổi, cải chính hộ tịch",
                    originals=0,
                    copies=1,
                    reusable=True,
                ),
            ],
            fees=NO_FEE,
            extra_note=NOTE_CHECK_CODE,
        ),
        provincial(
            "1.006390",
            name="Chuyển trường đối với học sinh trung học phổ thông",
            field="GIAODUC",
            department=SO_GDDT,
            time="3",
            result="Văn bản đồng ý tiếp nhận học sinh",
            legal_basis="Luật Giáo dục 2019; Thông tư số 32/2020/TT-BGDĐT ban hành Điều lệ trường THCS, THPT và trường phổ thông có nhiều cấp học",
            description="Học sinh chuyển đến từ tỉnh khác: Sở Giáo dục và Đào tạo xem xét, giới thiệu về trường nơi chuyển đến.",
            papers=[
                paper(
                    "DON",
                    "Đơn xin chuyển trường do cha, mẹ hoặc người giám hộ ký",
                    form="Đơn xin chuyển trường",
                ),
                paper("HB", "Học bạ (bản chính)"),
                paper("GT", "Giấy giới thiệu chuyển trường của trường nơi đi"),
            ],
            fees=NO_FEE,
            extra_note=note(
                NOTE_CHECK_CODE,
                "Giản lược: thời hạn 03 ngày làm việc minh họa; trường hợp chuyển trường trong thành phố do hiệu trưởng quyết định không đưa vào.",
            ),
        ),
    ]


def province_procedures() -> list[Json]:
    """Every province-level procedure received by the service centre."""
    return [
        criminal_record(),
        *enterprise_and_construction(),
        *land(),
        *health_education(),
        *labour_culture_tourism(),
    ]
