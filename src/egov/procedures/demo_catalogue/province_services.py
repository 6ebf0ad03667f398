"""Province-level labour, culture, tourism, trade and home-affairs procedures of the demo catalogue."""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from egov.procedures.demo_catalogue.common import (
    NO_FEE,
    NOTE_CHECK_CODE,
    NOTE_LOCAL_FEE,
    SO_CONG_THUONG,
    SO_DU_LICH,
    SO_NOI_VU,
    SO_VHTT,
    Json,
    fee,
    note,
    paper,
    provincial,
)


def labour_culture_tourism() -> list[Json]:
    tourism_basis = "Luật Du lịch 2017; Nghị định số 168/2017/NĐ-CP; Thông tư số 33/2018/TT-BTC"
    return [
        provincial(
            "1.001978",
            name="Giải quyết hưởng trợ cấp thất nghiệp",
            field="VIECLAM",
            department=SO_NOI_VU,
            time="20",
            online_level="full",
            result="Quyết định hưởng trợ cấp thất nghiệp của Giám đốc Sở Nội vụ",
            legal_basis="Luật Việc làm 2013; Nghị định số 28/2015/NĐ-CP (sửa đổi bởi Nghị định số 61/2020/NĐ-CP)",
            description="Trung tâm Dịch vụ việc làm (thuộc Sở Nội vụ từ 2025) tiếp nhận trong 03 tháng kể từ ngày chấm dứt hợp đồng, xác định thời gian hưởng, trình Giám đốc Sở quyết định.",
            papers=[
                paper(
                    "DON",
                    "Đề nghị hưởng trợ cấp thất nghiệp theo mẫu",
                    form="Mẫu số 03 Thông tư 15/2023/TT-BLĐTBXH",
                ),
                paper(
                    "CDHD",
                    "Bản chính hoặc bản sao có chứng thực giấy tờ xác nhận chấm dứt hợp đồng lao động",
                    copies=0,
                ),
                paper("BHXH", "Sổ bảo hiểm xã hội (hoặc khai thác từ cơ sở dữ liệu bảo hiểm)", reusable=True),
            ],
            fees=NO_FEE,
            extra_note=note(
                NOTE_CHECK_CODE,
                "Lĩnh vực lao động – việc làm chuyển từ Sở Lao động – Thương binh và Xã hội về Sở Nội vụ năm 2025. "
                "Cần đối chiếu Luật Việc làm 2025 khi có hiệu lực.",
            ),
        ),
        provincial(
            "1.014199",
            name="Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam",
            field="VIECLAM",
            department=SO_NOI_VU,
            time="10",
            online_level="full",
            result="Giấy phép lao động",
            legal_basis="Bộ luật Lao động 2019; nghị định của Chính phủ về người lao động nước ngoài làm việc tại Việt Nam (văn bản năm 2025)",
            description="Người sử dụng lao động nộp hồ sơ trước ít nhất 15 ngày kể từ ngày người lao động nước ngoài dự kiến bắt đầu làm việc.",
            papers=[
                paper("DON", "Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động theo mẫu"),
                paper("SK", "Giấy chứng nhận sức khỏe (có giá trị 12 tháng)"),
                paper(
                    "LLTP",
                    "Phiếu lý lịch tư pháp hoặc văn bản xác nhận không phải người phạm tội (trong 06 tháng)",
                ),
                paper(
                    "CM",
                    "Văn bản chứng minh là nhà quản lý, giám đốc điều hành, chuyên gia hoặc lao động kỹ thuật",
                    originals=0,
                    copies=1,
                ),
                paper("HC", "Hộ chiếu", originals=0, copies=1),
                paper("ANH", "Hai ảnh màu 4cm × 6cm", originals=2),
            ],
            fees=[fee("LP-GPLD", "Lệ phí cấp giấy phép lao động", 600000, note=NOTE_LOCAL_FEE)],
            extra_note=note(
                "Mã theo bộ thủ tục công bố năm 2025; thời hạn 10 ngày làm việc và căn cứ nghị định mới cần đối chiếu; lệ phí minh họa.",
            ),
        ),
        provincial(
            "1.001045",
            name="Cấp Giấy phép kinh doanh dịch vụ karaoke",
            field="VANHOA",
            department=SO_VHTT,
            time="5",
            result="Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke",
            legal_basis="Nghị định số 54/2019/NĐ-CP về kinh doanh dịch vụ karaoke, vũ trường; Thông tư số 01/2021/TT-BTC",
            description="Sở Văn hóa và Thể thao thẩm định hồ sơ, kiểm tra thực tế điều kiện phòng hát và cấp giấy phép.",
            papers=[
                paper("DON", "Đơn đề nghị cấp Giấy phép theo mẫu", form="Mẫu số 01 Nghị định 54/2019"),
                paper("PCCC", "Giấy chứng nhận đủ điều kiện về an ninh, trật tự", originals=0, copies=1),
            ],
            fees=[
                fee(
                    "P-TD",
                    "Phí thẩm định cấp Giấy phép kinh doanh karaoke",
                    4000000,
                    kind="fee",
                    note="Thành phố trực thuộc trung ương: từ 01 đến 03 phòng 4.000.000 đồng; 04–05 phòng 6.000.000 đồng; từ 06 phòng 12.000.000 đồng.",
                )
            ],
            extra_note=note(
                NOTE_CHECK_CODE, "Giản lược: phí ghi mức thấp nhất, các bậc theo số phòng ghi ở ghi chú."
            ),
        ),
        provincial(
            "1.004628",
            name="Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa",
            field="DULICH",
            department=SO_DU_LICH,
            time="10",
            result="Giấy phép kinh doanh dịch vụ lữ hành nội địa",
            legal_basis=tourism_basis,
            description="Sở Du lịch thẩm định hồ sơ và cấp giấy phép trong 10 ngày làm việc.",
            conditions="Là doanh nghiệp; ký quỹ kinh doanh dịch vụ lữ hành nội địa; người phụ trách kinh doanh có trình độ chuyên môn về lữ hành.",
            papers=[
                paper("DON", "Đơn đề nghị cấp giấy phép theo mẫu"),
                paper("KQ", "Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành"),
                paper(
                    "QD",
                    "Quyết định bổ nhiệm hoặc hợp đồng lao động của người phụ trách kinh doanh dịch vụ lữ hành",
                    originals=0,
                    copies=1,
                ),
                paper(
                    "VB",
                    "Văn bằng hoặc chứng chỉ nghiệp vụ điều hành du lịch của người phụ trách",
                    originals=0,
                    copies=1,
                ),
            ],
            fees=[
                fee(
                    "P-TD",
                    "Phí thẩm định cấp giấy phép kinh doanh dịch vụ lữ hành nội địa",
                    3000000,
                    kind="fee",
                )
            ],
            extra_note=note(
                NOTE_CHECK_CODE, "Mức phí cần đối chiếu Thông tư 33/2018/TT-BTC và văn bản sửa đổi."
            ),
        ),
        provincial(
            "1.001432",
            name="Cấp thẻ hướng dẫn viên du lịch nội địa",
            field="DULICH",
            department=SO_DU_LICH,
            time="10",
            result="Thẻ hướng dẫn viên du lịch nội địa",
            legal_basis=tourism_basis,
            description="Sở Du lịch thẩm định hồ sơ, cấp thẻ.",
            papers=[
                paper("DON", "Đơn đề nghị cấp thẻ hướng dẫn viên du lịch theo mẫu"),
                paper("SYLL", "Sơ yếu lý lịch có xác nhận"),
                paper(
                    "VB", "Văn bằng hoặc chứng chỉ nghiệp vụ hướng dẫn du lịch nội địa", originals=0, copies=1
                ),
                paper("SK", "Giấy chứng nhận sức khỏe (trong 06 tháng)"),
                paper("ANH", "Hai ảnh chân dung 3cm × 4cm", originals=2),
            ],
            fees=[fee("P-TD", "Phí thẩm định cấp thẻ hướng dẫn viên du lịch", 650000, kind="fee")],
            extra_note=note(NOTE_CHECK_CODE, "Mức phí cần đối chiếu."),
        ),
        provincial(
            "1.001440",
            name="Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao cho khách sạn, biệt thự du lịch, căn hộ du lịch, tàu thủy lưu trú du lịch",
            field="DULICH",
            department=SO_DU_LICH,
            time="30",
            online_level="partial",
            legacy_level=3,
            result="Quyết định công nhận hạng và biển hạng cơ sở lưu trú du lịch",
            legal_basis=tourism_basis,
            description="Sở Du lịch thành lập đoàn thẩm định, kiểm tra thực tế cơ sở và quyết định công nhận hạng.",
            papers=[
                paper("DON", "Đơn đề nghị công nhận hạng theo mẫu"),
                paper("BT", "Bản tự đánh giá chất lượng cơ sở lưu trú theo tiêu chuẩn quốc gia"),
                paper("DS", "Danh sách người quản lý và nhân viên", originals=1),
            ],
            fees=[
                fee(
                    "P-TD",
                    "Phí thẩm định công nhận hạng cơ sở lưu trú du lịch 1 sao, 2 sao",
                    1500000,
                    kind="fee",
                )
            ],
            extra_note=note(NOTE_CHECK_CODE, "Mức phí cần đối chiếu."),
        ),
        provincial(
            "1.003918",
            name="Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm thuộc thẩm quyền của Sở Công Thương",
            field="CONGTHUONG",
            department=SO_CONG_THUONG,
            time="20",
            online_level="partial",
            legacy_level=3,
            result="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (thời hạn 03 năm)",
            legal_basis="Luật An toàn thực phẩm 2010; Nghị định số 15/2018/NĐ-CP; Thông tư số 43/2018/TT-BCT; Thông tư số 67/2021/TT-BTC",
            description="Sở Công Thương thẩm định hồ sơ, thẩm định thực tế tại cơ sở và cấp Giấy chứng nhận.",
            papers=[
                paper("DON", "Đơn đề nghị cấp Giấy chứng nhận theo mẫu"),
                paper("TM", "Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ"),
                paper(
                    "SK",
                    "Giấy xác nhận đủ sức khỏe, giấy xác nhận kiến thức về an toàn thực phẩm của chủ cơ sở và người trực tiếp sản xuất, kinh doanh",
                ),
            ],
            fees=[
                fee(
                    "P-TD",
                    "Phí thẩm định cơ sở sản xuất thực phẩm",
                    2500000,
                    kind="fee",
                    note="Cơ sở sản xuất 2.500.000 đồng/lần; cơ sở kinh doanh 1.000.000 đồng/lần; sản xuất nhỏ lẻ 500.000 đồng/lần.",
                )
            ],
            extra_note=note(
                NOTE_CHECK_CODE, "Giản lược: phí ghi mức cho cơ sở sản xuất, các mức khác ở ghi chú."
            ),
        ),
        provincial(
            "1.003822",
            name="Công nhận ban vận động thành lập hội có phạm vi hoạt động trong thành phố",
            field="NOIVU",
            department=SO_NOI_VU,
            time="30",
            online_level="partial",
            legacy_level=3,
            result="Quyết định công nhận ban vận động thành lập hội",
            legal_basis="Nghị định số 126/2024/NĐ-CP về tổ chức, hoạt động và quản lý hội",
            description="Sở Nội vụ thẩm định, lấy ý kiến cơ quan quản lý nhà nước về ngành, lĩnh vực chính hội dự kiến hoạt động.",
            papers=[
                paper("DON", "Đơn đề nghị công nhận ban vận động thành lập hội"),
                paper("DS", "Danh sách và sơ yếu lý lịch của những người dự kiến trong ban vận động"),
                paper("PA", "Dự kiến phương hướng, mục đích hoạt động của hội"),
            ],
            fees=NO_FEE,
            extra_note=note(NOTE_CHECK_CODE, "Thời hạn 30 ngày cần đối chiếu Nghị định 126/2024."),
        ),
    ]
