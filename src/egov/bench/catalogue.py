"""Generated procedure catalogue for benchmarks: names built from 24 real fields, their objects and the
usual verbs ("Cấp lại giấy phép xây dựng nhà ở riêng lẻ cấp tỉnh"), and representative searches.

`fill(n)` grows the catalogue of the connected database to ``n`` procedures, each with a published
version in force, attached to the existing agencies (departments for province level, communes by kind);
`search_workload` draws searches as citizens type them. Used by ``egov bench seed`` and
bench/catalogue_search.py.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

FIELDS: dict[str, tuple[str, list[str]]] = {
    "XAYDUNG": (
        "Hoạt động xây dựng",
        [
            "giấy phép xây dựng",
            "giấy phép xây dựng nhà ở riêng lẻ",
            "giấy phép xây dựng có thời hạn",
            "chứng chỉ hành nghề hoạt động xây dựng",
            "chứng chỉ năng lực hoạt động xây dựng",
            "giấy phép di dời công trình",
        ],
    ),
    "DATDAI": (
        "Đất đai",
        [
            "giấy chứng nhận quyền sử dụng đất",
            "quyền sở hữu nhà ở và tài sản gắn liền với đất",
            "chuyển mục đích sử dụng đất",
            "gia hạn sử dụng đất",
            "tách thửa hoặc hợp thửa đất",
            "đăng ký biến động đất đai",
        ],
    ),
    "HOTICH": (
        "Hộ tịch",
        [
            "khai sinh",
            "khai tử",
            "kết hôn",
            "nhận cha, mẹ, con",
            "giám hộ",
            "thay đổi, cải chính, bổ sung thông tin hộ tịch",
            "xác nhận tình trạng hôn nhân",
        ],
    ),
    "CHUNGTHUC": (
        "Chứng thực",
        [
            "bản sao từ bản chính",
            "chữ ký trong các giấy tờ, văn bản",
            "hợp đồng, giao dịch",
            "việc sửa đổi, bổ sung hợp đồng",
        ],
    ),
    "TUPHAP": ("Lý lịch tư pháp", ["phiếu lý lịch tư pháp số 1", "phiếu lý lịch tư pháp số 2"]),
    "GIAODUC": (
        "Giáo dục và Đào tạo",
        [
            "trường mầm non",
            "trường tiểu học",
            "trung tâm ngoại ngữ, tin học",
            "văn bằng, chứng chỉ",
            "bản sao văn bằng tốt nghiệp",
        ],
    ),
    "YTE": (
        "Khám bệnh, chữa bệnh",
        [
            "giấy phép hoạt động khám bệnh, chữa bệnh",
            "chứng chỉ hành nghề dược",
            "giấy chứng nhận đủ điều kiện kinh doanh dược",
            "phòng khám đa khoa",
        ],
    ),
    "ATTP": (
        "An toàn thực phẩm",
        [
            "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            "bản công bố sản phẩm",
            "giấy xác nhận nội dung quảng cáo thực phẩm",
        ],
    ),
    "GTVT": (
        "Đường bộ",
        [
            "giấy phép lái xe",
            "giấy phép kinh doanh vận tải bằng xe ô tô",
            "phù hiệu xe ô tô",
            "giấy phép thi công công trình trên đường bộ",
        ],
    ),
    "DKKD": (
        "Thành lập và hoạt động doanh nghiệp",
        [
            "doanh nghiệp tư nhân",
            "công ty trách nhiệm hữu hạn",
            "hộ kinh doanh",
            "chi nhánh, văn phòng đại diện",
            "hợp tác xã",
        ],
    ),
    "LAODONG": (
        "Việc làm",
        [
            "giấy phép lao động cho người nước ngoài",
            "trợ cấp thất nghiệp",
            "giấy phép hoạt động dịch vụ việc làm",
        ],
    ),
    "BTXH": (
        "Bảo trợ xã hội",
        ["trợ cấp xã hội hằng tháng", "hỗ trợ chi phí mai táng", "cơ sở trợ giúp xã hội", "người khuyết tật"],
    ),
    "NGUOICOCONG": (
        "Người có công",
        ["trợ cấp ưu đãi", "giấy chứng nhận thương binh", "liệt sĩ", "hỗ trợ nhà ở đối với người có công"],
    ),
    "TNMT": (
        "Môi trường",
        ["giấy phép môi trường", "kế hoạch bảo vệ môi trường", "báo cáo đánh giá tác động môi trường"],
    ),
    "TAINGUYENNUOC": (
        "Tài nguyên nước",
        ["giấy phép khai thác nước dưới đất", "giấy phép xả nước thải", "giấy phép thăm dò nước dưới đất"],
    ),
    "VANHOA": (
        "Văn hóa cơ sở",
        [
            "giấy phép tổ chức lễ hội",
            "karaoke, vũ trường",
            "biểu diễn nghệ thuật",
            "danh hiệu gia đình văn hóa",
        ],
    ),
    "DULICH": (
        "Lữ hành",
        [
            "giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "thẻ hướng dẫn viên du lịch",
            "cơ sở lưu trú du lịch",
        ],
    ),
    "NONGNGHIEP": ("Trồng trọt", ["giấy chứng nhận vùng trồng", "phân bón", "giống cây trồng"]),
    "THUYSAN": ("Thủy sản", ["giấy phép khai thác thủy sản", "tàu cá", "cơ sở nuôi trồng thủy sản"]),
    "CONGTHUONG": (
        "Lưu thông hàng hóa trong nước",
        [
            "giấy phép bán lẻ rượu",
            "giấy phép bán lẻ sản phẩm thuốc lá",
            "cửa hàng xăng dầu",
            "giấy chứng nhận đủ điều kiện kinh doanh khí",
        ],
    ),
    "TONGIAO": (
        "Tín ngưỡng, tôn giáo",
        ["sinh hoạt tôn giáo tập trung", "hoạt động tín ngưỡng", "chức sắc, chức việc"],
    ),
    "THIDUA": (
        "Thi đua, khen thưởng",
        [
            "bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "danh hiệu chiến sĩ thi đua",
            "giấy khen của Chủ tịch Ủy ban nhân dân xã",
        ],
    ),
    "CUTRU": ("Đăng ký, quản lý cư trú", ["thường trú", "tạm trú", "lưu trú", "tách hộ"]),
    "PCCC": (
        "Phòng cháy, chữa cháy",
        ["thẩm duyệt thiết kế về phòng cháy và chữa cháy", "nghiệm thu về phòng cháy và chữa cháy"],
    ),
}
VERBS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Đăng ký",
    "Đăng ký lại",
    "Xác nhận",
    "Thẩm định",
    "Phê duyệt",
    "Công nhận",
    "Chấp thuận",
    "Giải quyết",
    "Thông báo",
    "Đề nghị",
]
QUALIFIERS = [
    "",
    "",
    "",
    " cấp tỉnh",
    " cấp xã",
    " trong trường hợp bị mất, hỏng",
    " có yếu tố nước ngoài",
    " lần đầu",
    " đối với tổ chức",
    " đối với cá nhân",
    " trên môi trường điện tử",
    " theo thủ tục rút gọn",
]
RESULTS = [
    "Giấy phép (bản chính)",
    "Giấy chứng nhận",
    "Quyết định công nhận",
    "Văn bản chấp thuận",
    "Trích lục",
    "Thông báo kết quả",
]


def procedure_names(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``n`` distinct (field code, name) pairs: verb + object of the field + an optional qualifier."""
    combos = [
        (code, f"{verb} {obj}{qualifier}")
        for code, (_, objects) in FIELDS.items()
        for obj in objects
        for verb in VERBS
        for qualifier in QUALIFIERS
    ]
    rng.shuffle(combos)
    combos = list({name: (code, name) for code, name in reversed(combos)}.values())[::-1]  # each name once
    names = combos[:n]
    while len(names) < n:  # more than the patterns give: number the repeats
        code, name = combos[len(names) % len(combos)]
        names.append((code, f"{name} (mẫu {len(names)})"))
    return names


