"""Benchmark: the officers' inbox (hộp hồ sơ, /ho-so/) at the scale of a province.

Creates a fresh PostgreSQL database, migrates it, builds a small agency tree (a service centre, a
department with two divisions, 40 ward committees), a few officers and published procedures sharing
one process, then bulk-inserts dossiers (200,000 by default; ``Dossier.objects.bulk_create``, not the
services) with realistic states: about 85% finished or closed over the past year, the rest open across
the steps, some waiting for the applicant (status 5/6, clock paused), due moments spread around now
(some overdue, some due soon), part of the department's dossiers assigned to one specialist. One
large agency (the department, with its divisions) holds about 20% of them.

It then measures, after a warm-up, the functions the inbox page calls (`egov.dossiers.inbox`): the
tab counts of the department specialist, one page of each tab sorted by due time, the whole selector
for "của đơn vị" and "của tôi", and the whole page through the Django test client, and prints
p50/p95/p99 in ms and the queries of each. The database is dropped at the end (``--keep`` keeps it).

    .venv/bin/python bench/inbox.py
    .venv/bin/python bench/inbox.py --dossiers 100000 --repeat 30 --keep

``generate`` and ``measure`` work on whatever database Django is connected to; the smoke test
(tests/bench/test_inbox_bench.py) runs them on SQLite with tiny sizes so this file cannot rot.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/egov_bench_inbox"
LEVEL1 = "H99"
WARDS = 40
LARGE_SHARE = 0.20
"""Share of the dossiers whose current agency is the department or one of its divisions."""
CENTRE_SHARE = 0.08
"""Share at the service centre (receiving and returning the department's dossiers)."""
FINISHED_SHARE = 0.85
HISTORY_DAYS = 365
BATCH = 5000

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quang", "Kim", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Hương", "Lan", "Long", "Mai", "Nam"]
GIVEN += ["Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vinh", "Yến"]
PROCEDURE_NAMES = [
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Cấp lại giấy phép xây dựng",
    "Điều chỉnh giấy phép xây dựng",
    "Cấp chứng chỉ hành nghề hoạt động xây dựng",
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Chứng thực bản sao từ bản chính",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký biến động đất đai",
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Chuyển mục đích sử dụng đất",
]

# The process every generated version uses: (code, order, name, responsible, role, hours, status, flags).
STEPS: list[tuple[str, int, str, str, str, str, int, dict[str, bool]]] = [
    ("tiep-nhan", 1, "Tiếp nhận hồ sơ", "receiving", "receiver", "4", 2, {"is_initial": True}),
    ("xu-ly", 2, "Thẩm định, xử lý", "processing", "specialist", "28", 4, {}),
    ("ky-duyet", 3, "Lãnh đạo ký duyệt", "deciding", "leader", "4", 4, {}),
    ("tra-ket-qua", 4, "Trả kết quả", "receiving", "receiver", "4", 9, {}),
    (
        "da-tra",
        5,
        "Đã trả kết quả",
        "receiving",
        "",
        "0",
        10,
        {"is_terminal": True, "counts_toward_time": False},
    ),
    ("bo-sung", 6, "Chờ bổ sung hồ sơ", "applicant", "", "0", 5, {"counts_toward_time": False}),
    ("nop-nghia-vu", 7, "Chờ nghĩa vụ tài chính", "applicant", "", "0", 6, {"counts_toward_time": False}),
]
ACTIONS = [
    ("chuyen-xu-ly", "tiep-nhan", "xu-ly", ["receiver"], "start"),
    ("trinh-ky", "xu-ly", "ky-duyet", ["specialist"], "none"),
    ("tra-lai", "ky-duyet", "xu-ly", ["leader"], "none"),
    ("ky-duyet", "ky-duyet", "tra-ket-qua", ["leader"], "none"),
    ("tra-ket-qua", "tra-ket-qua", "da-tra", ["receiver"], "freeze"),
    ("yeu-cau-bo-sung", "xu-ly", "bo-sung", ["specialist"], "pause"),
    ("nop-bo-sung", "bo-sung", "xu-ly", ["receiver"], "resume"),
    ("thong-bao-nghia-vu", "ky-duyet", "nop-nghia-vu", ["leader"], "pause"),
    ("da-nop", "nop-nghia-vu", "ky-duyet", ["receiver"], "resume"),
]
# Open dossiers by step: (weight, step, status, paused); the department holds the processing steps,
# the service centre the receiving ones, a ward all of them.
OPEN_AT_DEPARTMENT = [(50, "xu-ly", 4, False), (20, "ky-duyet", 4, False), (18, "bo-sung", 5, True),
                      (8, "nop-nghia-vu", 6, True), (4, "xu-ly", 4, True)]  # fmt: skip
