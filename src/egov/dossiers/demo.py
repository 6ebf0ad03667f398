"""Demo dossiers: several hundred dossiers of the demo catalogue in every state and age, made through
the real services with past moments, so that the inbox, the overdue lists and the statistics are alive.

Reproducible (a fixed seed) and idempotent (nothing is done when dossiers exist). Every step is taken
by an officer who holds the step's role where the process puts it; the departments that the demo
people do not cover get a small demo team (``<department>.chuyenvien``, ``.truongphong``,
``.giamdoc``, password as the other demo people). The outbox events of this history are marked
delivered, so starting the demo does not send hundreds of e-mails about the past.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.accounts.models import User
from egov.core.calendar import WorkingCalendar
from egov.core.calendar_store import get_calendar
from egov.core.errors import DomainError
from egov.core.models import OutboxEvent
from egov.core.text import fold
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.dossiers.services import exceptions, interagency, processing, routing
from egov.organizations.models import Agency, Membership, Role
from egov.procedures import selectors as procedure_selectors
from egov.procedures import workflow
from egov.procedures.models import ProcedureVersion, VersionAgency

SEED = 2026
DEFAULT_COUNT = 300
HISTORY_DAYS = 75

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Thu", "Quốc", "Bảo"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Lan", "Long", "Mai", "Nam"]
GIVEN += ["Nga", "Phúc", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vy", "Yến"]
STREETS = ["Lê Lợi", "Hùng Vương", "Trần Hưng Đạo", "Nguyễn Huệ", "Điện Biên Phủ", "Lý Thường Kiệt"]
TEAM = (
    (Role.SPECIALIST, "chuyenvien", "Chuyên viên"),
    (Role.DIVISION_HEAD, "truongphong", "Trưởng phòng"),
    (Role.LEADER, "giamdoc", "Giám đốc"),
)


@dataclass
class Outcome:
    """What happened while making the demo dossiers (printed by `egov demo`)."""

    created: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    officers_added: int = 0
    showcase: list[str] = field(default_factory=list)
    """Codes of the demo citizen's dossiers left waiting for them (supplement, financial obligation)."""


def create_demo_dossiers(
    *, count: int | None = None, now: dt.datetime | None = None, seed: int = SEED
) -> Outcome:
    """Make ``count`` (default ``DEFAULT_COUNT``) demo dossiers received over the last ``HISTORY_DAYS``
    days (nothing when any dossier exists already)."""
    count = DEFAULT_COUNT if count is None else count
    outcome = Outcome()
    if Dossier.objects.exists():
        return outcome
    now = now or timezone.now()
    rng = random.Random(seed)
    calendar = get_calendar()
    outcome.officers_added = _ensure_teams()
    people = _People()
    citizen = User.objects.filter(citizen_id__isnull=False, is_staff=False).exclude(citizen_id="").first()
    plans = _receivable(people)
    if not plans:
        return outcome
    start_marker = timezone.now()
    for number in range(count):
        plan = rng.choice(plans)
        received_at = _random_moment(rng, calendar, now)
        try:
            dossier = _make_one(rng, plan, received_at, now, calendar, people, citizen, number)
        except DomainError:  # a demo path the process refuses: skip it, the others still count
            continue
        outcome.created += 1
        outcome.by_status[dossier.national_status] = outcome.by_status.get(dossier.national_status, 0) + 1
    if citizen is not None:
        outcome.showcase = _showcase(rng, plans, now, calendar, people, citizen)
        outcome.created += len(outcome.showcase)
    OutboxEvent.objects.filter(created_at__gte=start_marker, status=OutboxEvent.Status.PENDING).update(
        status=OutboxEvent.Status.DELIVERED, delivered_at=timezone.now()
    )
    return outcome


# --- What the demo citizen finds waiting ----------------------------------------------------------

WAITING_STATUSES = (5, 6)
"""Supplement requested (form 02) and financial obligation: the two waits a citizen answers online."""


