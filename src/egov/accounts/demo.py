"""Demo people for the demo province: one of each role, a person with two roles, a citizen and a
system administrator with a fixed TOTP secret. Demo data only; the demo prints these logins.

`create_demo_people(agencies)` is idempotent: people are looked up by user name, missing ones and
missing roles are added through the services (so each is audited).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from egov.accounts import rules, services
from egov.accounts.models import User
from egov.organizations import selectors as organization_selectors
from egov.organizations import services as organization_services
from egov.organizations.models import AdministrativeUnit, Agency, Membership, Role

# The same easy-but-not-trivial password for every demo person (printed by `egov demo`).
DEMO_PASSWORD = "Hue@2026demo"
# Fixed so the demo can print it once and an authenticator app keeps working across resets.
ADMIN_TOTP_SECRET = "EGOVHUEDEMOADMINTOTPSECRET234567"
ADMIN_USERNAME = "quantri"
CITIZEN_ID = "046090001234"  # born 1990 in Thừa Thiên Huế (province code 046), male


@dataclass(frozen=True)
class DemoLogin:
    """What the demo prints for one person."""

    username: str
    password: str
    full_name: str
    role: str  # in Vietnamese, e.g. "Chuyên viên xử lý — Phòng Quản lý xây dựng"
    totp_secret: str = ""


@dataclass(frozen=True)
class _Person:
    username: str
    full_name: str
    roles: tuple[tuple[Agency, str, str], ...]  # agency, role, title
    admin: bool = False


def _pick(agencies: dict[str, Agency], keys: tuple[str, ...], *, kind: str = "") -> Agency | None:
    for key in keys:
        if key in agencies:
            return agencies[key]
    candidates = [agency for agency in agencies.values() if not kind or agency.kind == kind]
    return sorted(candidates, key=lambda agency: agency.path)[0] if candidates else None


def _with_division(agencies: dict[str, Agency], preferred: str, division_key: str) -> tuple[Agency, Agency]:
    """A department and one of its internal divisions: the preferred ones when the organizations
    demo has them (keyed by short name), else the first department that has a division."""
    division, department = agencies.get(division_key), agencies.get(preferred)
    if division is not None and department is not None and division.parent_id == department.pk:
        return department, division
    departments = [a for a in agencies.values() if a.kind == Agency.Kind.DEPARTMENT]
    divisions = [a for a in agencies.values() if a.kind == Agency.Kind.DIVISION]
    ordered = sorted(departments, key=lambda a: (a.short_name != preferred, a.path))
    for department in ordered:
        for division in sorted(divisions, key=lambda a: a.path):
            if division.parent_id == department.pk:
                return department, division
    department = ordered[0]
    return department, department


def _people(agencies: dict[str, Agency]) -> list[_Person]:
    top = organization_selectors.top_agency() or _pick(
        agencies, ("UBND",), kind=Agency.Kind.PEOPLES_COMMITTEE
    )
    if top is None:
        raise ValueError("The demo people need the demo agencies (organizations.demo) first.")
    construction, construction_division = _with_division(agencies, "SXD", "QLXD")
    justice, justice_division = _with_division(
        {k: a for k, a in agencies.items() if a.pk != construction.pk}, "STP", "HCTP"
    )
    centre = _pick(agencies, ("TTPVHCC",), kind=Agency.Kind.SERVICE_CENTRE) or top
    commune = _pick(agencies, ("UBND-PTH",), kind=Agency.Kind.COMMUNE_COMMITTEE) or top
    return [
        _Person(
            ADMIN_USERNAME, "Trần Quản Trị", ((top, Role.ADMINISTRATOR, "Quản trị hệ thống"),), admin=True
        ),
        _Person("sxd.tiepnhan", "Nguyễn Thị Lan", ((centre, Role.RECEIVER, "Cán bộ một cửa Sở Xây dựng"),)),
        _Person("sxd.chuyenvien", "Lê Văn Minh", ((construction_division, Role.SPECIALIST, "Chuyên viên"),)),
        _Person(
            "sxd.truongphong", "Phạm Thị Hồng", ((construction_division, Role.DIVISION_HEAD, "Trưởng phòng"),)
        ),
        _Person("sxd.giamdoc", "Hoàng Văn Dũng", ((construction, Role.LEADER, "Giám đốc"),)),
        _Person("sxd.vanthu", "Võ Thị Mai", ((construction, Role.CLERK, "Văn thư"),)),
        _Person("xa.tiepnhan", "Đặng Văn Tùng", ((commune, Role.RECEIVER, "Công chức một cửa"),)),
        _Person(
            "xa.chuyenvien", "Bùi Thị Thảo", ((commune, Role.SPECIALIST, "Công chức tư pháp - hộ tịch"),)
        ),
        _Person("xa.chutich", "Ngô Văn Hải", ((commune, Role.LEADER, "Chủ tịch"),)),
        _Person("xa.vanthu", "Trương Thị Yến", ((commune, Role.CLERK, "Văn thư"),)),
        _Person(
            "stp.kiemnhiem",
            "Huỳnh Văn Phúc",
            (
                (justice_division, Role.SPECIALIST, "Chuyên viên"),
                (centre, Role.RECEIVER, "Cán bộ một cửa Sở Tư pháp"),
            ),
        ),
        _Person("stp.giamdoc", "Đoàn Thị Ngọc", ((justice, Role.LEADER, "Giám đốc"),)),
    ]


def _ensure_officer(person: _Person, *, totp_secret: str = "", superuser: bool = False) -> User:
    user = User.objects.filter(username=person.username).first()
    if user is None:
        user = services.create_officer(
            actor=None,
            username=person.username,
            full_name=person.full_name,
            email=f"{person.username}@demo.egov.vn",
            password=DEMO_PASSWORD,
            totp_secret=totp_secret,
        )
    if superuser and not (user.is_superuser and user.is_staff):
        User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    for agency, role, title in person.roles:
        if not Membership.objects.filter(user=user, agency=agency, role=role, is_active=True).exists():
            organization_services.add_membership(actor=None, user=user, agency=agency, role=role, title=title)
    return user


def _describe(person: _Person) -> str:
    """ "Vai trò — Cơ quan; Vai trò — Cơ quan" (the demo table splits on these separators)."""
    extra = " (toàn quyền, có xác thực hai lớp)" if person.admin else ""
    return "; ".join(f"{Role(role).label}{extra} — {agency.name}" for agency, role, _ in person.roles)


def create_demo_people(agencies: dict[str, Agency]) -> list[DemoLogin]:
    """Create (or find) the demo people in the demo agencies and return their logins."""
    logins: list[DemoLogin] = []
    with transaction.atomic():
        for person in _people(agencies):
            secret = ADMIN_TOTP_SECRET if person.admin else ""
            _ensure_officer(person, totp_secret=secret, superuser=person.admin)
            logins.append(
                DemoLogin(person.username, DEMO_PASSWORD, person.full_name, _describe(person), secret)
            )
        citizen = User.objects.filter(citizen_id=CITIZEN_ID).first()
        if citizen is None:
            citizen = services.register_citizen(
                full_name="Lê Thị Thu Hà",
                citizen_id=CITIZEN_ID,
                phone="0905123456",
                email="congdan@demo.egov.vn",
                password=DEMO_PASSWORD,
            )
        if citizen.province_id is None:
            _give_address(citizen, agencies)
        logins.append(
            DemoLogin(
                citizen.username,
                DEMO_PASSWORD,
                citizen.full_name,
                "Công dân (đăng nhập bằng số định danh cá nhân, thư điện tử hoặc số điện thoại)",
            )
        )
    return logins


def _give_address(citizen: User, agencies: dict[str, Agency]) -> None:
    """The demo citizen's profile prefills e-forms: a verified e-mail and an address in a ward of
    the demo province (the demo commune's ward when there is one)."""
    commune = _pick(agencies, ("UBND-PTH",), kind=Agency.Kind.COMMUNE_COMMITTEE)
    ward = commune.administrative_unit if commune is not None else None
    if ward is None or ward.parent is None:
        ward = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD).order_by("code").first()
    if ward is None or ward.parent is None:
        return
    services.update_profile(
        user=citizen, full_name=citizen.full_name, address="12 Lê Lợi", province=ward.parent, ward=ward
    )
    User.objects.filter(pk=citizen.pk).update(email_verified_at=timezone.now())


def current_code(username: str) -> str:
    """The TOTP code a person's authenticator shows now (for the demo's `egov totp-code`)."""
    user = User.objects.get(username=username)
    if not user.totp_secret:
        raise ValueError(f"{username} has no TOTP secret.")
    return rules.totp_code(user.totp_secret, at=timezone.now())
