"""A hand-built process for the dossier engine's tests: three working days (24 hours)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from egov.core.calendar import VIETNAM, WorkingCalendar
from egov.procedures.workflow import ActionSpec, ProcessSpec, StepSpec

CAL = WorkingCalendar.build()
LEGAL_HOURS = Decimal("24")


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def step(
    code: str, order: int, hours: str, status: int, role: str = "specialist", **fields: object
) -> StepSpec:
    return StepSpec(
        code=code,
        name=f"Bước {code}",
        order=order,
        responsible="processing",
        role=role,
        allotted_hours=Decimal(hours),
        national_status=status,
        **fields,  # type: ignore[arg-type]
    )


def action(code: str, source: str, target: str, *roles: str, clock: str = "none") -> ActionSpec:
    return ActionSpec(
        code=code,
        name=f"Thao tác {code}",
        from_step=source,
        to_step=target,
        roles=roles or ("specialist",),
        clock_effect=clock,
    )


def standard() -> ProcessSpec:
    """Receive (4) → examine (12) → sign (4) → return (4) → returned; supplement and financial
    obligation waits (not counted), a form-04 extension while examining."""
    return ProcessSpec(
        code="XA-3N",
        steps=(
            step("tiep-nhan", 1, "4", 2, "receiver", is_initial=True),
            step("xu-ly", 2, "12", 4),
            step("ky-duyet", 3, "4", 4, "leader"),
            step("tra-ket-qua", 4, "4", 9, "receiver"),
            step("da-tra", 5, "0", 10, "", is_terminal=True, counts_toward_time=False),
            step("bo-sung", 6, "0", 5, "applicant", counts_toward_time=False),
            step("nop-nghia-vu", 7, "0", 6, "applicant", counts_toward_time=False),
        ),
        actions=(
            action("chuyen-xu-ly", "tiep-nhan", "xu-ly", "receiver", clock="start"),
            action("trinh-ky", "xu-ly", "ky-duyet"),
            action("tra-lai", "ky-duyet", "xu-ly", "leader"),
            action("ky-duyet", "ky-duyet", "tra-ket-qua", "leader"),
            action("tra-ket-qua", "tra-ket-qua", "da-tra", "receiver"),
            action("chot-so-lieu", "tra-ket-qua", "tra-ket-qua", "receiver", clock="freeze"),
            action("yeu-cau-bo-sung", "xu-ly", "bo-sung", clock="pause"),
            action("nop-bo-sung", "bo-sung", "xu-ly", "applicant", "receiver", clock="resume"),
            action("gia-han", "xu-ly", "xu-ly", clock="extend"),
            action("thong-bao-nghia-vu", "ky-duyet", "nop-nghia-vu", "leader", clock="pause"),
            action("da-nop", "nop-nghia-vu", "ky-duyet", "applicant", "receiver", clock="resume"),
        ),
    )


PROCESS = standard()


def act(code: str) -> ActionSpec:
    found = next(item for item in PROCESS.actions if item.code == code)
    return found