def _showcase(
    rng: random.Random,
    plans: list[_Plan],
    now: dt.datetime,
    calendar: WorkingCalendar,
    people: _People,
    citizen: User,
) -> list[str]:
    """One recent online dossier of the demo citizen waiting for each of `WAITING_STATUSES`, so that
    the portal shows a form 02 to answer and a fee to pay (which resumes the dossier). The random
    history may leave none in these states."""
    codes = []
    for status in WAITING_STATUSES:
        if Dossier.objects.filter(owner=citizen, national_status=status, closed_at__isnull=True).exists():
            continue
        for plan in plans:
            if not plan.version.accepts_online or plan.version.process is None:
                continue
            try:
                dossier = _wait_at(status, rng, plan, now, calendar, people, citizen)
            except DomainError:  # a path this process refuses: try the next procedure
                continue
            if dossier is not None:
                codes.append(dossier.code)
                break
    return codes


def _wait_at(
    status: int,
    rng: random.Random,
    plan: _Plan,
    now: dt.datetime,
    calendar: WorkingCalendar,
    people: _People,
    citizen: User,
) -> Dossier | None:
    """An online dossier of ``plan`` received three working days ago and moved forward until it waits
    for the applicant with ``status``; None (nothing kept) when its process never gets there."""
    assert plan.version.process is not None
    process = procedure_selectors.process_spec(plan.version.process)
    if not any(step.national_status == status for step in process.steps):
        return None
    moment = calendar.add_working_time(now - dt.timedelta(days=5), Decimal(0))
    with transaction.atomic():
        applicant = {
            "full_name": citizen.full_name,
            "citizen_id": citizen.citizen_id,
            "phone": citizen.phone,
            "email": citizen.email,
            "address": citizen.address or "thành phố Huế",
        }
        dossier = services.receive(
            channel=Dossier.Channel.ONLINE,
            actor=citizen,
            owner=citizen,
            agency=plan.agency,
            procedure=plan.version.procedure,
            applicant=applicant,
            papers=[services.PaperReceipt(paper_id=p.pk) for p in plan.version.papers.all() if p.is_required],
            eform_document=_demo_declaration(plan.version, applicant),
            received_at=moment,
            return_method=Dossier.ReturnMethod.ONLINE,
        ).dossier
        moment = calendar.add_working_time(moment, Decimal(1))
        dossier = services.accept_online(dossier=dossier, officer=plan.receiver, at=moment)
        for _ in range(12):
            moment = calendar.add_working_time(moment, Decimal(2))
            if moment >= now:
                break
            if status == 5:
                action = exceptions.supplement_action(process, dossier.step)
                asker = people.find(dossier.permission_agency(), [Role.SPECIALIST, Role.RECEIVER])
                if action is not None and asker is not None:
                    dossier = exceptions.request_supplement(
                        dossier=dossier, actor=asker, items=[rng.choice(MISSING)], at=moment
                    )
                    return dossier
            choices = _forward(process, dossier.step)
            if status == 6:
                into = [a for a in choices if _status_of(process, a.to_step) == status]
                choices = into or choices
            if not choices:
                break
            action = choices[0]
            acting_on = interagency.open_children(dossier).first() or dossier  # liên thông: the partner
            actor = people.find(acting_on.permission_agency(), [r for r in action.roles if r != "applicant"])
            if actor is None:
                break
            moved = services.act(dossier=acting_on, action_code=action.code, actor=actor, at=moment)
            dossier = moved if acting_on is dossier else processing.lock(dossier)
            if dossier.national_status == status:
                return dossier
        transaction.set_rollback(True)  # never got there: keep nothing of this attempt
    return None


def _status_of(process: workflow.ProcessSpec, step_code: str) -> int | None:
    step = process.step(step_code)
    return step.national_status if step is not None else None


# --- Who acts ------------------------------------------------------------------------------------


def _ensure_teams() -> int:
    """A specialist, a division head and a leader for each department that processes a demo procedure
    and has none of them yet (the demo people cover Sở Xây dựng and Sở Tư pháp)."""
    from egov.accounts import services as account_services
    from egov.accounts.demo import DEMO_PASSWORD

    department_ids = set(
        VersionAgency.objects.filter(part=VersionAgency.Part.PROCESSING, agency__isnull=False).values_list(
            "agency_id", flat=True
        )
    )
    added = 0
    for department in Agency.objects.filter(pk__in=department_ids, is_active=True).order_by("path"):
        subtree = Agency.objects.filter(path__startswith=department.path)
        for role, suffix, title in TEAM:
            if Membership.objects.filter(agency__in=subtree, role=role, is_active=True).exists():
                continue
            username = f"{_slug(department.short_name)}.{suffix}"
            if User.objects.filter(username=username).exists():
                continue
            number = len(username) + department.pk
            name = (
                f"{FAMILY[number % len(FAMILY)]} {MIDDLE[number % len(MIDDLE)]} {GIVEN[number % len(GIVEN)]}"
            )
            user = account_services.create_officer(
                actor=None,
                username=username,
                full_name=name,
                email=f"{username}@demo.egov.vn",
                password=DEMO_PASSWORD,
                agency=department,
                role=role,
            )
            Membership.objects.filter(user=user, agency=department).update(title=title)
            added += 1
    return added


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text)) or "so"


