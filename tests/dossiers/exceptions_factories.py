"""Test data for the exception use cases (forms 02–05, withdrawal, financial obligation): stored
processes copied from the demo catalogue's templates, so the tests walk the very steps and actions a
province starts with ("yeu-cau-bo-sung" → "bo-sung", "thong-bao-thue" → "nop-nghia-vu")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency, Role
from egov.procedures.demo_catalogue import processes as demo
from egov.procedures.models import Action, Process, Step
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING, Counter, make_counter, receive


def process_from_demo(document: dict[str, Any], *, code_suffix: str = "") -> Process:
    """A stored process with the steps and actions of a demo template (agencies by kind left out)."""
    process = Process.objects.create(
        code=document["code"] + code_suffix,
        name=document["name"],
        supplement_clock=document.get("supplement_clock", "pause_resume"),
    )
    steps: dict[str, Step] = {}
    for item in document["steps"]:
        steps[item["code"]] = Step.objects.create(
            process=process,
            code=item["code"],
            order=item["order"],
            name=item["name"],
            responsible=item["responsible"],
            role=item["role"],
            allotted_hours=Decimal(item["allotted_hours"]),
            national_status=item["national_status"],
            is_initial=item["is_initial"],
            is_terminal=item["is_terminal"],
            counts_toward_time=item["counts_toward_time"],
            other_agency_kind=item.get("other_agency_kind") or "",
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
            requires_payment=item["requires_payment"],
        )
    return process


_suffixes = iter(range(1, 1_000_000))


def commune_counter(**fields: Any) -> Counter:
    """A counter whose procedure follows the demo commune process of 3 working days (receive →
    examine ("xu-ly", supplement asked there by the specialist) → sign → return)."""
    process = process_from_demo(demo.commune_process(24), code_suffix=f"-{next(_suffixes)}")
    return make_counter(process=process, **fields)


def land_counter(**fields: Any) -> Counter:
    """A counter whose procedure follows the demo province land process of 10 working days, with the
    wait for the financial obligation (status 6)."""
    process = process_from_demo(demo.land_transfer_process(), code_suffix=f"-{next(_suffixes)}")
    fields.setdefault("processing_time", Decimal("10"))
    return make_counter(process=process, **fields)


def hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


class Office:
    """A commune counter with its staff and a dossier being examined ("xu-ly") from Monday 10:00."""

    def __init__(self, agency: Agency | None = None) -> None:
        self.counter = commune_counter(**({"agency_identifier": agency.identifier} if agency else {}))
        self.agency = self.counter.agency
        self.receiver = self.counter.officer
        self.specialist = make_officer(self.agency, Role.SPECIALIST, full_name="Trần Văn Bình")
        self.leader = make_officer(self.agency, Role.LEADER, full_name="Phạm Minh Châu")

    def received(self, **changes: Any) -> Dossier:
        return receive(self.counter, **changes)

    def examining(self) -> Dossier:
        dossier = self.received()
        return services.act(
            dossier=dossier, action_code="chuyen-xu-ly", actor=self.receiver, at=MONDAY_MORNING + hours(1)
        )


ITEMS = [
    ("Bản sao Giấy chứng nhận quyền sử dụng đất có chứng thực", "Bản nộp là bản chụp, chưa chứng thực"),
    ("Sơ đồ vị trí thửa đất", "Thiếu trong hồ sơ"),
]
