"""Benchmark: accent-free search over a province-sized procedure catalogue.

Creates a fresh PostgreSQL database, migrates it, generates a catalogue (6,500 procedures by default,
with realistic Vietnamese names from real field names and procedure name patterns, some with older,
future-dated, withdrawn or draft versions), then runs a few hundred representative searches (with and
without accents, one to four words, an unfinished last word, some with filters, some by national
code) through ``egov.procedures.search.search`` paged exactly as the list page pages it, and prints
p50/p95/p99 latency and queries per search. The database is dropped at the end (``--keep`` keeps it).

    .venv/bin/python bench/catalogue_search.py
    .venv/bin/python bench/catalogue_search.py --database-url postgres://postgres@127.0.0.1:5432/egov_bench_search

``generate`` and ``run_searches`` work on whatever database Django is connected to; the smoke test
(tests/procedures/test_search_bench.py) runs them once on tiny data so this file cannot rot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/egov_bench_search"

# Real field names (lĩnh vực) of provincial and commune catalogues, with objects their procedures act on.
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


@dataclass(frozen=True)
class Figures:
    searches: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    db_p50_ms: float
    mean_queries: float
    max_queries: int
    mean_results: float


def _setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


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


def generate(n: int = 6500, *, seed: int = 20250701) -> None:
    """A catalogue of ``n`` procedures in the connected database: fields, a small agency tree, and for
    each procedure a version in force; about a tenth also have an older version, a future-dated one, a
    draft, or were withdrawn."""
    from egov.organizations.models import Agency
    from egov.organizations.services import create_agency
    from egov.procedures.models import Procedure, ProcedureField, ProcedureVersion, VersionAgency

    rng = random.Random(seed)
    today = dt.date.today()
    fields = {code: ProcedureField.objects.create(code=code, name=name) for code, (name, _) in FIELDS.items()}
    province = create_agency(
        actor=None, name="Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND", identifier="000.00.00.H99",
        kind=Agency.Kind.PEOPLES_COMMITTEE,
    )  # fmt: skip
    departments = [
        create_agency(
            actor=None,
            parent=province,
            name=f"Sở {name}",
            short_name=f"S{i}",
            identifier=f"000.00.{i:02d}.H99",
            kind=Agency.Kind.DEPARTMENT,
        )
        for i, name in enumerate(
            ["Xây dựng", "Tư pháp", "Y tế", "Công Thương", "Nông nghiệp và Môi trường"], 1
        )
    ]
    communes = [
        create_agency(
            actor=None,
            parent=province,
            name=f"Ủy ban nhân dân xã Thử {i}",
            short_name=f"X{i}",
            identifier=f"000.00.{i:02d}.H99",
            kind=Agency.Kind.COMMUNE_COMMITTEE,
        )
        for i in range(20, 40)
    ]
    names = procedure_names(rng, n)
    procedures = Procedure.objects.bulk_create(
        [Procedure(national_code=f"{rng.choice([1, 2, 3])}.{i:06d}") for i in range(1, n + 1)],
        batch_size=2000,
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
        for number, (status, effective, version_name) in enumerate(dated, 1):
            level = rng.choice(["province", "commune", "commune"])
            version = ProcedureVersion(
                procedure=procedure, number=number, status=status, effective_from=effective,
                name=version_name, field=field, level=level, processing_time=Decimal(rng.choice("1358")),
                result=rng.choice(RESULTS), legal_basis="Nghị định thử nghiệm",
                online_level=rng.choice(["full", "partial", "partial", "none"]),
                description="Trình tự thực hiện: nộp hồ sơ, tiếp nhận, giải quyết, trả kết quả.",
            )  # fmt: skip
            version.search_folded = version.folded_text()  # bulk_create does not call save()
            versions.append(version)
    versions = ProcedureVersion.objects.bulk_create(versions, batch_size=2000)
    agencies = []
    for version in versions:
        if version.level == "commune":
            agencies.append(VersionAgency(version=version, part="receiving", agency_kind="commune_committee"))
        else:
            agencies.append(VersionAgency(version=version, part="receiving", agency=rng.choice(departments)))
    VersionAgency.objects.bulk_create(agencies, batch_size=2000)
    assert communes


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


def run_searches(count: int = 300, *, seed: int = 7, page_size: int = 20) -> Figures:
    """Run ``count`` searches as the list page runs them (``search`` then ``page_of``, first page)
    and measure each one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from egov.procedures import search

    rng = random.Random(seed)
    workload = search_workload(rng, count)

    def one(criteria: dict[str, object]) -> int:
        criteria = dict(criteria)
        if "agency" in criteria:
            criteria["agency"] = search.parse_agency(str(criteria["agency"]))
        page = search.page_of(search.search(**criteria), 1, per_page=page_size)
        return page.paginator.count

    for criteria in workload[:20]:  # warm the caches and the connection
        one(criteria)
    timings, db_timings, queries, results = [], [], [], []
    for criteria in workload:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            results.append(one(criteria))
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
        db_timings.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return Figures(
        searches=len(workload),
        p50_ms=statistics.median(timings),
        p95_ms=cuts[94],
        p99_ms=cuts[98],
        db_p50_ms=statistics.median(db_timings),
        mean_queries=statistics.fmean(queries),
        max_queries=max(queries),
        mean_results=statistics.fmean(results),
    )


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def _recreate(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL database to create and drop")
    parser.add_argument("--procedures", type=int, default=6500)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)

    _recreate(args.database_url)
    try:
        _setup_django(args.database_url)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        generate(args.procedures)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"catalogue: {args.procedures} procedures generated in {time.perf_counter() - started:.1f} s")
        figures = run_searches(args.searches)
        version = connection.pg_version if connection.vendor == "postgresql" else ""
        print(f"database: {connection.vendor} {version}")
        print(f"searches: {figures.searches} (mean {figures.mean_results:.0f} matches each)")
        print(f"latency ms: p50 {figures.p50_ms:.2f}  p95 {figures.p95_ms:.2f}  p99 {figures.p99_ms:.2f}")
        print(f"of which in the database: p50 {figures.db_p50_ms:.2f} ms")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        print(f"queries per search: mean {figures.mean_queries:.1f}, max {figures.max_queries}")
        connection.close()
    finally:
        if not args.keep:
            _recreate(args.database_url, drop_only=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