OPEN_AT_CENTRE = [(15, "tiep-nhan", 1, False), (45, "tiep-nhan", 2, False), (40, "tra-ket-qua", 9, False)]
OPEN_AT_WARD = [(6, "tiep-nhan", 1, False), (14, "tiep-nhan", 2, False), (38, "xu-ly", 4, False),
                (12, "ky-duyet", 4, False), (12, "tra-ket-qua", 9, False), (12, "bo-sung", 5, True),
                (4, "nop-nghia-vu", 6, True), (2, "xu-ly", 4, True)]  # fmt: skip


@dataclass
class Setup:
    """What `generate` built: the measured officer (a specialist in a division of the large
    department, to whom part of its dossiers are assigned) and the figures of the data."""

    officer: Any
    department: Any
    receiver: Any
    """The service centre's receiver (the new tab is theirs: dossiers at the initial step)."""
    dossiers: int
    large_agency_dossiers: int
    officer_assigned: int
    open_dossiers: int
    seconds: float


@dataclass(frozen=True)
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    p99_ms: float
    queries: int
    rows: int = 0


def _setup_django(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


# --- Data -----------------------------------------------------------------------------------------


def _agencies() -> tuple[Any, Any, list[Any], list[Any]]:
    """Province committee, service centre, department with two divisions, ``WARDS`` ward committees."""
    from egov.organizations import rules
    from egov.organizations.models import Agency
    from egov.organizations.services import create_agency

    def make(name: str, short: str, identifier: str, kind: str, parent: Any = None) -> Agency:
        return create_agency(
            actor=None, parent=parent, name=name, short_name=short, identifier=identifier, kind=kind
        )

    province = make(
        "Ủy ban nhân dân tỉnh Thử Nghiệm", "UBND", f"000.00.00.{LEVEL1}", Agency.Kind.PEOPLES_COMMITTEE
    )
    centre = make(
        "Trung tâm Phục vụ hành chính công tỉnh", "TTPVHCC", f"000.00.02.{LEVEL1}", "service_centre", province
    )
    department = make("Sở Xây dựng", "SXD", f"000.00.06.{LEVEL1}", Agency.Kind.DEPARTMENT, province)
    level2 = rules.parse_identifier(department.identifier)
    divisions = [
        make(name, short, str(level2.child(n)), Agency.Kind.DIVISION, department)
        for n, (name, short) in enumerate(
            [("Phòng Quản lý xây dựng", "QLXD"), ("Phòng Quy hoạch - Kiến trúc", "QHKT")], 1
        )
    ]
    wards = [
        make(
            f"Ủy ban nhân dân phường Thử {n}",
            f"P{n}",
            f"000.00.{n:02d}.{LEVEL1}",
            "commune_committee",
            province,
        )
        for n in range(21, 21 + WARDS)
    ]
    return centre, department, divisions, wards


def _versions(procedures: int, centre: Any, department: Any) -> list[Any]:
    """``procedures`` published versions sharing one valid process (3 working days + waits)."""
    from egov.procedures.models import (
        Action,
        Procedure,
        ProcedureField,
        ProcedureVersion,
        Process,
        Step,
        VersionAgency,
    )

    process = Process.objects.create(code="QT-BENCH", name="Quy trình thử nghiệm hộp hồ sơ")
    steps = {
        code: Step.objects.create(
            process=process,
            code=code,
            order=order,
            name=name,
            responsible=responsible,
            role=role,
            allotted_hours=Decimal(hours),
            national_status=status,
            **flags,
        )
        for code, order, name, responsible, role, hours, status, flags in STEPS
    }
    Action.objects.bulk_create(
        Action(
            process=process,
            code=code,
            name=code,
            from_step=steps[source],
            to_step=steps[target],
            roles=roles,
            clock_effect=effect,
        )
        for code, source, target, roles, effect in ACTIONS
    )
    field = ProcedureField.objects.create(code="BENCH", name="Lĩnh vực thử nghiệm")
    versions = []
    for n in range(1, procedures + 1):
        procedure = Procedure.objects.create(national_code=f"1.{n:06d}")
        level = "province" if n % 3 == 1 else "commune"
        version = ProcedureVersion.objects.create(
            procedure=procedure, number=1, status="published", effective_from=dt.date(2025, 7, 1),
            name=f"{PROCEDURE_NAMES[n % len(PROCEDURE_NAMES)]} (mẫu {n})", field=field, level=level,
            processing_time=Decimal("5"), result="Giấy phép (bản chính)", legal_basis="Nghị định thử nghiệm",
            process=process,
        )  # fmt: skip
        if level == "province":
            VersionAgency.objects.create(version=version, part="receiving", agency=centre)
            VersionAgency.objects.create(version=version, part="processing", agency=department)
        else:
            VersionAgency.objects.create(version=version, part="receiving", agency_kind="commune_committee")
        versions.append(version)
    return versions


def _officers(department: Any, divisions: list[Any], centre: Any) -> tuple[Any, list[Any], Any]:
    """The measured specialist (division QLXD) and four colleagues of the department's divisions,
    plus a leader and a receiver (no passwords: the benchmark logs in with ``force_login``)."""
    from egov.accounts.services import create_officer
    from egov.organizations.models import Role

    def make(username: str, name: str, agency: Any, role: str) -> Any:
        return create_officer(
            actor=None, username=username, full_name=name, email="", password=None, agency=agency, role=role
        )

    officer = make("bench.chuyenvien", "Trần Thị Chuyên", divisions[0], Role.SPECIALIST)
    colleagues = [
        make(f"bench.chuyenvien{n}", f"Lê Văn {GIVEN[n]}", divisions[n % 2], Role.SPECIALIST)
        for n in range(1, 5)
    ]
    make("bench.giamdoc", "Phạm Văn Giám", department, Role.LEADER)
    receiver = make("bench.tiepnhan", "Hồ Thị Nhận", centre, Role.RECEIVER)
    return officer, colleagues, receiver


def _pick(rng: random.Random, table: list[tuple[int, str, int, bool]]) -> tuple[str, int, bool]:
    _, step, status, paused = rng.choices(table, weights=[row[0] for row in table])[0]
    return step, status, paused


def generate(
    dossiers: int = 200_000, *, procedures: int = 60, seed: int = 20251122, now: dt.datetime | None = None
) -> Setup:
    """Agencies, officers, procedures, then ``dossiers`` dossiers bulk-inserted in batches. Works on
    any database (the CLI insists on PostgreSQL)."""
    from django.db import transaction
    from django.utils import timezone

    from egov.dossiers.models import Dossier

    started = time.perf_counter()
    rng = random.Random(seed)
    now = now or timezone.now()
    centre, department, divisions, wards = _agencies()
    versions = _versions(procedures, centre, department)
    province_versions = [version for version in versions if version.level == "province"]
    commune_versions = [version for version in versions if version.level == "commune"]
    officer, colleagues, receiver = _officers(department, divisions, centre)
    specialists = [officer, *colleagues]
    ward_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(wards))]  # a few big wards, a long tail
    sequence: Counter[tuple[str, str]] = Counter()
    counted: Counter[str] = Counter()
    hour = dt.timedelta(hours=1)

    def one() -> Dossier:
        bucket = rng.random()
        finished = rng.random() < FINISHED_SHARE
        if bucket < LARGE_SHARE:
            receiving, processing = centre, department
            current = department if rng.random() < 0.9 else rng.choice(divisions)
            version = rng.choice(province_versions)
            where = OPEN_AT_DEPARTMENT
            counted["large"] += 1
        elif bucket < LARGE_SHARE + CENTRE_SHARE:
            receiving, processing, current = centre, department, centre
            version = rng.choice(province_versions)
            where = OPEN_AT_CENTRE
        else:
            receiving = current = rng.choices(wards, weights=ward_weights)[0]
            processing = None
            version = rng.choice(commune_versions)
            where = OPEN_AT_WARD
        assignee = None
        paused_at = paused_for = finished_at = closed_at = closure_status = None
        if finished:
            received = now - dt.timedelta(days=rng.uniform(3, HISTORY_DAYS), hours=rng.uniform(0, 8))
            due = received + dt.timedelta(days=rng.choice([3, 5, 7, 10, 15]))
            ended = min(now - hour, received + (due - received) * rng.uniform(0.3, 1.25))
            if rng.random() < 0.92:
                step, status, finished_at = "da-tra", 10, ended
            else:
                step, status = "xu-ly", rng.choice([3, 7, 8])
                closed_at, closure_status = ended, status
            if processing is department and current is not centre and rng.random() < 0.7:
                assignee = rng.choice(specialists)
            channel = rng.choice(["counter", "counter", "online", "online", "postal"])
        else:
            step, status, paused = _pick(rng, where)
            roll = rng.random()
            if roll < 0.15:
                due = now - dt.timedelta(hours=rng.uniform(0.5, 240))  # overdue
            elif roll < 0.25:
                due = now + dt.timedelta(hours=rng.uniform(0, 20))  # due soon (a working day or so)
            else:
                due = now + dt.timedelta(hours=rng.uniform(20, 24 * 20))
            received = min(now - hour, due - dt.timedelta(days=rng.choice([3, 5, 7, 10, 15])))
            if paused:
                paused_at = received + (now - received) * rng.uniform(0.2, 0.9)
                paused_for = status if status in (5, 6) else 5
            if current is department and step != "tiep-nhan" and rng.random() < 0.7:
                assignee = officer if rng.random() < 0.35 else rng.choice(colleagues)
            channel = "online" if status == 1 else rng.choice(["counter", "counter", "online", "postal"])
        day = received.astimezone(dt.UTC).strftime("%y%m%d")
        sequence[(receiving.identifier, day)] += 1
        return Dossier(
            code=f"{receiving.identifier}-{day}-{sequence[(receiving.identifier, day)]:04d}",
            version=version, agency=receiving, processing_agency=processing, current_agency=current,
            channel=channel, assignee=assignee,
            applicant_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            applicant_citizen_id=f"046{rng.randrange(10**9):09d}",
            applicant_phone=f"09{rng.randrange(10**8):08d}",
            applicant_address="Thành phố Thử Nghiệm", step=step, national_status=status,
            received_at=received, started_at=received, due_at=due, original_due_at=due,
            step_started_at=received, step_due_at=None if finished else due, paused_at=paused_at,
            paused_for=paused_for, finished_at=finished_at, closed_at=closed_at,
            closure_status=closure_status,
            delivery_state="delivered" if status == 10 else "not_ready",
            sync_state="synced" if finished else "pending",
        )  # fmt: skip

    for start in range(0, dossiers, BATCH):
        batch = [one() for _ in range(min(BATCH, dossiers - start))]
        with transaction.atomic():
            Dossier.objects.bulk_create(batch, batch_size=1000)
    return Setup(
        officer=officer,
        department=department,
        receiver=receiver,
        dossiers=Dossier.objects.count(),
        large_agency_dossiers=counted["large"],
        officer_assigned=Dossier.objects.filter(assignee=officer).count(),
        open_dossiers=Dossier.objects.filter(finished_at__isnull=True, closed_at__isnull=True).count(),
        seconds=time.perf_counter() - started,
    )


