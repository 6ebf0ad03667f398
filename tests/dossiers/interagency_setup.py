"""Test data for liên thông: a commune that receives a procedure whose third step belongs to Sở Nội vụ
(the demo catalogue's process "LT-XA-SNV-12N", 12 working days), with the officers of both agencies."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from egov.accounts.models import User
from egov.dossiers import services
from egov.organizations.models import Agency, Role
from egov.procedures.demo_catalogue.common import SO_NOI_VU
from egov.procedures.demo_catalogue.processes import merit_process
from egov.procedures.models import Action, ProcedureVersion, Process, Step, VersionAgency
from tests.accounts.factories import make_officer
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING
from tests.organizations.factories import make_agency
from tests.procedures.factories import (
    make_paper,
    make_procedure,
    make_published_version,
    make_version_agency,
)

PROVINCE = "000.00.00.H57"
COMMUNE = "000.00.31.H57"


def build_process(document: dict[str, Any] | None = None) -> Process:
    """A stored process built from a demo-catalogue process document (default: LT-XA-SNV-12N)."""
    document = document or merit_process()
    process = Process.objects.create(
        code=document["code"],
        name=document["name"],
        supplement_clock=document["supplement_clock"],
        description=document["description"],
    )
    steps: dict[str, Step] = {}
    for item in document["steps"]:
        partner = item["other_agency"]
        steps[item["code"]] = Step.objects.create(
            process=process,
            code=item["code"],
            order=item["order"],
            name=item["name"],
            responsible=item["responsible"],
            other_agency=Agency.objects.get(identifier=partner) if partner else None,
            other_agency_kind=item["other_agency_kind"],
            role=item["role"],
            allotted_hours=Decimal(item["allotted_hours"]),
            national_status=item["national_status"],
            is_initial=item["is_initial"],
            is_terminal=item["is_terminal"],
            counts_toward_time=item["counts_toward_time"],
        )
    for item in document["actions"]:
        Action.objects.create(
            process=process,
            code=item["code"],
            name=item["name"],
            from_step=steps[item["from"]],
            to_step=steps[item["to"]],
            roles=item["roles"],
            clock_effect=item["clock_effect"],
            requires_papers=item["requires_papers"],
            requires_signature=item["requires_signature"],
        )
    return process


@dataclass
class Liaison:
    """A commune receiving procedure 1.010803 (LT-XA-SNV-12N) and Sở Nội vụ taking its third step."""

    province: Agency
    commune: Agency
    home_affairs: Agency
    version: ProcedureVersion
    receiver: User
    commune_specialist: User
    specialist: User
    """A specialist of Sở Nội vụ."""

    def papers(self) -> list[services.PaperReceipt]:
        return [services.PaperReceipt(paper_id=paper.pk) for paper in self.version.papers.all()]

    def receive(self, **changes: Any) -> Any:
        arguments: dict[str, Any] = {
            "officer": self.receiver,
            "agency": self.commune,
            "procedure": self.version.procedure,
            "applicant": APPLICANT,
            "papers": self.papers(),
            "received_at": MONDAY_MORNING,
        }
        arguments.update(changes)
        return services.receive_at_counter(**arguments)


def make_liaison(
    *, process_document: dict[str, Any] | None = None, decided_by_partner: bool = True
) -> Liaison:
    """The commune, Sở Nội vụ and the procedure; ``decided_by_partner`` names Sở Nội vụ as the
    version's processing and deciding agency (as the demo catalogue does for procedure 1.010803)."""
    province = Agency.objects.filter(identifier=PROVINCE).first() or make_agency(
        identifier=PROVINCE, name="Ủy ban nhân dân thành phố Huế", short_name="UBND"
    )
    home_affairs = make_agency(
        province, identifier=SO_NOI_VU, name="Sở Nội vụ", short_name="SNV", kind=Agency.Kind.DEPARTMENT
    )
    commune = make_agency(
        province,
        identifier=COMMUNE,
        name="Ủy ban nhân dân phường Thuận Hóa",
        short_name="UBNDTHUANHOA",
        kind=Agency.Kind.COMMUNE_COMMITTEE,
    )
    process = build_process(process_document)
    version = make_published_version(
        make_procedure(national_code="1.010803"),
        name="Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
        process=process,
        processing_time=Decimal("12"),
        processing_time_unit=ProcedureVersion.TimeUnit.WORKING_DAYS,
        with_children=False,
    )
    make_version_agency(version, agency_kind=Agency.Kind.COMMUNE_COMMITTEE)
    if decided_by_partner:
        make_version_agency(version, agency=home_affairs, part=VersionAgency.Part.PROCESSING)
        make_version_agency(version, agency=home_affairs, part=VersionAgency.Part.DECIDING)
    make_paper(version, name="Bản khai đề nghị trợ cấp thờ cúng liệt sĩ")
    make_paper(version, name="Giấy ủy quyền thờ cúng liệt sĩ", originals=1, copies=0)
    return Liaison(
        province=province,
        commune=commune,
        home_affairs=home_affairs,
        version=version,
        receiver=make_officer(commune, Role.RECEIVER, full_name="Lê Thị Mai"),
        commune_specialist=make_officer(commune, Role.SPECIALIST, full_name="Trần Văn Bình"),
        specialist=make_officer(home_affairs, Role.SPECIALIST, full_name="Hoàng Thị Lan"),
    )
