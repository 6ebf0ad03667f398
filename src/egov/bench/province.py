"""The province the benchmark data lives in, built through the ordinary services (small, ORM).

The demo province (Thành phố Huế: agencies, the demo catalogue, the demo people), a team of officers
(receiver, specialist, leader) in every ward and department that has none, the catalogue grown to
``procedures`` entries with generated names (`egov.bench.catalogue`), and the *routes* dossiers take:
each receivable version with its receiving agency, processing agency, the forward path of its process
and who acts at each step. Idempotent: a second call reuses what exists.

Passwords of the accounts created here are hashed with a cheap argon2 (`cheap_passwords`): the
benchmark signs them in often, the demo password still works, and the hash says its own cost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test.utils import override_settings

WARD_TEAM = (
    ("receiver", "tiepnhan", "Cán bộ một cửa"),
    ("specialist", "chuyenvien", "Công chức"),
    ("leader", "chutich", "Chủ tịch"),
)
DEPARTMENT_TEAM = (
    ("receiver", "tiepnhan", "Cán bộ một cửa"),
    ("specialist", "chuyenvien", "Chuyên viên"),
    ("division_head", "truongphong", "Trưởng phòng"),
    ("leader", "giamdoc", "Giám đốc"),
)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quang", "Kim", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Hương",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Uyên",
    "Vinh",
    "Yến",
]


class CheapArgon2(Argon2PasswordHasher):
    """argon2id with 1 pass over 1 MiB: fine for benchmark accounts, checked by the normal hasher."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@contextlib.contextmanager
