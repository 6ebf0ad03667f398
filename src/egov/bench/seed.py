"""`egov bench seed --dossiers N`: a realistic province with N dossiers, for the benchmarks.

1. The province through the services (`egov.bench.province`): demo agencies and catalogue, demo
   people, a team in every ward and department, the catalogue grown to 6,500 procedures.
2. Citizens' accounts (one for every ten dossiers) and N dossiers received over ``--years`` years,
   generated in plain Python from precomputed pools (no model instances) and streamed into PostgreSQL
   with COPY (`egov.bench.sinks`; INSERTs on SQLite). Each dossier follows its procedure's process
   along the forward path with working-time dues from the province's calendar (`worktime`): received
   at a ward or the service centre, counter, postal or online (then accepted), some refused, withdrawn
   or stopped, some waiting for a supplement, most processed early, some on time or late, results
   returned; the recent ones still open at every step. Its timeline rows, papers and one audit entry
   per timeline row are written with it.
3. What must stay consistent: the audit entries continue the hash chain from its head (``egov audit
   verify`` passes), the daily rollups are the ones ``egov dossier-stats rebuild`` computes from the
   dossiers (tested), the code counters continue after the seeded codes, the id sequences after the
   seeded ids.

Seeded audit entries carry the services' action codes, actors and objects with a shorter before/after
(step, status, agency, dues) than the services write, to keep 1 M dossiers within the time budget.
Seeded dossiers have no stored files and no outbox events (their notifications were "sent" long ago).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from egov.bench import rows
from egov.bench.province import FAMILY, GIVEN, MIDDLE, Province, Route, today_range
from egov.bench.worktime import WorkTable

UTC = dt.UTC
VN_OFFSET = 7 * 3600
HOUR = 3600
GENESIS_HASH = "0" * 64

DOSSIER = "dossiers_dossier"
EVENT = "dossiers_dossierevent"
PAPER = "dossiers_dossierpaper"
AUDIT = "core_auditentry"
ROLLUP = "dossiers_dailyrollup"
USER = "accounts_user"

COLUMNS: dict[str, tuple[str, ...]] = {
    DOSSIER: (
        "id",
        "code",
        "version_id",
        "agency_id",
        "processing_agency_id",
        "current_agency_id",
        "channel",
        "origin_id",
        "received_by_id",
        "assignee_id",
        "idempotency_key",
        "idempotency_fingerprint",
        "return_method",
        "applicant_name",
        "applicant_citizen_id",
        "applicant_phone",
        "applicant_email",
        "applicant_address",
        "owner_id",
        "step",
        "national_status",
        "payment_state",
        "delivery_state",
        "sync_state",
        "received_at",
        "started_at",
        "due_at",
        "original_due_at",
        "step_started_at",
        "step_due_at",
        "paused_at",
        "paused_for",
        "paused_hours",
        "extensions",
        "frozen",
        "finished_at",
        "closed_at",
        "closure_status",
        "closure_reason",
        "eform_document",
        "created_at",
        "updated_at",
    ),
    EVENT: (
        "id",
        "dossier_id",
        "action",
        "at",
        "from_step",
        "to_step",
        "status_before",
        "status_after",
        "giver_unit_id",
        "giver_unit_name",
        "giver_id",
        "giver_name",
        "receiver_unit_id",
        "receiver_unit_name",
        "receiver_id",
        "receiver_name",
        "step_started_at",
        "step_due_at",
        "step_result",
        "note",
        "details",
        "created_at",
    ),
    PAPER: ("id", "dossier_id", "paper_id", "name", "originals", "copies", "note"),
    AUDIT: (
        "id",
        "sequence",
        "occurred_at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "before",
        "after",
        "details",
        "request_id",
        "previous_hash",
        "hash",
    ),
}
USER_COLUMNS = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "username",
    "full_name",
    "email",
    "phone",
    "citizen_id",
    "kind",
    "is_staff",
    "is_active",
    "date_joined",
    "failed_sign_ins",
    "locked_until",
    "totp_secret",
    "totp_confirmed_at",
    "totp_last_step",
    "address",
    "email_verified_at",
    "phone_verified_at",
    "province_id",
    "ward_id",
)
ROLLUP_COUNTERS = (
    "received",
    "received_online",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "refused",
    "withdrawn",
    "stopped",
)
ROLLUP_COLUMNS = (
    "id",
    "agency_id",
    "procedure_id",
    "day",
    *ROLLUP_COUNTERS,
    "linked_received",
    "linked_finished_early",
    "linked_finished_on_time",
    "linked_finished_late",
    "linked_closed",
)

STREETS = [
    "Lê Lợi",
    "Hùng Vương",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Bà Triệu",
    "Điện Biên Phủ",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Phan Chu Trinh",
    "Ngô Quyền",
    "Đống Đa",
    "Nguyễn Trãi",
]
REFUSAL = "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan."
WITHDRAWAL = "Người nộp đề nghị rút hồ sơ."
STOP_REASON = "Người yêu cầu đề nghị dừng để điều chỉnh nội dung hồ sơ."
SUPPLEMENT_ITEMS = [
    {"content": "Bản sao giấy tờ có chứng thực", "reason": "Bản nộp là bản chụp"},
    {"content": "Tờ khai có chữ ký của người yêu cầu", "reason": "Tờ khai chưa ký"},
]


@dataclass
class Figures:
    dossiers: int = 0
    events: int = 0
    papers: int = 0
    audit_entries: int = 0
    rollup_rows: int = 0
    citizens: int = 0
    counters: int = 0
    by_status: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    largest_agency: tuple[int, int] = (0, 0)  # (agency id, dossiers whose current agency it is)
    setup_seconds: float = 0.0
    generate_seconds: float = 0.0
    index_seconds: float = 0.0


class Progress:
    """A one-line progress bar on stderr (every 2 % when not a terminal)."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total = max(1, total)
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.step = max(1, self.total // (200 if self.tty else 50))

    def update(self, done: int) -> None:
        if done % self.step and done != self.total:
            return
        share = done / self.total
        bar = "#" * int(share * 30)
        elapsed = time.perf_counter() - self.started
        line = f"[{bar:<30}] {share:6.1%} {done:,}/{self.total:,} hồ sơ, {elapsed:5.1f} s"
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and done == self.total:
            self.stream.write("\n")
        self.stream.flush()


class AuditChain:
    """Hash-chained audit rows continuing the chain head (the same canonical form and hash as
    `egov.core.audit.entry_hash`; the first entry of each action is checked against it)."""

    def __init__(self, sequence: int, last_hash: str, next_id: int) -> None:
        self.sequence = sequence
        self.hash = last_hash or GENESIS_HASH
        self.next_id = next_id
        self.checked: set[str] = set()
        self.labels: dict[str, tuple[str, str]] = {}  # JSON and COPY forms of each actor label

    def row(
        self,
        at: int,
        actor_id: int | None,
        actor_label: str,
        action: str,
        object_id: int,
        object_repr: str,
        before: str,
        after: str,
        details: str,
    ) -> str:
        """A COPY line; ``before``, ``after``, ``details`` are canonical JSON texts (`rows.canonical`)."""
        self.sequence += 1
        actor = "null" if actor_id is None else str(actor_id)
        label = self.labels.get(actor_label)
        if label is None:
            label = self.labels[actor_label] = (rows.jstr(actor_label), rows.esc(actor_label))
        material = (
            f'{{"action":"{action}","actor_id":{actor},"actor_label":{label[0]},'
            f'"after":{after},"before":{before},"details":{details},"object_id":"{object_id}",'
            f'"object_repr":"{object_repr}","object_type":"dossiers.dossier",'
            f'"occurred_at":"{rows.audit_time(at)}","previous_hash":"{self.hash}",'
            f'"request_id":"","sequence":{self.sequence}}}'
        )
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()
        if action not in self.checked:  # the fast canonical text must be the audit module's
            self.checked.add(action)
            self._check(
                at, actor_id, actor_label, action, object_id, object_repr, before, after, details, digest
            )
        text = rows.line(
            str(self.next_id),
            str(self.sequence),
            rows.ts(at),
            rows.num(actor_id),
            label[1],
            action,
            "dossiers.dossier",
            str(object_id),
            object_repr,
            before,
            after,
            details,
            "",
            self.hash,
            digest,
        )
        self.next_id += 1
        self.hash = digest
        return text

    def _check(
        self,
        at: int,
        actor_id: int | None,
        actor_label: str,
        action: str,
        object_id: int,
        object_repr: str,
        before: str,
        after: str,
        details: str,
        digest: str,
    ) -> None:
        from egov.core import audit

        fields = {
            "sequence": self.sequence,
            "occurred_at": dt.datetime.fromtimestamp(at, UTC),
            "actor_id": actor_id,
            "actor_label": actor_label,
            "action": action,
            "object_type": "dossiers.dossier",
            "object_id": str(object_id),
            "object_repr": object_repr,
            "before": json.loads(before),
            "after": json.loads(after),
            "details": json.loads(details),
            "request_id": "",
            "previous_hash": self.hash,
        }
        if audit.entry_hash(fields) != digest:
            raise AssertionError(f"seeded audit hash differs from egov.core.audit's ({action})")


def _citizens(rng: random.Random, count: int, next_id: int, now: dt.datetime) -> list[tuple[Any, ...]]:
    """Citizens' accounts: (id, name, citizen id, phone) pools and their rows (no usable password)."""
    rows = []
    used: set[str] = set()
    for n in range(count):
        while True:
            province, century, year = rng.randint(1, 96), rng.randint(0, 3), rng.randint(40, 99)
            citizen_id = f"0{province:02d}{century}{year:02d}{rng.randrange(10**6):06d}"
            if citizen_id not in used:
                used.add(citizen_id)
                break
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"09{rng.randrange(10**8):08d}"
        joined = now - dt.timedelta(days=rng.uniform(30, 1500))
        rows.append(
            (
                next_id + n,
                "!bench",
                None,
                False,
                citizen_id,
                name,
                "",
                phone,
                citizen_id,
                "citizen",
                False,
                True,
                joined,
                0,
                None,
                "",
                None,
                None,
                "",
                None,
                None,
                None,
                None,
            )
        )
    return rows


def seed(
    *,
    dossiers: int,
    years: float = 3.0,
    citizens: int | None = None,
    procedures: int = 6500,
    seed_value: int = 20261122,
    now: dt.datetime | None = None,
    stdout: Any = None,
    progress: bool = True,
) -> Figures:
    """Build the province and ``dossiers`` dossiers (see the module docstring). The database must not
    hold dossiers yet."""
    from django.db import connection, transaction
    from django.utils import timezone

    from egov.bench import province as province_module
    from egov.bench import sinks
    from egov.core.calendar import VIETNAM
    from egov.core.calendar_store import get_calendar
    from egov.dossiers.models import Dossier

    if Dossier.objects.exists():
        raise RuntimeError("egov bench seed needs a database without dossiers (create a fresh one).")
    figures = Figures()
    started = time.perf_counter()
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        province_module.prepare(procedures=procedures, stdout=stdout)
    province = province_module.routes()
    if not province.routes:
        raise RuntimeError("no receivable procedure with a complete process: cannot seed dossiers")
    calendar = get_calendar()
    first, last = today_range(years, now)
    table = WorkTable.from_calendar(calendar.sessions_on, first, last, VIETNAM)
    figures.setup_seconds = time.perf_counter() - started

    rng = random.Random(seed_value)
    ids = sinks.next_ids([DOSSIER, EVENT, PAPER, AUDIT, USER, ROLLUP])
    citizens = max(20, dossiers // 10) if citizens is None else citizens
    citizen_rows = _citizens(rng, citizens, ids[USER], now)
    user_sink = sinks.make_sink({USER: USER_COLUMNS})
    for row in citizen_rows:
        user_sink.write(USER, row)
    user_sink.close()
    figures.citizens = len(citizen_rows)
    pool = [(row[0], row[5], row[4], row[7]) for row in citizen_rows]  # id, name, citizen id, phone

    from egov.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON_ID).first()
    chain = AuditChain(head.sequence if head else 0, head.hash if head else "", ids[AUDIT])
    generator = _Generator(province, table, rng, int(now.timestamp()), chain, ids, pool, figures)
    sink = sinks.make_sink({name: COLUMNS[name] for name in (DOSSIER, EVENT, PAPER, AUDIT)})
    bar = Progress(dossiers) if progress else None
    generating = time.perf_counter()
    try:
        begin = int((now - dt.timedelta(days=365.25 * years)).timestamp())
        low, high = table.worked(begin), table.worked(int(now.timestamp()) - 600)
        positions = sorted(rng.uniform(low, high) for _ in range(dossiers))
        for number, position in enumerate(positions, 1):
            generator.dossier(sink, table.moment_of(int(position)))
            if bar is not None:
                bar.update(number)
        figures.generate_seconds = time.perf_counter() - generating
        closing = time.perf_counter()
        sink.close()
        figures.index_seconds = time.perf_counter() - closing
    except BaseException:
        if isinstance(sink, sinks.CopySink):
            sink.abort()
        raise
    with transaction.atomic():
        figures.rollup_rows = _write_rollups(generator.rollups, ids[ROLLUP])
        figures.counters = _write_counters(generator.sequences)
        AuditChainHead.objects.update_or_create(
            pk=AuditChainHead.SINGLETON_ID, defaults={"sequence": chain.sequence, "hash": chain.hash}
        )
    sinks.reset_sequences([DOSSIER, EVENT, PAPER, AUDIT, USER, ROLLUP])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if generator.current:
        figures.largest_agency = max(generator.current.items(), key=lambda item: item[1])
    figures.audit_entries = chain.sequence - (head.sequence if head else 0)
    return figures


def _write_rollups(rollups: dict[tuple[int, int, int], list[int]], first_id: int) -> int:
    from egov.bench import sinks

    sink = sinks.make_sink({ROLLUP: ROLLUP_COLUMNS})
    written = 0
    for (agency_id, procedure_id, day_number), counts in sorted(rollups.items()):
        if not any(counts):
            continue
        day = dt.date(1970, 1, 1) + dt.timedelta(days=day_number)
        sink.write(ROLLUP, (first_id + written, agency_id, procedure_id, day, *counts, 0, 0, 0, 0, 0))
        written += 1
    sink.close()
    return written


def _write_counters(sequences: dict[str, int]) -> int:
    """Code counters continue after the largest seeded number of each key."""
    from egov.core.models.numbering import Counter

    existing = dict(Counter.objects.filter(key__in=list(sequences)).values_list("key", "last_value"))
    rows = [Counter(key=key, last_value=max(value, existing.get(key, 0))) for key, value in sequences.items()]
    Counter.objects.bulk_create(
        rows, batch_size=2000, update_conflicts=True, unique_fields=["key"], update_fields=["last_value"]
    )
    return len(rows)


class _Generator:
    """One dossier at a time: its row, timeline, papers, audit entries, rollup counts and code."""

    def __init__(
        self,
        province: Province,
        table: WorkTable,
        rng: random.Random,
        now: int,
        chain: AuditChain,
        ids: dict[str, int],
        citizens: list[tuple[int, str, str, str]],
        figures: Figures,
    ) -> None:
        from django.conf import settings

        from egov.core import counters

        self.province = province
        self.routes = province.routes
        total = sum(route.weight for route in self.routes)
        self.cumulative: list[float] = []
        running = 0.0
        for route in self.routes:
            running += route.weight / total
            self.cumulative.append(running)
        self.table = table
        self.rng = rng
        self.now = now
        self.chain = chain
        self.citizens = [
            (pk, name, citizen_id, phone, rows.esc(name)) for pk, name, citizen_id, phone in citizens
        ]
        self.figures = figures
        self.next_dossier = ids[DOSSIER]
        self.next_event = ids[EVENT]
        self.next_paper = ids[PAPER]
        self.pattern = counters.dossier_code_pattern()
        self.contexts: dict[tuple[int, str, int], tuple[str, Any]] = {}
        # One cached code context per agency and day (and procedure, when the pattern names it).
        self.by_procedure = "{procedure" in settings.EGOV_DOSSIER_CODE_PATTERN
        self.sequences: dict[str, int] = defaultdict(int)
        self.rollups: dict[tuple[int, int, int], list[int]] = {}
        self.current: dict[int, int] = defaultdict(int)
        self.names = {pk: rows.esc(name) for pk, name in province.agency_names.items()}
        self.by_date = getattr(settings, "EGOV_TIMELINESS_COMPARE", "moment") == "date"
        self.demo_owned = 0
        self.person_names = [rows.esc(f"{a} {b} {c}") for a in FAMILY for b in MIDDLE for c in GIVEN]
        self.addresses = [
            [
                rows.esc(f"{n} {street}, {route.agency_name.removeprefix('Ủy ban nhân dân ')}")
                for n in (7, 12, 25, 48)
                for street in STREETS
            ]
            for route in self.routes
        ]
        self.papers = [
            [
                (str(pk), rows.esc(name), str(originals), str(copies), required)
                for pk, name, originals, copies, required in route.papers
            ]
            for route in self.routes
        ]
        self.hops = [
            [
                (hop, rows.esc(hop.actor_label), rows.esc(hop.actor_label.rsplit(" (", 1)[0]))
                for hop in route.hops
            ]
            for route in self.routes
        ]

    def _code(self, route_index: int, route: Route, received: int) -> str:
        from egov.core.numbering import CodeContext

        day_number = (received + VN_OFFSET) // 86400
        cache_key = (route.agency_id, route.national_code if self.by_procedure else "", day_number)
        cached = self.contexts.get(cache_key)
        if cached is None:
            context = CodeContext(
                series="dossier",
                at=dt.datetime.fromtimestamp(received, UTC),
                agency=route.agency_identifier,
                agency_short=route.agency_short,
                procedure=route.national_code,
            )
            cached = self.contexts[cache_key] = (self.pattern.counter_key(context), context)
        key, context = cached
        self.sequences[key] += 1
        return str(self.pattern.format(context, self.sequences[key]))

    def _count(self, agency_id: int, procedure_id: int, moment: int, counter: int) -> None:
        key = (agency_id, procedure_id, (moment + VN_OFFSET) // 86400)
        row = self.rollups.get(key)
        if row is None:
            row = self.rollups[key] = [0] * len(ROLLUP_COUNTERS)
        row[counter] += 1

    def _result(self, at: int, due: int | None) -> str:
        """On-time class of a step or a dossier finished at ``at`` against ``due`` (timeliness.classify)."""
        if due is None:
            return ""
        if self.by_date:
            done, limit = (at + VN_OFFSET) // 86400, (due + VN_OFFSET) // 86400
            return "late" if done > limit else ("early" if done < limit else "on_time")
        if at > due:
            return "late"
        return "early" if at < self.table.session_start_of(due) else "on_time"

    def dossier(self, sink: Any, received: int) -> None:
        rng, table, now, ts, num, NULL = self.rng, self.table, self.now, rows.ts, rows.num, rows.NULL
        route_index = min(bisect.bisect_left(self.cumulative, rng.random()), len(self.routes) - 1)
        route = self.routes[route_index]
        dossier_id = self.next_dossier
        self.next_dossier += 1
        code = self._code(route_index, route, received)

        roll = rng.random()
        channel = "counter" if roll < 0.55 else ("online" if roll < 0.9 else "postal")
        online = channel == "online"
        owner_id = None
        if online:
            if self.province.citizen_id is not None and self.demo_owned < 25 and rng.random() < 0.01:
                owner_id, name, citizen_id, phone = (
                    self.province.citizen_id,
                    "Lê Thị Thu Hà",
                    "046090001234",
                    "0905123456",
                )
                self.demo_owned += 1
            else:
                owner_id, name, citizen_id, phone, _ = self.citizens[rng.randrange(len(self.citizens))]
            name = rows.esc(name)
        else:
            name = self.person_names[rng.randrange(len(self.person_names))]
            citizen_id = f"046{rng.randrange(10**9):09d}"
            phone = f"09{rng.randrange(10**8):08d}"
        addresses = self.addresses[route_index]
        address = addresses[rng.randrange(len(addresses))]

        started = table.next_start(received)
        original_due = table.add(started, route.legal_seconds)
        initial_due = table.add(received, route.initial_seconds) if route.initial_seconds else None
        fate = rng.random()
        speed = rng.random()
        if speed < 0.7:
            factor = rng.uniform(0.25, 0.85)
        elif speed < 0.88:
            factor = rng.uniform(0.85, 1.0)
        else:
            factor = rng.uniform(1.02, 1.6)
        hops = self.hops[route_index]
        moments: list[int] = []
        spent = route.initial_seconds
        freeze_at = None
        for hop, _, _ in hops:
            if hop.terminal and freeze_at is not None:
                moments.append(table.add(freeze_at, rng.randint(1800, 24 * HOUR)))
            else:
                moments.append(table.add(started, max(600, int(factor * spent))))
            if hop.freeze:
                freeze_at = moments[-1]
            spent += hop.step_seconds
        accepted_at: int | None = table.add(received, rng.randint(600, 4 * HOUR)) if online else received
        if online and accepted_at is not None and accepted_at > now:
            accepted_at = None

        lines: list[str] = []
        audits: list[str] = []
        receiver_id = route.receiver_id
        receiver_label = rows.esc(route.receiver_label)
        receiver_name = rows.esc(route.receiver_label.rsplit(" (", 1)[0])
        names = self.names

        def event(
            action: str,
            at: int,
            from_step: str,
            to_step: str,
            before: int | None,
            after: int,
            giver_unit: int | None,
            giver: int | None,
            giver_name: str,
            receiver_unit: int | None,
            receiver: int | None,
            receiver_name_: str,
            step_start: int | None,
            step_end: int | None,
            result: str = "",
            note: str = "",
            details: str = "{}",
        ) -> None:
            lines.append(
                f"{self.next_event}\t{dossier_id}\t{action}\t{ts(at)}\t{from_step}\t{to_step}\t{num(before)}\t"
                f"{after}\t{num(giver_unit)}\t{names.get(giver_unit, '') if giver_unit else ''}\t"
                f"{num(giver)}\t{giver_name}\t{num(receiver_unit)}\t"
                f"{names.get(receiver_unit, '') if receiver_unit else ''}\t"
                f"{num(receiver)}\t{receiver_name_}\t{ts(step_start)}\t{ts(step_end)}\t{result}\t{note}\t"
                f"{details}\t{ts(at)}\n"
            )
            self.next_event += 1

        def audit(
            at: int, actor: int | None, label: str, action: str, before: str, after: str, details: str = "{}"
        ) -> None:
            audits.append(self.chain.row(at, actor, label, action, dossier_id, code, before, after, details))

        status = 1 if online else 2
        received_at_json, due_json = rows.iso(received), rows.iso(original_due)
        event(
            "receive",
            received,
            "",
            route.initial_step,
            None,
            status,
            None,
            owner_id if online else None,
            name,
            route.agency_id,
            None if online else receiver_id,
            "" if online else receiver_name,
            received,
            initial_due,
            details=f'{{"channel": "{channel}"}}',
        )
        after = (
            f'{{"channel":"{channel}","code":"{code}","due_at":"{due_json}","national_status":{status},'
            f'"received_at":"{received_at_json}","step":"{route.initial_step}"}}'
        )
        if online:
            audit(received, owner_id, f"{name} ({citizen_id})", "dossier.received", "null", after)
        else:
            audit(received, receiver_id, receiver_label, "dossier.received", "null", after)
        received_by = None if online else receiver_id
        if online and accepted_at is not None:
            event(
                "accept",
                accepted_at,
                route.initial_step,
                route.initial_step,
                1,
                2,
                None,
                None,
                "",
                route.agency_id,
                receiver_id,
                receiver_name,
                None,
                None,
            )
            audit(
                accepted_at,
                receiver_id,
                receiver_label,
                "dossier.accepted",
                '{"national_status":1}',
                '{"national_status":2}',
            )
            status, received_by = 2, receiver_id

        step, step_started, step_due = route.initial_step, received, initial_due
        current_agency = route.agency_id
        frozen_at = finished_at = closed_at = closure_status = paused_at = None
        closure_reason = ""
        last = accepted_at if accepted_at is not None else received
        closure = None
        if fate < 0.02:
            closure = ("refuse", 3, "dossier.refused", REFUSAL, -1)
        elif fate < 0.035:
            closure = ("withdraw", 7, "dossier.withdrawn", WITHDRAWAL, 0)
        elif fate < 0.045:
            closure = ("stop", 8, "dossier.stopped", STOP_REASON, 1)
        closes_before = closure[4] if closure is not None else None
        if closure is not None and closes_before == -1:  # refused at receipt (form 03)
            at = table.add(last, rng.randint(900, 4 * HOUR))
            if at <= now:
                closed_at, closure_status, closure_reason = at, 3, closure[3]
        if closed_at is None and (not online or accepted_at is not None):
            for index, (hop, hop_label, hop_name) in enumerate(hops):
                if closure is not None and closes_before == index:
                    at_close = table.add(last, rng.randint(900, 8 * HOUR))
                    if at_close <= now:
                        closed_at, closure_status, closure_reason = at_close, closure[1], closure[3]
                        break
                at = moments[index]
                if at <= last:  # a short step right after a late acceptance
                    at = table.add(last, rng.randint(600, 2 * HOUR))
                    moments = [max(later, at) for later in moments]
                if at > now:
                    if route.supplement is not None and step == route.supplement[1] and rng.random() < 0.2:
                        asked = table.add(step_started, rng.randint(1800, 16 * HOUR))
                        if asked < now:
                            item = SUPPLEMENT_TEXTS[rng.randrange(len(SUPPLEMENT_TEXTS))]
                            event(
                                route.supplement[0],
                                asked,
                                step,
                                "bo-sung",
                                status,
                                5,
                                current_agency,
                                hop.actor_id,
                                hop_name,
                                route.agency_id,
                                None,
                                "",
                                step_started,
                                step_due,
                                self._result(asked, step_due),
                                details=item,
                            )
                            audit(
                                asked,
                                hop.actor_id,
                                hop_label,
                                "dossier.supplement_requested",
                                f'{{"national_status":{status},"step":"{step}"}}',
                                f'{{"national_status":5,"paused_at":"{rows.iso(asked)}","step":"bo-sung"}}',
                            )
                            step, status, step_started, step_due = "bo-sung", 5, asked, None
                            current_agency, paused_at, last = route.agency_id, asked, asked
                    break
                receiver_unit = hop.agency_id if hop.to_step != step else None
                event(
                    hop.action,
                    at,
                    step,
                    hop.to_step,
                    status,
                    hop.status_after,
                    hop.giver_unit_id,
                    hop.actor_id,
                    hop_name,
                    receiver_unit,
                    None,
                    "",
                    step_started,
                    step_due,
                    self._result(at, step_due),
                )
                before = f'{{"current_agency":{current_agency},"national_status":{status},"step":"{step}"}}'
                step, status, current_agency, step_started = hop.to_step, hop.status_after, hop.agency_id, at
                step_due = table.add(at, hop.step_seconds) if hop.step_seconds and not hop.terminal else None
                if hop.freeze:
                    frozen_at = at
                if hop.terminal:
                    finished_at = at
                due_text = f'"{rows.iso(step_due)}"' if step_due else "null"
                finished_text = f'"{rows.iso(at)}"' if hop.terminal else "null"
                audit(
                    at,
                    hop.actor_id,
                    hop_label,
                    "dossier.action",
                    before,
                    f'{{"current_agency":{current_agency},"finished_at":{finished_text},'
                    f'"national_status":{status},"step":"{step}","step_due_at":{due_text}}}',
                    f'{{"action_code":"{hop.action}","files":[]}}',
                )
                last = at
        if closed_at is not None and closure is not None:
            action, closed_status, topic, reason = closure[0], closure[1], closure[2], closure[3]
            event(
                action,
                closed_at,
                step,
                step,
                status,
                closed_status,
                current_agency,
                receiver_id,
                receiver_name,
                None,
                None,
                "",
                None,
                None,
                note=reason,
            )
            audit(
                closed_at,
                receiver_id,
                receiver_label,
                topic,
                f'{{"national_status":{status},"step":"{step}"}}',
                f'{{"closed_at":"{rows.iso(closed_at)}","national_status":{closed_status},"step":"{step}"}}',
                f'{{"reason":"{reason}"}}',
            )
            status, last = closed_status, closed_at

        is_open = finished_at is None and closed_at is None
        assignee = None
        if is_open and status == 4 and route.specialists and rng.random() < 0.7:
            assignee = route.specialists[rng.randrange(len(route.specialists))]
        frozen = NULL
        if frozen_at is not None:
            frozen = (
                f'{{"at": "{rows.iso(frozen_at)}", "due_at": "{due_json}", "started_at": '
                f'"{rows.iso(started)}", "paused_hours": "0.00", "original_due_at": "{due_json}"}}'
            )
        delivery = "delivered" if status == 10 else ("ready" if status == 9 else "not_ready")
        payment = ("paid" if frozen_at is not None else "pending") if route.charges else "not_required"
        sync = "synced" if now - last > 86400 else "pending"
        sink.write(
            DOSSIER,
            (
                f"{dossier_id}\t{code}\t{route.version_id}\t{route.agency_id}\t{num(route.processing_agency_id)}\t"
                f"{current_agency}\t{channel}\t{NULL}\t{num(received_by)}\t{num(assignee)}\t\t\t"
                f"{'online' if online else 'counter'}\t{name}\t{citizen_id}\t{phone}\t\t{address}\t"
                f"{num(owner_id)}\t"
                f"{step}\t{status}\t{payment}\t{delivery}\t{sync}\t{ts(received)}\t{ts(started)}\t{ts(original_due)}\t"
                f"{ts(original_due)}\t{ts(step_started)}\t{ts(step_due)}\t{ts(paused_at)}\t"
                f"{'5' if paused_at else NULL}\t0.00\t[]\t{frozen}\t{ts(finished_at)}\t{ts(closed_at)}\t"
                f"{num(closure_status)}\t{closure_reason}\t{{}}\t{ts(received)}\t{ts(last)}\n"
            ),
        )
        for text in lines:
            sink.write(EVENT, text)
        for text in audits:
            sink.write(AUDIT, text)
        for paper_id, paper_name, originals, copies, required in self.papers[route_index]:
            if required or rng.random() < 0.5:
                sink.write(
                    PAPER,
                    f"{self.next_paper}\t{dossier_id}\t{paper_id}\t{paper_name}\t{originals}\t{copies}\t\n",
                )
                self.next_paper += 1
                self.figures.papers += 1

        # Rollups, as `rollups.facts` and `rules.contributions` count this dossier.
        agency_id = route.processing_agency_id or route.agency_id
        procedure_id = route.procedure_id
        if status != 1 and (not online or received_by is not None or closure_status not in (3, 7)):
            self._count(agency_id, procedure_id, received, 0)
            if online:
                self._count(agency_id, procedure_id, received, 1)
        if closure_status is not None and closed_at is not None:
            self._count(agency_id, procedure_id, closed_at, CLOSURE_COUNTER[closure_status])
        else:
            moment = frozen_at if frozen_at is not None else finished_at
            if moment is not None:
                self._count(
                    agency_id, procedure_id, moment, FINISH_COUNTER[self._result(moment, original_due)]
                )
        self.current[current_agency] += 1
        self.figures.dossiers += 1
        self.figures.events += len(lines)
        self.figures.by_status[status] += 1


CLOSURE_COUNTER = {3: 5, 7: 6, 8: 7}
FINISH_COUNTER = {"early": 2, "on_time": 3, "late": 4}
SUPPLEMENT_TEXTS = [rows.canonical({"items": [item]}) for item in SUPPLEMENT_ITEMS]