class _People:
    """Officers by (agency, role): the first one who may act for the agency (in it, in a division
    below it, or above it), as `selectors.acting_grants` decides."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, str], User | None] = {}
        self._memberships = list(
            Membership.objects.filter(is_active=True, user__is_active=True)
            .select_related("user", "agency")
            .order_by("pk")
        )

    def find(self, agency: Agency, roles: tuple[str, ...] | list[str]) -> User | None:
        for role in roles:
            key = (agency.pk, role)
            if key not in self._cache:
                self._cache[key] = self._search(agency, role)
            if self._cache[key] is not None:
                return self._cache[key]
        return None

    def _search(self, agency: Agency, role: str) -> User | None:
        chain = set(agency.path_ids())
        for membership in self._memberships:
            if membership.role != role:
                continue
            if membership.agency_id in chain or membership.agency.path.startswith(agency.path):
                return membership.user
        return None


@dataclass(frozen=True)
class _Plan:
    version: ProcedureVersion
    agency: Agency
    receiver: User


def _receivable(people: _People) -> list[_Plan]:
    """Each receivable version with one agency where a demo receiver sits (commune procedures at the
    demo ward, province procedures at the service centre)."""
    receivers = Membership.objects.filter(role=Role.RECEIVER, is_active=True).select_related("agency")
    agencies = {membership.agency for membership in receivers}
    plans = []
    for version in dossier_selectors.receivable_versions().select_related("procedure", "process"):
        for agency in sorted(agencies, key=lambda item: item.path):
            if routing.may_receive(version, agency):
                receiver = people.find(agency, [Role.RECEIVER])
                if receiver is not None:
                    plans.append(_Plan(version=version, agency=agency, receiver=receiver))
                break
    return plans


# --- One dossier ---------------------------------------------------------------------------------


def _random_moment(rng: random.Random, calendar: WorkingCalendar, now: dt.datetime) -> dt.datetime:
    """A moment of a working day in the last ``HISTORY_DAYS`` days (a few outside working hours)."""
    local_now = timezone.localtime(now)
    for _ in range(50):
        recent = rng.random() < 0.45  # nearly half received in the last two weeks: a living inbox
        day = local_now.date() - dt.timedelta(days=rng.randint(0, 14 if recent else HISTORY_DAYS))
        if not calendar.is_working_day(day):
            continue
        minutes = (
            rng.randint(7 * 60 + 30, 16 * 60 + 45) if rng.random() > 0.05 else rng.randint(17 * 60, 20 * 60)
        )
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60)))
        if moment < now:
            return moment
    return now - dt.timedelta(hours=1)


def _applicant(rng: random.Random, number: int) -> dict[str, str]:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {
        "full_name": name,
        "citizen_id": f"046{rng.randint(0, 1)}{rng.randint(50, 99):02d}{number:06d}",  # born 1950–1999
        "phone": f"09{rng.randint(10000000, 99999999)}",
        "email": f"nguoinop{number}@example.vn" if rng.random() < 0.7 else "",
        "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}, thành phố Huế",
    }


def _make_one(
    rng: random.Random,
    plan: _Plan,
    received_at: dt.datetime,
    now: dt.datetime,
    calendar: WorkingCalendar,
    people: _People,
    citizen: User | None,
    number: int,
) -> Dossier:
    version = plan.version
    papers = [services.PaperReceipt(paper_id=paper.pk) for paper in version.papers.all() if paper.is_required]
    applicant = _applicant(rng, number)
    online = citizen is not None and rng.random() < 0.4
    with transaction.atomic():
        received = services.receive(
            channel=Dossier.Channel.ONLINE if online else Dossier.Channel.COUNTER,
            actor=citizen if online else plan.receiver,
            owner=citizen if online else None,
            agency=plan.agency,
            procedure=version.procedure,
            applicant=applicant,
            papers=papers,
            eform_document=_demo_declaration(version, applicant),
            received_at=received_at,
            return_method=Dossier.ReturnMethod.ONLINE if online else Dossier.ReturnMethod.COUNTER,
        )
        dossier = received.dossier
        moment = received_at
        if online:
            moment = calendar.add_working_time(received_at, Decimal(rng.choice(["0.5", "1", "2", "4"])))
            if moment >= now:
                return dossier
            dossier = services.accept_online(dossier=dossier, officer=plan.receiver, at=moment)
        return _walk(rng, dossier, moment, now, calendar, people)


def _demo_declaration(version: ProcedureVersion, applicant: dict[str, str]) -> dict[str, Any] | None:
    """A declaration that satisfies the version's e-form (every field filled with a plausible value)."""
    if not version.eform_schema:
        return None
    value = sample_value(version.eform_schema, applicant)
    return value if isinstance(value, dict) else None


