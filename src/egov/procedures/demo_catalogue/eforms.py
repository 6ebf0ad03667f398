"""E-form schemas (tờ khai điện tử) for the most used procedures of the demo catalogue.

JSON Schema subset: ``type: object`` with titled ``properties``; string / integer / boolean; ``enum``
with Vietnamese ``x-enumLabels``; nested objects; ``format: date|email``; ``x-format: citizen_id|phone``;
``required``. Fields follow the published declaration forms (tờ khai) of each procedure, shortened to what
a citizen types; papers are uploaded separately.
"""

from __future__ import annotations

from egov.procedures.demo_catalogue.common import Json


def text(title: str, description: str = "", **extra: object) -> Json:
    return {
        "type": "string",
        "title": title,
        **({"description": description} if description else {}),
        **extra,
    }


def date(title: str, description: str = "") -> Json:
    return text(title, description, format="date")


def citizen_id(title: str = "Số định danh cá nhân") -> Json:
    return text(title, "12 chữ số trên thẻ căn cước", **{"x-format": "citizen_id"})


def phone(title: str = "Số điện thoại") -> Json:
    return text(title, **{"x-format": "phone"})


def choice(title: str, labels: dict[str, str], description: str = "") -> Json:
    return text(title, description, enum=list(labels), **{"x-enumLabels": list(labels.values())})


def integer(title: str, description: str = "") -> Json:
    return {"type": "integer", "title": title, **({"description": description} if description else {})}


def boolean(title: str, description: str = "") -> Json:
    return {"type": "boolean", "title": title, **({"description": description} if description else {})}


def obj(title: str, properties: dict[str, Json], required: list[str]) -> Json:
    return {"type": "object", "title": title, "properties": properties, "required": required}


SEX = {"nam": "Nam", "nu": "Nữ"}


def person(title: str, *, with_birth: bool = True) -> Json:
    properties: dict[str, Json] = {"ho_ten": text("Họ, chữ đệm và tên"), "so_dinh_danh": citizen_id()}
    required = ["ho_ten", "so_dinh_danh"]
    if with_birth:
        properties["ngay_sinh"] = date("Ngày, tháng, năm sinh")
        required.append("ngay_sinh")
    properties["noi_cu_tru"] = text("Nơi cư trú")
    return obj(title, properties, required)


def requester() -> Json:
    return obj(
        "Người yêu cầu",
        {
            "ho_ten": text("Họ, chữ đệm và tên"),
            "so_dinh_danh": citizen_id(),
            "dien_thoai": phone(),
            "email": text("Thư điện tử", format="email"),
            "quan_he": text("Quan hệ với người được đăng ký", "Ví dụ: cha, mẹ, ông, bà, người được ủy quyền"),
        },
        ["ho_ten", "so_dinh_danh", "dien_thoai"],
    )


def birth() -> Json:
    return obj(
        "Tờ khai đăng ký khai sinh",
        {
            "nguoi_yeu_cau": requester(),
            "tre": obj(
                "Người được khai sinh",
                {
                    "ho_ten": text("Họ, chữ đệm và tên"),
                    "gioi_tinh": choice("Giới tính", SEX),
                    "ngay_sinh": date("Ngày, tháng, năm sinh"),
                    "noi_sinh": text("Nơi sinh", "Tên cơ sở y tế hoặc địa chỉ nơi sinh"),
                    "dan_toc": text("Dân tộc", "Ví dụ: Kinh"),
                    "quoc_tich": text("Quốc tịch"),
                    "que_quan": text("Quê quán"),
                },
                ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "dan_toc", "quoc_tich"],
            ),
            "me": person("Thông tin người mẹ"),
            "cha": person("Thông tin người cha", with_birth=False),
            "lien_thong": boolean(
                "Đăng ký liên thông thường trú và cấp thẻ bảo hiểm y tế",
                "Chọn nếu muốn làm đồng thời thủ tục đăng ký thường trú và cấp thẻ BHYT cho trẻ",
            ),
            "nhan_ban_sao": integer("Số bản sao Giấy khai sinh đề nghị cấp"),
        },
        ["nguoi_yeu_cau", "tre", "me"],
    )


