"""Internal workflow templates of the demo catalogue (quy trình nội bộ).

Nghị định 118/2025/NĐ-CP: the province approves an internal process per procedure that divides the legal
processing time among the units; the allotted hours of the counted steps add up to the legal time
(working days × 8; a single-day procedure counts 8 hours). One template per legal time and shape:
``XA-*`` commune level (one-stop section → commune civil servant → chairperson), ``TINH-*`` province
level (TTPVHCC receives and returns, a department's specialist, head of division and director process),
``LT-*`` liên thông processes in which a step belongs to another agency.

Every process may ask the applicant once for missing papers (status 5): the clock pauses and resumes with
the remaining time; the waiting step does not count toward the time.
"""

# ruff: noqa: E501 — catalogue text (names, papers, notes) is kept on one line per item for review.

from __future__ import annotations

from egov.procedures.demo_catalogue.common import SO_NNMT, SO_NOI_VU, Json

COMMUNE_SPLITS: dict[int, tuple[int, int, int, int]] = {
    # legal hours: receive, process, sign, return
    8: (1, 5, 1, 1),
    16: (2, 10, 2, 2),
    24: (4, 14, 4, 2),
    40: (4, 28, 4, 4),
    80: (4, 64, 8, 4),
    120: (4, 100, 12, 4),
    160: (4, 136, 16, 4),
}
PROVINCE_SPLITS: dict[int, tuple[int, int, int, int, int]] = {
    # legal hours: receive, examine, head of division, director, return
    8: (1, 4, 1, 1, 1),
    24: (2, 14, 4, 2, 2),
    40: (4, 24, 4, 4, 4),
    56: (4, 36, 8, 4, 4),
    80: (4, 56, 8, 8, 4),
    160: (4, 128, 12, 12, 4),
    240: (4, 200, 16, 16, 4),
}


def step(
    code: str,
    order: int,
    name: str,
    responsible: str,
    role: str,
    hours: int | str,
    status: int,
    *,
    initial: bool = False,
    terminal: bool = False,
    counts: bool = True,
    other_agency: str | None = None,
    other_agency_kind: str = "",
) -> Json:
    """One step in the interchange format."""
    return {
        "code": code,
        "order": order,
        "name": name,
        "responsible": responsible,
        "role": role,
        "allotted_hours": str(hours),
        "national_status": status,
        "is_initial": initial,
        "is_terminal": terminal,
        "counts_toward_time": counts,
        "other_agency": other_agency,
        "other_agency_kind": other_agency_kind,
    }


def action(
    code: str,
    name: str,
    source: str,
    target: str,
    roles: list[str],
    clock: str = "none",
    *,
    papers: bool = False,
    signature: bool = False,
    payment: bool = False,
) -> Json:
    """One action in the interchange format."""
    return {
        "code": code,
        "name": name,
        "from": source,
        "to": target,
        "roles": roles,
        "clock_effect": clock,
        "requires_papers": papers,
        "requires_signature": signature,
        "requires_payment": payment,
    }


def supplement(order: int, back_to: str, asked_by: str) -> tuple[Json, list[Json]]:
    """The applicant's supplement step (status 5, not counted) and its pause/resume actions."""
    waiting = step(
        "bo-sung", order, "Công dân bổ sung, hoàn thiện hồ sơ", "applicant", "applicant", 0, 5, counts=False
    )
    return waiting, [
        action("yeu-cau-bo-sung", "Yêu cầu bổ sung hồ sơ (mẫu 02)", back_to, "bo-sung", [asked_by], "pause"),
        action(
            "nop-bo-sung",
            "Nộp giấy tờ bổ sung",
            "bo-sung",
            back_to,
            ["applicant", "receiver"],
            "resume",
            papers=True,
        ),
    ]


