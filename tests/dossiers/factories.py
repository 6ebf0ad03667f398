"""Test data for dossiers: a receiving agency with its counter officer and a procedure in force, and
dossiers received through the service (so codes, clock and timeline are what production writes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from egov.accounts.models import User
from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency, Role
from egov.procedures.models import Procedure, ProcedureVersion
from tests.accounts.factories import make_officer
from tests.organizations.factories import make_agency
from tests.procedures.factories import make_paper, make_published_version

VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: Monday 7 July 2025, 09:00 in Huế: inside the morning session of an ordinary working day.
MONDAY_MORNING = dt.datetime(2025, 7, 7, 9, 0, tzinfo=VN)

APPLICANT: dict[str, str] = {
    "full_name": "Nguyễn Thị Hương",
    "citizen_id": "046195000123",
    "phone": "0905 123 456",
    "email": "huong.nguyen@example.vn",
    "address": "12 Lê Lợi, phường Thuận Hóa, thành phố Huế",
}


@dataclass
class Counter:
    """A one-stop counter: the agency, its receiving officer and a procedure in force there."""

    agency: Agency
    officer: User
    procedure: Procedure
    version: ProcedureVersion

    def all_papers(self) -> list[services.PaperReceipt]:
        return [services.PaperReceipt(paper_id=paper.pk) for paper in self.version.papers.all()]


def make_counter(*, agency_identifier: str = "000.00.12.H57", **version_fields: Any) -> Counter:
    """An agency ``agency_identifier`` with a receiver, and a published 3-working-day procedure
    (two required papers and one optional) received there."""
    agency = Agency.objects.filter(identifier=agency_identifier).first() or make_agency(
        identifier=agency_identifier, name="Trung tâm Phục vụ hành chính công", short_name="TTPVHCC"
    )
    officer = make_officer(agency, Role.RECEIVER, full_name="Lê Thị Mai")
    version = make_published_version(agency=agency, **version_fields)
    make_paper(version, name="Bản sao giấy chứng nhận quyền sử dụng đất", originals=0, copies=1)
    make_paper(version, name="Ảnh chụp hiện trạng", is_required=False)
    return Counter(agency=agency, officer=officer, procedure=version.procedure, version=version)


def receive(counter: Counter, *, received_at: dt.datetime = MONDAY_MORNING, **changes: Any) -> Dossier:
    """A dossier received at ``counter`` with every paper and a valid applicant."""
    arguments: dict[str, Any] = {
        "officer": counter.officer,
        "agency": counter.agency,
        "procedure": counter.procedure,
        "applicant": APPLICANT,
        "papers": counter.all_papers(),
        "eform_document": None,
        "received_at": received_at,
    }
    arguments.update(changes)
    return services.receive_at_counter(**arguments)