def marriage() -> Json:
    party = obj(
        "Thông tin bên đăng ký",
        {
            "ho_ten": text("Họ, chữ đệm và tên"),
            "so_dinh_danh": citizen_id(),
            "ngay_sinh": date("Ngày, tháng, năm sinh"),
            "dan_toc": text("Dân tộc"),
            "quoc_tich": text("Quốc tịch"),
            "noi_cu_tru": text("Nơi cư trú"),
            "lan_ket_hon": choice(
                "Kết hôn lần thứ", {"1": "Lần đầu", "2": "Lần thứ hai", "3": "Lần thứ ba trở lên"}
            ),
        },
        ["ho_ten", "so_dinh_danh", "ngay_sinh", "noi_cu_tru", "lan_ket_hon"],
    )
    return obj(
        "Tờ khai đăng ký kết hôn",
        {
            "ben_nam": {**party, "title": "Bên nam"},
            "ben_nu": {**party, "title": "Bên nữ"},
            "dien_thoai": phone("Số điện thoại liên hệ"),
            "ngay_to_chuc_trao": date(
                "Ngày mong muốn nhận Giấy chứng nhận kết hôn", "Hai bên phải có mặt khi trao"
            ),
            "cam_doan": boolean(
                "Chúng tôi cam đoan hoàn toàn tự nguyện, đủ điều kiện kết hôn theo Luật Hôn nhân và gia đình"
            ),
        },
        ["ben_nam", "ben_nu", "dien_thoai", "cam_doan"],
    )


def death() -> Json:
    return obj(
        "Tờ khai đăng ký khai tử",
        {
            "nguoi_yeu_cau": requester(),
            "nguoi_chet": obj(
                "Người đã chết",
                {
                    "ho_ten": text("Họ, chữ đệm và tên"),
                    "so_dinh_danh": citizen_id(),
                    "ngay_sinh": date("Ngày, tháng, năm sinh"),
                    "gioi_tinh": choice("Giới tính", SEX),
                    "noi_cu_tru_cuoi": text("Nơi cư trú cuối cùng"),
                    "ngay_chet": date("Ngày chết"),
                    "gio_chet": text("Giờ, phút chết", "Ví dụ: 14:30"),
                    "noi_chet": text("Nơi chết"),
                    "nguyen_nhan": text("Nguyên nhân chết"),
                },
                ["ho_ten", "ngay_chet", "noi_chet"],
            ),
            "giay_bao_tu_so": text("Số Giấy báo tử hoặc giấy tờ thay thế"),
            "lien_thong": boolean(
                "Đăng ký liên thông xóa thường trú và giải quyết mai táng phí, tử tuất",
            ),
        },
        ["nguoi_yeu_cau", "nguoi_chet"],
    )


def copy_certification() -> Json:
    return obj(
        "Phiếu yêu cầu chứng thực bản sao từ bản chính",
        {
            "nguoi_yeu_cau": obj(
                "Người yêu cầu chứng thực",
                {"ho_ten": text("Họ, chữ đệm và tên"), "so_dinh_danh": citizen_id(), "dien_thoai": phone()},
                ["ho_ten", "so_dinh_danh"],
            ),
            "ten_giay_to": text(
                "Tên giấy tờ, văn bản cần chứng thực", "Ví dụ: Bằng tốt nghiệp trung học phổ thông"
            ),
            "co_quan_cap": text("Cơ quan cấp bản chính"),
            "so_trang": integer("Số trang của bản chính"),
            "so_ban": integer("Số bản sao cần chứng thực"),
            "la_giay_to_nuoc_ngoai": boolean(
                "Giấy tờ do cơ quan nước ngoài cấp",
                "Phải được hợp pháp hóa lãnh sự, trừ trường hợp được miễn",
            ),
        },
        ["nguoi_yeu_cau", "ten_giay_to", "so_trang", "so_ban"],
    )