def commune_process(hours: int) -> Json:
    """Commune level: one-stop section receives → civil servant examines → chairperson signs → return."""
    receive, examine, sign, give = COMMUNE_SPLITS[hours]
    code = "XA-TRONG-NGAY" if hours == 8 else f"XA-{hours // 8}N"
    label = "trong ngày" if hours == 8 else f"{hours // 8} ngày làm việc"
    waiting, supplement_actions = supplement(6, "xu-ly", "specialist")
    return {
        "code": code,
        "name": f"Quy trình cấp xã, {label}",
        "is_template": True,
        "supplement_clock": "pause_resume",
        "description": (
            "Bộ phận Một cửa cấp xã tiếp nhận; công chức chuyên môn thẩm định, trình; Chủ tịch hoặc Phó Chủ "
            "tịch UBND xã ký; Bộ phận Một cửa trả kết quả."
        ),
        "steps": [
            step(
                "tiep-nhan", 1, "Tiếp nhận, kiểm tra hồ sơ", "receiving", "receiver", receive, 2, initial=True
            ),
            step(
                "xu-ly",
                2,
                "Công chức chuyên môn thẩm định, dự thảo kết quả",
                "processing",
                "specialist",
                examine,
                4,
            ),
            step("ky-duyet", 3, "Lãnh đạo UBND xã ký duyệt", "deciding", "leader", sign, 4),
            step(
                "tra-ket-qua",
                4,
                "Vào sổ, chuyển kết quả về Bộ phận Một cửa",
                "receiving",
                "receiver",
                give,
                9,
            ),
            step("da-tra", 5, "Đã trả kết quả", "receiving", "", 0, 10, terminal=True, counts=False),
            waiting,
        ],
        "actions": [
            action(
                "chuyen-xu-ly",
                "Tiếp nhận, chuyển xử lý",
                "tiep-nhan",
                "xu-ly",
                ["receiver"],
                "start",
                papers=True,
            ),
            action("trinh-ky", "Trình lãnh đạo ký", "xu-ly", "ky-duyet", ["specialist"]),
            action("tra-lai-xu-ly", "Trả lại để xử lý lại", "ky-duyet", "xu-ly", ["leader"]),
            action("ky-duyet", "Ký duyệt kết quả", "ky-duyet", "tra-ket-qua", ["leader"], signature=True),
            action("tra-ket-qua", "Trả kết quả cho công dân", "tra-ket-qua", "da-tra", ["receiver"]),
            *supplement_actions,
        ],
    }


def province_process(hours: int) -> Json:
    """Province level: TTPVHCC receives → department specialist → head of division → director → return."""
    receive, examine, review, sign, give = PROVINCE_SPLITS[hours]
    code = "TINH-TRONG-NGAY" if hours == 8 else f"TINH-{hours // 8}N"
    label = "trong ngày" if hours == 8 else f"{hours // 8} ngày làm việc"
    waiting, supplement_actions = supplement(7, "tham-dinh", "specialist")
    return {
        "code": code,
        "name": f"Quy trình cấp tỉnh qua Trung tâm Phục vụ hành chính công, {label}",
        "is_template": True,
        "supplement_clock": "pause_resume",
        "description": (
            "Trung tâm Phục vụ hành chính công tiếp nhận và trả kết quả; chuyên viên của sở thẩm định; lãnh đạo "
            "phòng xem xét; lãnh đạo sở ký duyệt."
        ),
        "steps": [
            step(
                "tiep-nhan",
                1,
                "Tiếp nhận hồ sơ tại Trung tâm PVHCC",
                "receiving",
                "receiver",
                receive,
                2,
                initial=True,
            ),
            step("tham-dinh", 2, "Chuyên viên thẩm định hồ sơ", "processing", "specialist", examine, 4),
            step("xem-xet", 3, "Lãnh đạo phòng xem xét, trình ký", "processing", "division_head", review, 4),
            step("ky-duyet", 4, "Lãnh đạo sở ký duyệt", "deciding", "leader", sign, 4),
            step("tra-ket-qua", 5, "Chuyển kết quả về Trung tâm PVHCC", "receiving", "receiver", give, 9),
            step("da-tra", 6, "Đã trả kết quả", "receiving", "", 0, 10, terminal=True, counts=False),
            waiting,
        ],
        "actions": [
            action(
                "chuyen-xu-ly",
                "Tiếp nhận, chuyển sở xử lý",
                "tiep-nhan",
                "tham-dinh",
                ["receiver"],
                "start",
                papers=True,
            ),
            action("trinh-lanh-dao-phong", "Trình lãnh đạo phòng", "tham-dinh", "xem-xet", ["specialist"]),
            action("tra-lai-chuyen-vien", "Trả lại chuyên viên", "xem-xet", "tham-dinh", ["division_head"]),
            action("trinh-ky", "Trình lãnh đạo sở ký", "xem-xet", "ky-duyet", ["division_head"]),
            action("tra-lai-phong", "Trả lại phòng chuyên môn", "ky-duyet", "xem-xet", ["leader"]),
            action("ky-duyet", "Ký duyệt kết quả", "ky-duyet", "tra-ket-qua", ["leader"], signature=True),
            action("tra-ket-qua", "Trả kết quả cho tổ chức, cá nhân", "tra-ket-qua", "da-tra", ["receiver"]),
            *supplement_actions,
        ],
    }