# --- Measurements ---------------------------------------------------------------------------------


def _time(name: str, call: Callable[[], int], repeat: int, warmup: int = 3) -> Timing:
    """``call`` ``warmup`` times, then ``repeat`` timed calls; its queries counted on one more call
    (outside the timings: capturing queries costs time)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        call()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        rows = call()
    cuts = statistics.quantiles(timings, n=100, method="inclusive") if len(timings) > 1 else timings * 99
    return Timing(name, statistics.median(timings), cuts[94], cuts[98], len(captured), rows)


def measure(setup: Setup, repeat: int = 50, *, warmup: int = 3) -> list[Timing]:
    """The inbox of ``setup.officer``: tab counts, one page of each tab, both scopes, the page."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from egov.core.calendar_store import get_calendar
    from egov.dossiers import inbox
    from egov.dossiers.domain.inbox import TAB_ORDER, Tab

    user = setup.officer
    calendar = get_calendar()
    agencies = inbox.inbox_agencies(user)
    assert agencies, "the benchmark officer must have an inbox"

    def tabs() -> inbox.TabFilters:
        return inbox.TabFilters(
            at=inbox.rules.moments(timezone.now(), calendar), initial_codes=inbox.initial_step_codes()
        )

    def counts(finished: bool) -> int:
        chosen = inbox.scoped(user, "agency", agencies).filter(inbox.filters(inbox.InboxQuery()))
        return sum(value or 0 for value in inbox.counts(chosen, tabs(), finished=finished).values())

    def page(tab: Tab) -> Callable[[], int]:
        query = inbox.InboxQuery(tab=tab, sort="due")

        def call() -> int:
            chosen = inbox.scoped(user, "agency", agencies)
            listed = inbox.listing(chosen, tabs(), query)
            return len(list(inbox.paginate(listed, count=10_000, number=1).object_list))

        return call

    def selector(scope: str, tab: Tab = inbox.DEFAULT_TAB) -> Callable[[], int]:
        query = inbox.InboxQuery(scope=scope, tab=tab)
        return lambda: len(inbox.inbox(user, query, now=timezone.now(), calendar=calendar).rows)

    client = Client()
    client.force_login(user)
    receiver = Client()
    receiver.force_login(setup.receiver)
    url = reverse("dossiers:inbox")

    def view(params: dict[str, str], browser: Client = client) -> Callable[[], int]:
        def call() -> int:
            response = browser.get(url, params)
            assert response.status_code == 200, response.status_code
            return response.content.count(b"<td><a href=")  # one per dossier row

        return call

    results = [
        _time("counts, open tabs (default page)", lambda: counts(False), repeat, warmup),
        _time("counts, with finished (finished tab)", lambda: counts(True), repeat, warmup),
    ]
    results += [_time(f"page 1 of {tab}, by due", page(tab), repeat, warmup) for tab in TAB_ORDER]
    results += [
        _time("selector inbox(), agency, in_progress", selector("agency"), repeat, warmup),
        _time("selector inbox(), mine, in_progress", selector("mine"), repeat, warmup),
        _time("selector inbox(), mine, overdue", selector("mine", Tab.OVERDUE), repeat, warmup),
        _time("GET /ho-so/", view({}), repeat, warmup),
        _time("GET /ho-so/?tab=overdue", view({"tab": "overdue"}), repeat, warmup),
        _time("GET /ho-so/?scope=mine", view({"scope": "mine"}), repeat, warmup),
        _time("GET /ho-so/?tab=finished", view({"tab": "finished"}), repeat, warmup),
        _time("GET /ho-so/?tab=new (centre receiver)", view({"tab": "new"}, receiver), repeat, warmup),
    ]
    return results