def household_business() -> Json:
    return obj(
        "Giấy đề nghị đăng ký hộ kinh doanh",
        {
            "ten_ho_kinh_doanh": text("Tên hộ kinh doanh", "Gồm cụm từ “Hộ kinh doanh” và tên riêng"),
            "dia_diem": text("Địa điểm kinh doanh"),
            "dien_thoai": phone("Điện thoại của hộ kinh doanh"),
            "email": text("Thư điện tử", format="email"),
            "nganh_nghe": text("Ngành, nghề kinh doanh", "Ghi theo Hệ thống ngành kinh tế Việt Nam"),
            "von_kinh_doanh": integer("Vốn kinh doanh (đồng)"),
            "so_lao_dong": integer("Số lượng lao động"),
            "chu_ho": obj(
                "Chủ hộ kinh doanh",
                {
                    "ho_ten": text("Họ, chữ đệm và tên"),
                    "so_dinh_danh": citizen_id(),
                    "ngay_sinh": date("Ngày, tháng, năm sinh"),
                    "gioi_tinh": choice("Giới tính", SEX),
                    "noi_cu_tru": text("Nơi thường trú"),
                    "dien_thoai": phone(),
                },
                ["ho_ten", "so_dinh_danh", "ngay_sinh", "noi_cu_tru"],
            ),
            "thanh_vien_gop_von": boolean(
                "Có thành viên hộ gia đình cùng góp vốn", "Nếu có, nộp kèm biên bản họp thành viên"
            ),
            "phuong_phap_thue": choice(
                "Phương pháp tính thuế",
                {"ke_khai": "Kê khai", "khoan": "Khoán", "tung_lan": "Từng lần phát sinh"},
            ),
        },
        ["ten_ho_kinh_doanh", "dia_diem", "nganh_nghe", "von_kinh_doanh", "chu_ho"],
    )


def criminal_record() -> Json:
    return obj(
        "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
        {
            "nguoi_yeu_cau": obj(
                "Người yêu cầu cấp Phiếu",
                {
                    "ho_ten": text("Họ, chữ đệm và tên"),
                    "ten_goi_khac": text("Tên gọi khác (nếu có)"),
                    "gioi_tinh": choice("Giới tính", SEX),
                    "ngay_sinh": date("Ngày, tháng, năm sinh"),
                    "noi_sinh": text("Nơi sinh"),
                    "quoc_tich": text("Quốc tịch"),
                    "so_dinh_danh": citizen_id(),
                    "noi_thuong_tru": text("Nơi thường trú"),
                    "dien_thoai": phone(),
                    "email": text("Thư điện tử", format="email"),
                },
                ["ho_ten", "gioi_tinh", "ngay_sinh", "noi_sinh", "so_dinh_danh", "noi_thuong_tru"],
            ),
            "cha": text("Họ tên cha"),
            "me": text("Họ tên mẹ"),
            "loai_phieu": choice("Loại Phiếu yêu cầu cấp", {"so_1": "Phiếu số 1", "so_2": "Phiếu số 2"}),
            "so_luong": integer("Số lượng Phiếu", "Từ bản thứ 3 trở đi thu thêm 5.000 đồng/Phiếu"),
            "muc_dich": text("Mục đích sử dụng Phiếu"),
            "doi_tuong_giam": choice(
                "Đối tượng được giảm, miễn lệ phí",
                {
                    "khong": "Không thuộc diện",
                    "sinh_vien": "Sinh viên, người có công (giảm 50%)",
                    "mien": "Trẻ em, người cao tuổi, người khuyết tật, hộ nghèo (miễn)",
                },
            ),
        },
        ["nguoi_yeu_cau", "loai_phieu", "so_luong", "muc_dich"],
    )