def search_workload(rng: random.Random, count: int) -> list[dict[str, object]]:
    """Representative searches: words taken from real names in the catalogue, one to four of them,
    half typed without accents, a third with the last word unfinished, a fifth with a filter, a few
    national codes."""
    from egov.core.text import fold
    from egov.organizations.models import Agency
    from egov.procedures.models import ProcedureField, ProcedureVersion

    names = list(ProcedureVersion.objects.filter(status="published").values_list("name", flat=True)[:5000])
    codes = list(ProcedureVersion.objects.values_list("procedure__national_code", flat=True)[:2000])
    field_codes = list(ProcedureField.objects.values_list("code", flat=True))
    agencies = list(Agency.objects.values_list("identifier", flat=True))
    workload: list[dict[str, object]] = []
    for _ in range(count):
        if rng.random() < 0.05:
            workload.append({"q": rng.choice(codes)})
            continue
        words = rng.choice(names).split()
        size = min(len(words), rng.choice([1, 2, 2, 3, 3, 4]))
        start = rng.randrange(0, len(words) - size + 1)
        text = " ".join(words[start : start + size])
        if rng.random() < 0.5:
            text = fold(text)
        if rng.random() < 0.33 and len(text.split()[-1]) > 2:
            text = text[: -rng.randint(1, len(text.split()[-1]) - 1)]
        criteria: dict[str, object] = {"q": text}
        roll = rng.random()
        if roll < 0.07:
            criteria["field"] = rng.choice(field_codes)
        elif roll < 0.13:
            criteria["agency"] = rng.choice(agencies)
        elif roll < 0.17:
            criteria["level"] = rng.choice(["province", "commune"])
        elif roll < 0.20:
            criteria["online_level"] = rng.choice(["full", "partial"])
        workload.append(criteria)
    return workload