def sample_value(node: dict[str, Any], applicant: dict[str, str]) -> Any:
    """A value for the JSON Schema ``node`` of the e-form subset (objects, arrays, strings with
    formats, numbers, booleans, enums)."""
    kind = node.get("type")
    if "enum" in node:
        return node["enum"][0]
    if kind == "object":
        properties = node.get("properties", {})
        return {name: sample_value(child, applicant) for name, child in properties.items()}
    if kind == "array":
        return [
            sample_value(node.get("items", {}), applicant) for _ in range(max(1, node.get("minItems", 1)))
        ]
    if kind == "integer":
        return max(int(node.get("minimum", 1)), 1)
    if kind == "number":
        return max(node.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    special = node.get("x-format")
    if special == "citizen_id":
        return applicant["citizen_id"]
    if special == "phone":
        return applicant["phone"]
    if node.get("format") == "date":
        return "1990-05-12"
    if node.get("format") == "email":
        return "nguoinop@example.vn"
    text = str(node.get("title") or "Nội dung")
    return (applicant["address"] if "địa chỉ" in text.lower() else f"{text} (hồ sơ mẫu)")[
        : int(node.get("maxLength", 200))
    ]


def _forward(process: workflow.ProcessSpec, step: str) -> list[workflow.ActionSpec]:
    """The actions that move a dossier on from ``step`` (not back, not to the applicant)."""
    here = process.step(step)
    order = here.order if here is not None else 0
    result = []
    for action in process.actions:
        target = process.step(action.to_step)
        if action.from_step != step or target is None:
            continue
        if target.national_status in (5,) or (target.order <= order and not target.is_terminal):
            continue
        result.append(action)
    return result


def _walk(
    rng: random.Random,
    dossier: Dossier,
    moment: dt.datetime,
    now: dt.datetime,
    calendar: WorkingCalendar,
    people: _People,
) -> Dossier:
    """Take the process's forward actions with realistic delays until the next one would be in the
    future; some dossiers go through a supplement request or run late on purpose."""
    assert dossier.version.process is not None
    process = procedure_selectors.process_spec(dossier.version.process)
    slow = rng.random() < 0.2  # a fifth of the dossiers run late
    supplement = rng.random() < 0.1
    stuck_after = rng.randint(1, 3) if rng.random() < 0.08 else None  # forgotten on a desk: overdue
    fate = rng.random()  # a few dossiers leave without a result
    if fate < 0.03:
        return _closing(exceptions.refuse, dossier, moment, now, calendar, people, REFUSAL)
    extended = False
    for number in range(20):
        if number == 2 and fate > 0.97:
            return _closing(exceptions.stop, dossier, moment, now, calendar, people, STOP_REASON)
        if number == 1 and 0.95 < fate <= 0.97:
            return _closing(exceptions.withdraw, dossier, moment, now, calendar, people, WITHDRAWAL)
        if not dossier.is_open or number == stuck_after:
            return dossier
        if dossier.paused_at is not None:
            resume = [a for a in process.actions if a.from_step == dossier.step]
            if not resume:
                return dossier
            moment = calendar.add_working_time(moment, Decimal(rng.choice([4, 8, 16, 24])))
            actor = people.find(dossier.permission_agency(), [r for r in resume[0].roles if r != "applicant"])
            if moment >= now or actor is None:
                return dossier
            dossier = services.act(dossier=dossier, action_code=resume[0].code, actor=actor, at=moment)
            continue
        step = process.step(dossier.step)
        hours = step.allotted_hours if step is not None and step.allotted_hours > 0 else Decimal(2)
        factor = Decimal(str(rng.uniform(1.1, 1.8) if slow else rng.uniform(0.2, 0.95)))
        moment = calendar.add_working_time(
            moment, (hours * factor).quantize(Decimal("0.25")) or Decimal("0.25")
        )
        if slow and not extended and moment > dossier.due_at and rng.random() < 0.5:
            dossier, extended = _apologise(dossier, now, calendar, people), True
        if moment >= now:
            return dossier
        if supplement and exceptions.supplement_action(process, dossier.step) is not None:
            supplement = False
            asker = people.find(dossier.permission_agency(), [Role.SPECIALIST, Role.RECEIVER])
            if asker is not None:
                dossier = exceptions.request_supplement(
                    dossier=dossier, actor=asker, items=[rng.choice(MISSING)], at=moment
                )
                continue
        choices = _forward(process, dossier.step)
        if not choices:
            return dossier
        action = choices[0]
        acting_on = interagency.open_children(dossier).first() or dossier  # liên thông: the partner's child
        actor = people.find(acting_on.permission_agency(), [r for r in action.roles if r != "applicant"])
        if actor is None:
            return dossier
        moved = services.act(
            dossier=acting_on,
            action_code=action.code,
            actor=actor,
            at=moment,
            note="Hồ sơ đầy đủ, đủ điều kiện." if rng.random() < 0.3 else "",
        )
        dossier = moved if acting_on is dossier else processing.lock(dossier)  # the parent, moved on
    return dossier


MISSING = [
    {"content": "Bản sao Giấy chứng nhận quyền sử dụng đất có chứng thực", "reason": "Bản nộp là bản chụp"},
    {"content": "Tờ khai có chữ ký của người yêu cầu", "reason": "Tờ khai chưa ký"},
    {"content": "Bản vẽ thiết kế có xác nhận của đơn vị tư vấn", "reason": "Thiếu dấu xác nhận"},
]
REFUSAL = "Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan; đề nghị nộp tại UBND cấp xã nơi cư trú."
STOP_REASON = "Người yêu cầu đã có văn bản đề nghị dừng để điều chỉnh nội dung hồ sơ."
WITHDRAWAL = "Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung thông tin."


def _closing(
    use_case: Any,
    dossier: Dossier,
    moment: dt.datetime,
    now: dt.datetime,
    calendar: WorkingCalendar,
    people: _People,
    reason: str,
) -> Dossier:
    """Refuse, stop or record a withdrawal an hour after ``moment`` (as the rules allow; else leave
    the dossier as it is)."""
    at = calendar.add_working_time(moment, Decimal(1))
    if use_case is exceptions.stop:  # the leaders of the agency handling it stop it
        actor = people.find(dossier.permission_agency(), [Role.LEADER, Role.DIVISION_HEAD])
    else:  # the one-stop section refuses, and records a withdrawal for the applicant
        actor = people.find(dossier.agency, [Role.RECEIVER])
    if at >= now or actor is None:
        return dossier
    try:
        return use_case(dossier=dossier, actor=actor, reason=reason, at=at)
    except DomainError:
        return dossier


def _apologise(dossier: Dossier, now: dt.datetime, calendar: WorkingCalendar, people: _People) -> Dossier:
    """Form 04 four hours before the due, with an appointment two working days later."""
    at = dossier.due_at - dt.timedelta(hours=4)
    actor = people.find(dossier.permission_agency(), [Role.LEADER, Role.DIVISION_HEAD, Role.SPECIALIST])
    if actor is None or at >= now or at < dossier.step_started_at:
        return dossier
    try:
        return exceptions.apologise_and_extend(
            dossier=dossier,
            actor=actor,
            new_due=calendar.add_working_time(dossier.due_at, Decimal(16)),
            reason="Hồ sơ cần xác minh thêm tại thực địa.",
            at=at,
        )
    except DomainError:
        return dossier