def building_permit() -> Json:
    return obj(
        "Đơn đề nghị cấp giấy phép xây dựng nhà ở riêng lẻ",
        {
            "chu_dau_tu": obj(
                "Chủ đầu tư",
                {
                    "ho_ten": text("Họ và tên"),
                    "so_dinh_danh": citizen_id(),
                    "dia_chi": text("Địa chỉ liên hệ"),
                    "dien_thoai": phone(),
                },
                ["ho_ten", "so_dinh_danh", "dia_chi", "dien_thoai"],
            ),
            "dia_diem": obj(
                "Địa điểm xây dựng",
                {
                    "thua_dat_so": text("Lô đất / thửa đất số"),
                    "to_ban_do_so": text("Tờ bản đồ số"),
                    "dien_tich_dat": integer("Diện tích thửa đất (m²)"),
                    "dia_chi": text("Số nhà, đường, tổ dân phố / thôn, xã / phường"),
                },
                ["thua_dat_so", "to_ban_do_so", "dien_tich_dat", "dia_chi"],
            ),
            "cong_trinh": obj(
                "Nội dung đề nghị cấp phép",
                {
                    "cap_cong_trinh": choice("Cấp công trình", {"III": "Cấp III", "IV": "Cấp IV"}),
                    "dien_tich_xay_dung": integer("Diện tích xây dựng tầng 1 (m²)"),
                    "tong_dien_tich_san": integer("Tổng diện tích sàn (m²)"),
                    "so_tang": integer("Số tầng (kể cả tầng hầm, tầng lửng, tum)"),
                    "chieu_cao": integer("Chiều cao công trình (cm)"),
                },
                ["cap_cong_trinh", "dien_tich_xay_dung", "tong_dien_tich_san", "so_tang", "chieu_cao"],
            ),
            "don_vi_thiet_ke": text("Tổ chức, cá nhân thiết kế (nếu có)"),
            "thoi_gian_hoan_thanh": integer("Dự kiến thời gian hoàn thành (tháng)"),
        },
        ["chu_dau_tu", "dia_diem", "cong_trinh"],
    )


def social_allowance() -> Json:
    return obj(
        "Tờ khai đề nghị trợ giúp xã hội",
        {
            "doi_tuong": obj(
                "Người được đề nghị trợ cấp",
                {
                    "ho_ten": text("Họ, chữ đệm và tên"),
                    "so_dinh_danh": citizen_id(),
                    "ngay_sinh": date("Ngày, tháng, năm sinh"),
                    "gioi_tinh": choice("Giới tính", SEX),
                    "noi_cu_tru": text("Nơi cư trú"),
                },
                ["ho_ten", "so_dinh_danh", "ngay_sinh", "noi_cu_tru"],
            ),
            "nhom_doi_tuong": choice(
                "Thuộc nhóm đối tượng (Điều 5 Nghị định 20/2021/NĐ-CP)",
                {
                    "tre_em": "Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng",
                    "nguoi_cao_tuoi": "Người cao tuổi thuộc diện hưởng trợ cấp",
                    "khuyet_tat": "Người khuyết tật đặc biệt nặng, nặng",
                    "don_than_ngheo": "Người đơn thân thuộc hộ nghèo đang nuôi con",
                    "hiv": "Người nhiễm HIV/AIDS thuộc hộ nghèo",
                },
            ),
            "dang_huong_che_do": boolean("Đang hưởng lương hưu, trợ cấp bảo hiểm xã hội hoặc chế độ khác"),
            "nhan_qua": choice(
                "Hình thức nhận trợ cấp", {"tai_khoan": "Chuyển khoản", "tien_mat": "Nhận tiền mặt tại xã"}
            ),
            "so_tai_khoan": text("Số tài khoản ngân hàng (nếu chuyển khoản)"),
            "nguoi_khai": requester(),
        },
        ["doi_tuong", "nhom_doi_tuong", "nhan_qua", "nguoi_khai"],
    )