def _linked(
    code: str, name: str, description: str, steps: list[Json], actions: list[Json], *, asked_at: str
) -> Json:
    waiting, supplement_actions = supplement(len(steps) + 1, asked_at, "specialist")
    return {
        "code": code,
        "name": name,
        "is_template": True,
        "supplement_clock": "pause_resume",
        "description": description,
        "steps": [*steps, waiting],
        "actions": [*actions, *supplement_actions],
    }


def linked_birth_process() -> Json:
    """Liên thông khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ dưới 6 tuổi (Nghị định 63/2024)."""
    return _linked(
        "LT-KS-TT-BHYT-5N",
        "Liên thông khai sinh – thường trú – thẻ BHYT, 5 ngày làm việc",
        "UBND xã đăng ký khai sinh rồi chuyển điện tử cho Công an cấp xã (đăng ký thường trú) và cơ quan Bảo "
        "hiểm xã hội (cấp thẻ BHYT); mỗi cơ quan chịu trách nhiệm về phần thời gian của mình.",
        [
            step("tiep-nhan", 1, "Tiếp nhận hồ sơ liên thông", "receiving", "receiver", 2, 2, initial=True),
            step("khai-sinh", 2, "Đăng ký khai sinh, cấp Giấy khai sinh", "processing", "specialist", 4, 4),
            step("ky-khai-sinh", 3, "Lãnh đạo UBND xã ký Giấy khai sinh", "deciding", "leader", 2, 4),
            step(
                "thuong-tru",
                4,
                "Công an cấp xã đăng ký thường trú",
                "other_agency",
                "specialist",
                16,
                4,
                other_agency_kind="other",
            ),
            step(
                "bhyt",
                5,
                "Bảo hiểm xã hội cấp thẻ bảo hiểm y tế",
                "other_agency",
                "specialist",
                12,
                4,
                other_agency_kind="other",
            ),
            step("tra-ket-qua", 6, "Trả kết quả liên thông", "receiving", "receiver", 4, 9),
            step("da-tra", 7, "Đã trả kết quả", "receiving", "", 0, 10, terminal=True, counts=False),
        ],
        [
            action(
                "chuyen-xu-ly",
                "Tiếp nhận, chuyển xử lý",
                "tiep-nhan",
                "khai-sinh",
                ["receiver"],
                "start",
                papers=True,
            ),
            action("trinh-ky", "Trình ký Giấy khai sinh", "khai-sinh", "ky-khai-sinh", ["specialist"]),
            action(
                "ky-chuyen-cong-an",
                "Ký, chuyển Công an đăng ký thường trú",
                "ky-khai-sinh",
                "thuong-tru",
                ["leader"],
                signature=True,
            ),
            action(
                "chuyen-bhxh", "Chuyển Bảo hiểm xã hội cấp thẻ BHYT", "thuong-tru", "bhyt", ["specialist"]
            ),
            action(
                "nhan-the-bhyt", "Nhận thẻ BHYT, chuyển trả kết quả", "bhyt", "tra-ket-qua", ["specialist"]
            ),
            action("tra-ket-qua", "Trả kết quả cho công dân", "tra-ket-qua", "da-tra", ["receiver"]),
        ],
        asked_at="khai-sinh",
    )