def tab_counts(setup: Setup, scope: str = "agency") -> dict[str, int | None]:
    """The officer's tab counts (finished included), as printed beside the figures."""
    from django.utils import timezone

    from egov.core.calendar_store import get_calendar
    from egov.dossiers import inbox

    agencies = inbox.inbox_agencies(setup.officer)
    tabs = inbox.TabFilters(
        at=inbox.rules.moments(timezone.now(), get_calendar()), initial_codes=inbox.initial_step_codes()
    )
    found = inbox.counts(inbox.scoped(setup.officer, scope, agencies), tabs, finished=True)
    return {str(tab): value for tab, value in found.items()}


def explain(setup: Setup) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of every query the default page's selector runs on dossiers, and
    of the counts with the finished tab (PostgreSQL only)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from egov.core.calendar_store import get_calendar
    from egov.dossiers import inbox

    if connection.vendor != "postgresql":
        return []
    with CaptureQueriesContext(connection) as captured:
        inbox.inbox(setup.officer, inbox.InboxQuery(), now=timezone.now(), calendar=get_calendar())
        inbox.inbox(
            setup.officer,
            inbox.InboxQuery(tab=inbox.Tab.FINISHED),
            now=timezone.now(),
            calendar=get_calendar(),
        )
    out = []
    seen = set()
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if '"dossiers_dossier"' not in sql or sql in seen:
                continue
            seen.add(sql)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            out.append(f"-- {sql[:300]}")
            out += [row[0] for row in cursor.fetchall()]
    return out