def fill(n: int = 6500, *, seed: int = 20250701) -> int:
    """Add generated procedures until the catalogue holds ``n``; returns how many were added. Each has
    a version in force (province level: received at the service centre, processed by a department;
    commune level: received by any commune committee); about a tenth also have an older version, a
    future-dated one, a draft, or were withdrawn."""
    from egov.organizations.models import Agency
    from egov.procedures.models import Procedure, ProcedureField, ProcedureVersion, VersionAgency

    missing = n - Procedure.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    today = dt.date.today()
    fields = {}
    for code, (name, _) in FIELDS.items():
        fields[code] = ProcedureField.objects.filter(name=name).first() or ProcedureField.objects.create(
            code=f"BENCH-{code}", name=name
        )
    departments = list(Agency.objects.filter(kind=Agency.Kind.DEPARTMENT, is_active=True).order_by("pk"))
    centre = Agency.objects.filter(kind="service_centre", is_active=True).order_by("pk").first()
    taken = set(Procedure.objects.values_list("national_code", flat=True))
    codes: list[str] = []
    number = 100000
    while len(codes) < missing:
        number += 1
        code = f"{rng.choice([1, 2, 3])}.{number:06d}"
        if code not in taken:
            codes.append(code)
    names = procedure_names(rng, missing)
    procedures = Procedure.objects.bulk_create(
        [Procedure(national_code=code) for code in codes], batch_size=2000
    )
    versions: list[ProcedureVersion] = []
    for procedure, (field_code, name) in zip(procedures, names, strict=True):
        field = fields[field_code]
        history = rng.random()
        dated: list[tuple[str, dt.date | None, str]] = [("published", dt.date(2025, 7, 1), name)]
        if history < 0.05:
            dated.insert(0, ("published", dt.date(2023, 1, 1), name + " (bản cũ)"))
        elif history < 0.07:
            dated.append(("published", today + dt.timedelta(days=30), name + " (sắp áp dụng)"))
        elif history < 0.09:
            dated.append(("draft", None, name + " (dự thảo)"))
        elif history < 0.10:
            dated = [("withdrawn", dt.date(2024, 1, 1), name)]
        for version_number, (status, effective, version_name) in enumerate(dated, 1):
            level = rng.choice(["province", "commune", "commune"])
            version = ProcedureVersion(
                procedure=procedure,
                number=version_number,
                status=status,
                effective_from=effective,
                name=version_name,
                field=field,
                level=level,
                processing_time=Decimal(rng.choice("1358")),
                result=rng.choice(RESULTS),
                legal_basis="Nghị định thử nghiệm",
                online_level=rng.choice(["full", "partial", "partial", "none"]),
                description="Trình tự thực hiện: nộp hồ sơ, tiếp nhận, giải quyết, trả kết quả.",
            )
            version.search_folded = version.folded_text()  # bulk_create does not call save()
            versions.append(version)
    versions = ProcedureVersion.objects.bulk_create(versions, batch_size=2000)
    agencies = []
    for version in versions:
        if version.level == "commune" or not departments:
            agencies.append(VersionAgency(version=version, part="receiving", agency_kind="commune_committee"))
        else:
            if centre is not None:
                agencies.append(VersionAgency(version=version, part="receiving", agency=centre))
            agencies.append(VersionAgency(version=version, part="processing", agency=rng.choice(departments)))
    VersionAgency.objects.bulk_create(agencies, batch_size=2000)
    return missing