def linked_death_process() -> Json:
    """Liên thông khai tử – xóa đăng ký thường trú – trợ cấp mai táng (Nghị định 63/2024)."""
    return _linked(
        "LT-KT-TT-MT-5N",
        "Liên thông khai tử – xóa thường trú – mai táng phí, 5 ngày làm việc",
        "UBND xã đăng ký khai tử; Công an cấp xã xóa đăng ký thường trú; cơ quan giải quyết chế độ mai táng "
        "phí, tử tuất (Bảo hiểm xã hội hoặc Sở Nội vụ tùy đối tượng) giải quyết phần của mình.",
        [
            step("tiep-nhan", 1, "Tiếp nhận hồ sơ liên thông", "receiving", "receiver", 2, 2, initial=True),
            step("khai-tu", 2, "Đăng ký khai tử, cấp Trích lục khai tử", "processing", "specialist", 4, 4),
            step("ky-khai-tu", 3, "Lãnh đạo UBND xã ký Trích lục khai tử", "deciding", "leader", 2, 4),
            step(
                "xoa-thuong-tru",
                4,
                "Công an cấp xã xóa đăng ký thường trú",
                "other_agency",
                "specialist",
                8,
                4,
                other_agency_kind="other",
            ),
            step(
                "mai-tang",
                5,
                "Giải quyết mai táng phí, trợ cấp tử tuất",
                "other_agency",
                "specialist",
                20,
                4,
                other_agency_kind="other",
            ),
            step("tra-ket-qua", 6, "Trả kết quả liên thông", "receiving", "receiver", 4, 9),
            step("da-tra", 7, "Đã trả kết quả", "receiving", "", 0, 10, terminal=True, counts=False),
        ],
        [
            action(
                "chuyen-xu-ly",
                "Tiếp nhận, chuyển xử lý",
                "tiep-nhan",
                "khai-tu",
                ["receiver"],
                "start",
                papers=True,
            ),
            action("trinh-ky", "Trình ký Trích lục khai tử", "khai-tu", "ky-khai-tu", ["specialist"]),
            action(
                "ky-chuyen-cong-an",
                "Ký, chuyển Công an xóa thường trú",
                "ky-khai-tu",
                "xoa-thuong-tru",
                ["leader"],
                signature=True,
            ),
            action(
                "chuyen-mai-tang",
                "Chuyển cơ quan giải quyết mai táng phí",
                "xoa-thuong-tru",
                "mai-tang",
                ["specialist"],
            ),
            action("nhan-ket-qua", "Nhận kết quả, chuyển trả", "mai-tang", "tra-ket-qua", ["specialist"]),
            action("tra-ket-qua", "Trả kết quả cho công dân", "tra-ket-qua", "da-tra", ["receiver"]),
        ],
        asked_at="khai-tu",
    )


def _land_process(
    code: str, name: str, description: str, hours: tuple[int, int, int, int, int, int], *, commune: bool
) -> Json:
    """Land registration: the land registration office (under Sở NN&MT) examines and sends the tax
    authority the cadastral information; the applicant pays the financial obligations (status 6, clock
    paused, not counted); the competent authority signs the certificate."""
    receive, office, tax, sign_prep, sign, give = hours
    decider = (
        "Chủ tịch UBND xã ký Giấy chứng nhận"
        if commune
        else "Văn phòng đăng ký đất đai ký, cấp Giấy chứng nhận"
    )
    steps = [
        step("tiep-nhan", 1, "Tiếp nhận hồ sơ", "receiving", "receiver", receive, 2, initial=True),
        step(
            "van-phong-dang-ky",
            2,
            "Văn phòng đăng ký đất đai kiểm tra, xác nhận, đo đạc",
            "other_agency" if commune else "processing",
            "specialist",
            office,
            4,
            other_agency=SO_NNMT if commune else None,
        ),
        step(
            "co-quan-thue",
            3,
            "Cơ quan thuế xác định nghĩa vụ tài chính",
            "other_agency",
            "specialist",
            tax,
            4,
            other_agency_kind="other",
        ),
        step(
            "nop-nghia-vu",
            4,
            "Người sử dụng đất nộp nghĩa vụ tài chính",
            "applicant",
            "applicant",
            0,
            6,
            counts=False,
        ),
        step("trinh-ky", 5, "Hoàn thiện hồ sơ, trình ký", "processing", "specialist", sign_prep, 4),
        step("ky-duyet", 6, decider, "deciding", "leader", sign, 4),
        step("tra-ket-qua", 7, "Trả Giấy chứng nhận", "receiving", "receiver", give, 9),
        step("da-tra", 8, "Đã trả kết quả", "receiving", "", 0, 10, terminal=True, counts=False),
    ]
    actions = [
        action(
            "chuyen-xu-ly",
            "Tiếp nhận, chuyển Văn phòng đăng ký đất đai",
            "tiep-nhan",
            "van-phong-dang-ky",
            ["receiver"],
            "start",
            papers=True,
        ),
        action(
            "chuyen-thue",
            "Gửi phiếu chuyển thông tin địa chính cho cơ quan thuế",
            "van-phong-dang-ky",
            "co-quan-thue",
            ["specialist"],
        ),
        action(
            "thong-bao-thue",
            "Thông báo nghĩa vụ tài chính cho người sử dụng đất",
            "co-quan-thue",
            "nop-nghia-vu",
            ["specialist"],
            "pause",
        ),
        action(
            "da-nop-nghia-vu",
            "Đã nộp nghĩa vụ tài chính",
            "nop-nghia-vu",
            "trinh-ky",
            ["applicant", "receiver"],
            "resume",
            papers=True,
            payment=True,
        ),
        action("trinh-ky", "Trình ký Giấy chứng nhận", "trinh-ky", "ky-duyet", ["specialist"]),
        action("tra-lai", "Trả lại để hoàn thiện", "ky-duyet", "trinh-ky", ["leader"]),
        action("ky-duyet", "Ký Giấy chứng nhận", "ky-duyet", "tra-ket-qua", ["leader"], signature=True),
        action("tra-ket-qua", "Trả Giấy chứng nhận", "tra-ket-qua", "da-tra", ["receiver"]),
    ]
    return _linked(code, name, description, steps, actions, asked_at="van-phong-dang-ky")