def cluster_by_received() -> None:
    """Lay the table out as production writes it, in the order dossiers are received (the generator
    draws them in random time order): PostgreSQL CLUSTER on a temporary (received_at) index."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX bench_received ON dossiers_dossier (received_at)")
        cursor.execute("CLUSTER dossiers_dossier USING bench_received")
        cursor.execute("DROP INDEX bench_received")


# --- Command --------------------------------------------------------------------------------------


def _admin_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path="/postgres")), parts.path.lstrip("/")


def _recreate(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    admin, name = _admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL database to create and drop")
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the page's queries")
    parser.add_argument(
        "--layout",
        choices=["received", "random"],
        default="received",
        help="table rows in the order received (as in production, default) or as generated (random)",
    )
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("the benchmark runs on PostgreSQL: --database-url postgres://…")

    _recreate(args.database_url)
    try:
        _setup_django(args.database_url)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        setup = generate(args.dossiers)
        if args.layout == "received":
            cluster_by_received()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"database: {connection.vendor} {connection.pg_version}")
        print(
            f"dossiers: {setup.dossiers:,} generated in {setup.seconds:.0f} s; open {setup.open_dossiers:,}; "
            f"large agency (department + divisions) {setup.large_agency_dossiers:,} "
            f"({setup.large_agency_dossiers / setup.dossiers:.1%}); "
            f"assigned to the officer {setup.officer_assigned:,}; rows laid out: {args.layout}"
        )
        print("officer's tabs (agency):", tab_counts(setup))
        print("officer's tabs (mine):  ", tab_counts(setup, "mine"))
        print(
            f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs"
        )
        results = measure(setup, args.repeat)
        print(f"\n{'scenario':<42} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
        for item in results:
            figures = f"{item.p50_ms:>8.1f} {item.p95_ms:>8.1f} {item.p99_ms:>8.1f}"
            print(f"{item.name:<42} {figures} {item.queries:>8}")
        print(f"\nrepeats: {args.repeat} each after a warm-up of 3")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        if args.explain:
            for line in explain(setup):
                print(line)
        connection.close()
    finally:
        if not args.keep:
            _recreate(args.database_url, drop_only=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