def cheap_passwords() -> Iterator[None]:
    from django.conf import settings

    hashers = ["egov.bench.province.CheapArgon2", *settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@dataclass(frozen=True)
class Hop:
    """One forward action of a route: what the timeline row and the dossier's step become."""

    action: str
    from_step: str
    to_step: str
    status_after: int
    agency_id: int  # the agency responsible for ``to_step``
    step_seconds: int  # working seconds allotted to ``to_step`` (0: none)
    actor_id: int | None  # who takes the action (an officer of the agency of ``from_step``)
    actor_label: str
    giver_unit_id: int
    freeze: bool  # the action freezes the clock for statistics (result issued, status 9)
    terminal: bool


@dataclass
class Route:
    """How dossiers of one version received at one agency travel."""

    version_id: int
    procedure_id: int
    national_code: str
    level: str
    agency_id: int
    agency_identifier: str
    agency_short: str
    agency_name: str
    processing_agency_id: int | None
    legal_seconds: int
    initial_step: str
    initial_seconds: int
    hops: list[Hop]
    charges: bool
    papers: list[tuple[int, str, int, int, bool]]  # (paper id, name, originals, copies, required)
    receiver_id: int | None
    receiver_label: str
    supplement: tuple[str, str] | None = None  # (action code, from step) of the supplement request
    specialists: list[int] = field(default_factory=list)
    weight: float = 1.0


@dataclass
class Province:
    routes: list[Route]
    agency_names: dict[int, str]
    citizen_id: int | None  # the demo citizen, who owns a few dossiers


def _label(user: Any) -> str:
    label = user.get_username()
    return f"{user.full_name} ({label})"[:200] if user.full_name else label


def _team(
    agency: Any, members: tuple[tuple[str, str, str], ...], prefix: str, *, whole_tree: bool = True
) -> int:
    """Officers for ``agency`` in each role it has nobody for (in it, or a unit below it)."""
    from egov.accounts.demo import DEMO_PASSWORD
    from egov.accounts.models import User
    from egov.accounts.services import create_officer
    from egov.organizations.models import Agency, Membership

    subtree = Agency.objects.filter(path__startswith=agency.path) if whole_tree else [agency]
    added = 0
    for role, suffix, title in members:
        if Membership.objects.filter(agency__in=subtree, role=role, is_active=True).exists():
            continue
        username = f"{prefix}.{suffix}"
        if User.objects.filter(username=username).exists():
            continue
        number = agency.pk * 7 + len(suffix)
        name = f"{FAMILY[number % len(FAMILY)]} {MIDDLE[number % len(MIDDLE)]} {GIVEN[number % len(GIVEN)]}"
        user = create_officer(
            actor=None,
            username=username,
            full_name=name,
            email="",
            password=DEMO_PASSWORD,
            agency=agency,
            role=role,
        )
        Membership.objects.filter(user=user, agency=agency).update(title=title)
        added += 1
    return added


def prepare(*, procedures: int = 6500, stdout: Any = None) -> int:
    """The demo province, officer teams, and a catalogue of ``procedures`` procedures. Returns the
    number of officers added."""
    from django.core.management import call_command

    from egov.accounts.demo import create_demo_people
    from egov.bench import catalogue
    from egov.organizations.demo import create_demo_agencies
    from egov.organizations.models import AdministrativeUnit, Agency
    from egov.procedures.demo import load_demo_catalogue

    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    if not AdministrativeUnit.objects.exists():
        call_command("load_admin_units", stdout=stdout)
    with cheap_passwords():
        agencies = create_demo_agencies()
        load_demo_catalogue()
        create_demo_people(agencies)
        added = 0
        for agency in Agency.objects.filter(is_active=True).order_by("path"):
            if agency.kind == Agency.Kind.COMMUNE_COMMITTEE:
                added += _team(agency, WARD_TEAM, f"bench{agency.pk}")
            elif agency.kind == Agency.Kind.DEPARTMENT and agency.parent_id is not None:
                parent_kind = (
                    Agency.objects.filter(pk=agency.parent_id).values_list("kind", flat=True).first()
                )
                if parent_kind == Agency.Kind.PEOPLES_COMMITTEE:
                    added += _team(agency, DEPARTMENT_TEAM, f"bench{agency.pk}")
        root = Agency.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
        if root is not None:  # someone who reads the whole province's statistics
            added += _team(root, (("leader", "lanhdao", "Chủ tịch"),), "bench.tinh", whole_tree=False)
    made = catalogue.fill(procedures)
    say(f"Danh mục thủ tục: thêm {made} thủ tục sinh tự động; {added} cán bộ được thêm.")
    return added


def _officers_by_agency() -> dict[tuple[int, str], list[Any]]:
    """Active officers by (agency id, role), for every agency in or below the membership's agency."""
    from egov.organizations.models import Membership

    found: dict[tuple[int, str], list[Any]] = {}
    for membership in (
        Membership.objects.filter(is_active=True, user__is_active=True, user__totp_secret="")
        .select_related("user", "agency")
        .order_by("pk")
    ):
        found.setdefault((membership.agency_id, membership.role), []).append(membership.user)
    return found


def _find(officers: dict[tuple[int, str], list[Any]], agency: Any, roles: tuple[str, ...] | list[str]) -> Any:
    """The first officer holding one of ``roles`` in ``agency``, a unit below it, or above it."""
    from egov.organizations.models import Agency

    chain = agency.path_ids()
    below = list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
    for role in roles:
        for agency_id in [agency.pk, *below, *reversed(chain)]:
            people = officers.get((agency_id, role))
            if people:
                return people[0]
    return None


def routes(*, province_share: float = 0.45) -> Province:
    """Every (receivable version, receiving agency) pair whose process stays inside the province's
    own agencies (liên thông processes with partner agencies are left out), with its forward path.
    Province-level versions are received at the service centre and share ``province_share`` of the
    dossiers; commune-level ones at every ward, a few big wards and a long tail."""
    from egov.accounts.demo import CITIZEN_ID
    from egov.accounts.models import User
    from egov.dossiers import selectors as dossier_selectors
    from egov.dossiers.services import routing
    from egov.dossiers.services.common import legal_hours
    from egov.dossiers.services.supplement_requests import supplement_action
    from egov.organizations.models import Agency
    from egov.procedures import selectors as procedure_selectors
    from egov.procedures import workflow

    officers = _officers_by_agency()
    agencies = {agency.pk: agency for agency in Agency.objects.filter(is_active=True)}
    wards = sorted(
        (a for a in agencies.values() if a.kind == Agency.Kind.COMMUNE_COMMITTEE), key=lambda a: a.path
    )
    receivers = [a for a in agencies.values() if _find(officers, a, ["receiver"]) is not None]
    found: list[Route] = []
    versions = dossier_selectors.receivable_versions().select_related("procedure", "process")
    for version in versions.prefetch_related("agencies", "papers", "fees"):
        assert version.process is not None
        process = procedure_selectors.process_spec(version.process)
        if any(step.responsible == workflow.RESPONSIBLE_OTHER_AGENCY for step in process.steps):
            continue
        initial = process.initial_step()
        if initial is None:
            continue
        if version.level == "commune":
            places = [ward for ward in wards if routing.may_receive(version, ward)]
        else:
            places = [a for a in sorted(receivers, key=lambda a: a.path) if routing.may_receive(version, a)][
                :1
            ]
        for place in places:
            route = _route(version, process, place, agencies, officers, initial, workflow, legal_hours)
            if route is None:
                continue
            supplement = supplement_action(process, route.hops[0].to_step) if route.hops else None
            if supplement is not None:
                route.supplement = (supplement.code, supplement.from_step)
            found.append(route)
    province_routes = [route for route in found if route.level != "commune"]
    commune_routes = [route for route in found if route.level == "commune"]
    ward_rank = {ward.pk: rank for rank, ward in enumerate(wards)}
    for route in province_routes:
        route.weight = province_share / max(1, len(province_routes))
    ward_weights = {pk: 1 / (rank + 1) ** 0.7 for pk, rank in ward_rank.items()}
    total = sum(ward_weights[route.agency_id] for route in commune_routes) or 1.0
    for route in commune_routes:
        route.weight = (1 - province_share) * ward_weights[route.agency_id] / total
    citizen = User.objects.filter(citizen_id=CITIZEN_ID).values_list("pk", flat=True).first()
    return Province(routes=found, agency_names={pk: a.name for pk, a in agencies.items()}, citizen_id=citizen)


def _route(
    version: Any,
    process: Any,
    place: Any,
    agencies: dict[int, Any],
    officers: Any,
    initial: Any,
    workflow: Any,
    legal_hours: Any,
) -> Route | None:
    from egov.dossiers.services import routing

    processing = routing.processing_agency(version, place)

    def step_agency(step: Any) -> Any:
        if step is None:
            return place
        if step.responsible in ("processing", "deciding"):
            return processing or place
        return place

    hops: list[Hop] = []
    here = initial
    seen = {here.code}
    for _ in range(20):
        forward = [
            action
            for action in process.actions
            if action.from_step == here.code
            and (target := process.step(action.to_step)) is not None
            and target.national_status not in (5, 6)
            and (target.order > here.order or target.is_terminal)
        ]
        if not forward:
            break
        action = forward[0]
        target = process.step(action.to_step)
        if target.code in seen:
            break
        seen.add(target.code)
        giver_unit = step_agency(here)
        actor = _find(officers, giver_unit, [role for role in action.roles if role != workflow.APPLICANT])
        if actor is None:
            return None
        hops.append(
            Hop(
                action=action.code,
                from_step=here.code,
                to_step=target.code,
                status_after=target.national_status,
                agency_id=step_agency(target).pk,
                step_seconds=int(Decimal(target.allotted_hours) * 3600),
                actor_id=actor.pk,
                actor_label=_label(actor),
                giver_unit_id=giver_unit.pk,
                freeze=action.clock_effect == "freeze" or target.national_status == 9,
                terminal=target.is_terminal,
            )
        )
        here = target
        if target.is_terminal:
            break
    if not hops or not hops[-1].terminal:
        return None
    receiver = _find(officers, place, ["receiver"])
    processing_team = processing or place
    specialists = [user.pk for user in officers.get((processing_team.pk, "specialist"), [])]
    for unit in agencies.values():
        if unit.parent_id == processing_team.pk:
            specialists += [user.pk for user in officers.get((unit.pk, "specialist"), [])]
    return Route(
        version_id=version.pk,
        procedure_id=version.procedure_id,
        national_code=version.procedure.national_code,
        level=version.level,
        agency_id=place.pk,
        agency_identifier=place.identifier,
        agency_short=place.short_name,
        agency_name=place.name,
        processing_agency_id=processing.pk if processing is not None else None,
        legal_seconds=int(legal_hours(version) * 3600),
        initial_step=initial.code,
        initial_seconds=int(Decimal(initial.allotted_hours) * 3600),
        hops=hops,
        charges=any(fee.amount and fee.amount > 0 for fee in version.fees.all()),
        papers=[
            (paper.pk, paper.name, paper.originals, paper.copies, paper.is_required)
            for paper in sorted(version.papers.all(), key=lambda p: (p.order, p.pk))
        ],
        receiver_id=receiver.pk if receiver is not None else None,
        receiver_label=_label(receiver) if receiver is not None else "",
        specialists=specialists,
    )


def today_range(years: float, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """First and last day of the seeded period, with room after ``now`` for open dossiers' dues."""
    first = (now - dt.timedelta(days=int(365.25 * years) + 1)).date()
    return first, (now + dt.timedelta(days=400)).date()