def land_first_registration_process() -> Json:
    """Commune level, 20 working days (160 h): đăng ký đất đai, cấp Giấy chứng nhận lần đầu."""
    return _land_process(
        "LT-XA-DATDAI-20N",
        "Liên thông đất đai cấp xã (UBND xã – Văn phòng đăng ký đất đai – cơ quan thuế), 20 ngày làm việc",
        "UBND xã tiếp nhận và cấp Giấy chứng nhận lần đầu cho cá nhân; Văn phòng đăng ký đất đai (thuộc Sở "
        "Nông nghiệp và Môi trường) kiểm tra hồ sơ địa chính; cơ quan thuế xác định nghĩa vụ tài chính. "
        "Thời gian người sử dụng đất nộp nghĩa vụ tài chính không tính vào thời hạn.",
        (8, 96, 24, 16, 8, 8),
        commune=True,
    )


def land_transfer_process() -> Json:
    """Province level, 10 working days (80 h): đăng ký biến động (chuyển nhượng, tặng cho, thừa kế)."""
    return _land_process(
        "LT-TINH-DATDAI-10N",
        "Liên thông đất đai cấp tỉnh (Văn phòng đăng ký đất đai – cơ quan thuế), 10 ngày làm việc",
        "Trung tâm Phục vụ hành chính công tiếp nhận; Văn phòng đăng ký đất đai thuộc Sở Nông nghiệp và Môi "
        "trường xử lý, gửi thông tin cho cơ quan thuế và cấp Giấy chứng nhận. Thời gian nộp nghĩa vụ tài chính "
        "không tính vào thời hạn.",
        (4, 40, 16, 8, 8, 4),
        commune=False,
    )


def merit_process() -> Json:
    """Người có công: received at the commune, decided by Sở Nội vụ, 12 working days (96 h)."""
    return _linked(
        "LT-XA-SNV-12N",
        "Liên thông UBND xã – Sở Nội vụ (chế độ người có công), 12 ngày làm việc",
        "UBND xã tiếp nhận, xác nhận và lập danh sách; Sở Nội vụ (đảm nhận lĩnh vực người có công từ 2025) "
        "thẩm định, ra quyết định; UBND xã trả kết quả.",
        [
            step("tiep-nhan", 1, "UBND xã tiếp nhận hồ sơ", "receiving", "receiver", 4, 2, initial=True),
            step(
                "xac-nhan",
                2,
                "Công chức xã kiểm tra, UBND xã xác nhận, chuyển hồ sơ",
                "receiving",
                "specialist",
                28,
                4,
            ),
            step(
                "so-noi-vu",
                3,
                "Sở Nội vụ thẩm định, ra quyết định",
                "other_agency",
                "specialist",
                56,
                4,
                other_agency=SO_NOI_VU,
            ),
            step("tra-ket-qua", 4, "UBND xã nhận quyết định, trả kết quả", "receiving", "receiver", 8, 9),
            step("da-tra", 5, "Đã trả kết quả", "receiving", "", 0, 10, terminal=True, counts=False),
        ],
        [
            action(
                "chuyen-xu-ly",
                "Tiếp nhận, chuyển công chức xử lý",
                "tiep-nhan",
                "xac-nhan",
                ["receiver"],
                "start",
                papers=True,
            ),
            action("chuyen-so", "Chuyển Sở Nội vụ", "xac-nhan", "so-noi-vu", ["specialist"]),
            action(
                "co-quyet-dinh",
                "Sở Nội vụ ban hành quyết định",
                "so-noi-vu",
                "tra-ket-qua",
                ["specialist", "leader"],
                signature=True,
            ),
            action("tra-ket-qua", "Trả kết quả cho công dân", "tra-ket-qua", "da-tra", ["receiver"]),
        ],
        asked_at="xac-nhan",
    )


def all_processes() -> list[Json]:
    """Every process of the demo catalogue."""
    return [
        *(commune_process(hours) for hours in COMMUNE_SPLITS),
        *(province_process(hours) for hours in PROVINCE_SPLITS),
        linked_birth_process(),
        linked_death_process(),
        land_first_registration_process(),
        land_transfer_process(),
        merit_process(),
    ]
