"""Demo province: Thành phố Huế and its agencies. Demo data only; nothing here is used by the core.

``create_demo_agencies()`` is idempotent: agencies are looked up by their electronic identifier
and only the missing ones are created (through the services, so each creation is audited).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from egov.organizations import rules, services
from egov.organizations.models import AdministrativeUnit, Agency, Position

# Province code of Thành phố Huế in the vietnam-provinces package (official statistics code).
PROVINCE_CODE = "46"
# Level-1 code of the province's people's committee. H57 is Thừa Thiên Huế's historical code in
# the national list of electronic identifiers (QCVN 102:2016/BTTTT annex); Thành phố Huế, centrally
# run since 2025, kept it for the demo.
PROVINCE_LEVEL1 = "H57"
# Level-2 numbers: departments take 01..20, communes/wards start at 21 (Huế has 40 of them).
FIRST_WARD_NUMBER = 21
MAX_LEVEL2_NUMBER = 99


@dataclass(frozen=True)
class DemoUnit:
    number: int
    name: str
    short_name: str
    kind: str
    divisions: tuple[tuple[str, str], ...] = ()


DEPARTMENTS: tuple[DemoUnit, ...] = (
    DemoUnit(1, "Văn phòng Ủy ban nhân dân thành phố Huế", "VPUBND", Agency.Kind.DEPARTMENT),
    DemoUnit(2, "Trung tâm Phục vụ hành chính công thành phố Huế", "TTPVHCC", Agency.Kind.SERVICE_CENTRE),
    DemoUnit(3, "Sở Nội vụ", "SNV", Agency.Kind.DEPARTMENT),
    DemoUnit(4, "Sở Tài chính", "STC", Agency.Kind.DEPARTMENT),
    DemoUnit(
        5,
        "Sở Tư pháp",
        "STP",
        Agency.Kind.DEPARTMENT,
        (("Phòng Hành chính tư pháp", "HCTP"), ("Phòng Bổ trợ tư pháp", "BTTP")),
    ),
    DemoUnit(
        6,
        "Sở Xây dựng",
        "SXD",
        Agency.Kind.DEPARTMENT,
        (
            ("Văn phòng Sở Xây dựng", "VPSXD"),
            ("Phòng Quản lý xây dựng", "QLXD"),
            ("Phòng Quy hoạch - Kiến trúc", "QHKT"),
        ),
    ),
    DemoUnit(7, "Sở Y tế", "SYT", Agency.Kind.DEPARTMENT),
    DemoUnit(8, "Sở Giáo dục và Đào tạo", "SGDĐT", Agency.Kind.DEPARTMENT),
    DemoUnit(9, "Sở Nông nghiệp và Môi trường", "SNNMT", Agency.Kind.DEPARTMENT),
    DemoUnit(10, "Sở Công Thương", "SCT", Agency.Kind.DEPARTMENT),
    DemoUnit(11, "Sở Văn hóa và Thể thao", "SVHTT", Agency.Kind.DEPARTMENT),
    DemoUnit(12, "Sở Khoa học và Công nghệ", "SKHCN", Agency.Kind.DEPARTMENT),
    DemoUnit(13, "Sở Du lịch", "SDL", Agency.Kind.DEPARTMENT),
)

COMMON_POSITIONS: tuple[tuple[str, int], ...] = (
    ("Chủ tịch", 10),
    ("Phó Chủ tịch", 20),
    ("Giám đốc", 30),
    ("Phó Giám đốc", 40),
    ("Chánh Văn phòng", 50),
    ("Trưởng phòng", 60),
    ("Phó Trưởng phòng", 70),
    ("Chuyên viên", 80),
    ("Văn thư", 90),
)


def _ensure(
    found: dict[str, Agency],
    *,
    identifier: rules.AgencyIdentifier,
    name: str,
    short_name: str,
    kind: str,
    parent: Agency | None,
    administrative_unit: AdministrativeUnit | None = None,
) -> Agency:
    existing = found.get(str(identifier))
    if existing is not None:
        return existing
    return services.create_agency(
        actor=None,
        name=name,
        short_name=short_name,
        identifier=str(identifier),
        kind=kind,
        parent=parent,
        administrative_unit=administrative_unit,
    )


def ward_short_name(ward_name: str, taken: set[str]) -> str:
    """``UBND-`` + the initials of the commune/ward name ("Phường Thuận Hóa" → ``UBND-PTH``), with a
    number added when two names share their initials."""
    initials = "".join(word[0] for word in rules.fold(ward_name).split()).upper()
    candidate, n = f"UBND-{initials}", 2
    while candidate in taken:
        candidate, n = f"UBND-{initials}{n}", n + 1
    return candidate


def create_demo_agencies() -> dict[str, Agency]:
    """The people's committee of Thành phố Huế, its departments (two with internal divisions), the
    one-stop service centre and the people's committees of its 40 communes/wards, keyed by short
    name (``"UBND"``, ``"SXD"``, ``"QLXD"``, ``"UBND-PTH"``...)."""
    with transaction.atomic():
        services.load_administrative_units(actor=None)
        province = AdministrativeUnit.objects.get(code=PROVINCE_CODE)
        wards = list(province.children.order_by("code"))
        if FIRST_WARD_NUMBER + len(wards) - 1 > MAX_LEVEL2_NUMBER:
            raise ValueError("Too many communes/wards for level-2 identifiers in this demo scheme.")
        found = {a.identifier: a for a in Agency.objects.filter(identifier__endswith=f".{PROVINCE_LEVEL1}")}
        root_id = rules.AgencyIdentifier(PROVINCE_LEVEL1)
        root = _ensure(
            found,
            identifier=root_id,
            name=f"Ủy ban nhân dân {province.name[0].lower()}{province.name[1:]}",
            short_name="UBND",
            kind=Agency.Kind.PEOPLES_COMMITTEE,
            parent=None,
            administrative_unit=province,
        )
        result = {"UBND": root}
        for unit in DEPARTMENTS:
            unit_id = root_id.child(unit.number)
            department = _ensure(
                found,
                identifier=unit_id,
                name=unit.name,
                short_name=unit.short_name,
                kind=unit.kind,
                parent=root,
                administrative_unit=province,
            )
            result[department.short_name] = department
            for index, (division_name, division_short) in enumerate(unit.divisions, start=1):
                division = _ensure(
                    found,
                    identifier=unit_id.child(index),
                    name=division_name,
                    short_name=division_short,
                    kind=Agency.Kind.DIVISION,
                    parent=department,
                )
                result[division.short_name] = division
        taken = set(result)
        for number, ward in enumerate(wards, start=FIRST_WARD_NUMBER):
            committee = _ensure(
                found,
                identifier=root_id.child(number),
                name=f"Ủy ban nhân dân {ward.name[0].lower()}{ward.name[1:]}",
                short_name=ward_short_name(ward.name, taken),
                kind=Agency.Kind.COMMUNE_COMMITTEE,
                parent=root,
                administrative_unit=ward,
            )
            taken.add(committee.short_name)
            result[committee.short_name] = committee
        existing_positions = set(Position.objects.filter(agency=None).values_list("name", flat=True))
        for name, rank in COMMON_POSITIONS:
            if name not in existing_positions:
                services.add_position(actor=None, name=name, rank=rank)
    return result
