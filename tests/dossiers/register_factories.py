"""Shared set-ups for the form 06 and form 07 tests: dossiers walked through their process with
`services.act`, at a commune-like counter or at a service centre whose department processes them."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader

from egov.accounts.models import User
from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency, Role
from egov.procedures.models import VersionAgency
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING, Counter, make_counter, receive
from tests.organizations.factories import make_agency
from tests.procedures.factories import make_version_agency

WALK = ("chuyen-xu-ly", "trinh-ky", "ky-duyet", "tra-ket-qua")
"""The actions from receipt to the returned result in `tests.procedures.factories.make_process`."""


@dataclass
class Office:
    """A counter with the officers who process and sign its dossiers."""

    counter: Counter
    specialist: User
    leader: User
    department: Agency | None = None

    def actor(self, action_code: str) -> User:
        return {
            "chuyen-xu-ly": self.counter.officer,
            "trinh-ky": self.specialist,
            "tra-lai": self.leader,
            "ky-duyet": self.leader,
            "tra-ket-qua": self.counter.officer,
        }[action_code]


def make_office(*, agency_identifier: str = "000.00.12.H57") -> Office:
    """A counter whose agency processes its own dossiers (a commune's one-stop shop)."""
    counter = make_counter(agency_identifier=agency_identifier)
    specialist = make_officer(counter.agency, Role.SPECIALIST, full_name="Trần Văn Bình")
    leader = make_officer(counter.agency, Role.LEADER, full_name="Phạm Minh Châu")
    return Office(counter=counter, specialist=specialist, leader=leader)


def make_department_office() -> Office:
    """A service centre receiving the dossiers that a department processes: the department's
    specialist sits in one of its divisions, its director signs."""
    counter = make_counter()
    department = make_agency(name="Sở Xây dựng", short_name="SXD", kind=Agency.Kind.DEPARTMENT)
    division = make_agency(
        parent=department, name="Phòng Quản lý nhà", short_name="QLN", kind=Agency.Kind.DIVISION
    )
    make_version_agency(counter.version, part=VersionAgency.Part.PROCESSING, agency=department)
    specialist = make_officer(division, Role.SPECIALIST, full_name="Trần Văn Bình")
    leader = make_officer(department, Role.LEADER, full_name="Phạm Minh Châu")
    return Office(counter=counter, specialist=specialist, leader=leader, department=department)


def walk(
    office: Office,
    dossier: Dossier,
    actions: tuple[str, ...] = WALK,
    *,
    start: dt.datetime = MONDAY_MORNING,
    step: dt.timedelta = dt.timedelta(hours=1),
) -> Dossier:
    """Take ``actions`` one after the other, ``step`` apart, each by the officer whose it is."""
    for offset, code in enumerate(actions, start=1):
        dossier = services.act(
            dossier=dossier, action_code=code, actor=office.actor(code), at=start + offset * step
        )
    return dossier


def received(office: Office, **changes: object) -> Dossier:
    return receive(office.counter, **changes)  # type: ignore[arg-type]


def pdf_text(content: bytes) -> str:
    """The text of every page, whitespace runs folded into one space."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
