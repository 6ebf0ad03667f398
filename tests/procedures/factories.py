"""Test data for the procedure catalogue: fields, procedures, versions (draft or published), their
agencies, fees and papers, and valid processes whose step hours add up to a given legal time.

Everything is written straight to the models (``save()`` fills the folded search columns), so the
factories work before and independently of the services; use ``egov.procedures.services`` in tests
that are about publishing itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from egov.organizations.models import Agency, Role
from egov.procedures.models import (
    Action,
    Fee,
    Procedure,
    ProcedureField,
    ProcedureVersion,
    Process,
    RequiredPaper,
    Step,
    VersionAgency,
)

_numbers = itertools.count(1)

__all__ = [
    "make_action",
    "make_fee",
    "make_field",
    "make_paper",
    "make_procedure",
    "make_process",
    "make_published_version",
    "make_step",
    "make_version",
    "make_version_agency",
]


def make_field(**fields: Any) -> ProcedureField:
    n = next(_numbers)
    fields.setdefault("code", f"LV{n:04d}")
    fields.setdefault("name", f"Lĩnh vực thử nghiệm {n}")
    return ProcedureField.objects.create(**fields)


def make_procedure(**fields: Any) -> Procedure:
    n = next(_numbers)
    fields.setdefault("national_code", f"9.{n:06d}")
    return Procedure.objects.create(**fields)


def make_step(process: Process, **fields: Any) -> Step:
    n = next(_numbers)
    fields.setdefault("code", f"buoc-{n}")
    fields.setdefault("order", process.steps.count() + 1)
    fields.setdefault("name", f"Bước {n}")
    fields.setdefault("role", Role.SPECIALIST)
    fields.setdefault("national_status", 4)
    return Step.objects.create(process=process, **fields)


def make_action(process: Process, from_step: Step, to_step: Step, **fields: Any) -> Action:
    n = next(_numbers)
    fields.setdefault("code", f"thao-tac-{n}")
    fields.setdefault("name", f"Thao tác {n}")
    fields.setdefault("roles", [from_step.role or Role.SPECIALIST])
    return Action.objects.create(process=process, from_step=from_step, to_step=to_step, **fields)


def make_process(*, legal_hours: Decimal | int | str = 24, steps: bool = True, **fields: Any) -> Process:
    """A valid process in the usual one-stop shape: receive → examine → sign → return → returned.

    The four working steps share ``legal_hours`` (receive, sign and return get a sixth each, rounded
    to half hours; examining gets the rest), so the process is valid for a version of that legal
    time. ``steps=False`` gives an empty process.
    """
    n = next(_numbers)
    fields.setdefault("code", f"QT-{n:04d}")
    fields.setdefault("name", f"Quy trình thử nghiệm {n}")
    process = Process.objects.create(**fields)
    if not steps:
        return process
    total = Decimal(str(legal_hours))
    share = (total / 6 * 2).to_integral_value() / 2
    examine = total - 3 * share
    receive = make_step(
        process, code="tiep-nhan", order=1, name="Tiếp nhận hồ sơ", responsible=Step.Responsible.RECEIVING,
        role=Role.RECEIVER, allotted_hours=share, national_status=2, is_initial=True,
    )  # fmt: skip
    review = make_step(
        process, code="xu-ly", order=2, name="Thẩm định, xử lý", role=Role.SPECIALIST,
        allotted_hours=examine, national_status=4,
    )  # fmt: skip
    sign = make_step(
        process, code="ky-duyet", order=3, name="Lãnh đạo ký duyệt", responsible=Step.Responsible.DECIDING,
        role=Role.LEADER, allotted_hours=share, national_status=4,
    )  # fmt: skip
    give = make_step(
        process, code="tra-ket-qua", order=4, name="Trả kết quả", responsible=Step.Responsible.RECEIVING,
        role=Role.RECEIVER, allotted_hours=share, national_status=9,
    )  # fmt: skip
    done = make_step(
        process, code="da-tra", order=5, name="Đã trả kết quả", responsible=Step.Responsible.RECEIVING,
        role="", allotted_hours=Decimal("0"), national_status=10, is_terminal=True, counts_toward_time=False,
    )  # fmt: skip
    make_action(process, receive, review, code="chuyen-xu-ly", name="Chuyển xử lý", roles=[Role.RECEIVER],
                clock_effect=Action.ClockEffect.START, requires_papers=True)  # fmt: skip
    make_action(process, review, sign, code="trinh-ky", name="Trình ký", roles=[Role.SPECIALIST])
    make_action(process, sign, review, code="tra-lai", name="Trả lại để xử lý lại", roles=[Role.LEADER])
    make_action(process, sign, give, code="ky-duyet", name="Ký duyệt", roles=[Role.LEADER],
                requires_signature=True)  # fmt: skip
    make_action(process, give, done, code="tra-ket-qua", name="Trả kết quả", roles=[Role.RECEIVER],
                clock_effect=Action.ClockEffect.FREEZE)  # fmt: skip
    return process


def make_version(
    procedure: Procedure | None = None,
    *,
    with_children: bool = True,
    agency: Agency | None = None,
    **fields: Any,
) -> ProcedureVersion:
    """A draft version (number = next free) that would pass publishing: 3 working days, a valid
    process for 24 hours, one receiving agency (``agency`` or every commune committee), one fee and
    one paper. ``with_children=False`` leaves out agencies, fees and papers."""
    procedure = procedure or make_procedure()
    last = procedure.versions.order_by("-number").first()
    fields.setdefault("number", (last.number + 1) if last else 1)
    fields.setdefault("name", f"Thủ tục thử nghiệm {procedure.national_code}")
    if "field" not in fields:
        fields["field"] = make_field()
    fields.setdefault("level", ProcedureVersion.Level.COMMUNE)
    fields.setdefault("processing_time", Decimal("3"))
    fields.setdefault("processing_time_unit", ProcedureVersion.TimeUnit.WORKING_DAYS)
    fields.setdefault("result", "Giấy chứng nhận (bản chính)")
    fields.setdefault("legal_basis", "Nghị định 118/2025/NĐ-CP")
    if "process" not in fields:
        fields["process"] = make_process(legal_hours=24)
    version = ProcedureVersion.objects.create(procedure=procedure, **fields)
    if with_children:
        make_version_agency(version, agency=agency)
        make_fee(version)
        make_paper(version)
    return version


def make_published_version(
    procedure: Procedure | None = None, *, effective_from: dt.date | None = None, **fields: Any
) -> ProcedureVersion:
    """A published version in force from ``effective_from`` (default 2025-07-01), written directly."""
    fields.setdefault("status", ProcedureVersion.Status.PUBLISHED)
    fields.setdefault("effective_from", effective_from or dt.date(2025, 7, 1))
    fields.setdefault("decision", "1234/QĐ-UBND")
    return make_version(procedure, **fields)


def make_version_agency(
    version: ProcedureVersion, *, agency: Agency | None = None, **fields: Any
) -> VersionAgency:
    fields.setdefault("part", VersionAgency.Part.RECEIVING)
    if agency is None:
        fields.setdefault("agency_kind", Agency.Kind.COMMUNE_COMMITTEE)
    return VersionAgency.objects.create(version=version, agency=agency, **fields)


def make_fee(version: ProcedureVersion, **fields: Any) -> Fee:
    n = next(_numbers)
    fields.setdefault("kind", Fee.Kind.CHARGE)
    fields.setdefault("code", f"LP-{n}")
    fields.setdefault("name", "Lệ phí cấp giấy")
    fields.setdefault("amount", Decimal("50000"))
    return Fee.objects.create(version=version, **fields)


def make_paper(version: ProcedureVersion, **fields: Any) -> RequiredPaper:
    n = next(_numbers)
    fields.setdefault("code", f"GT-{n}")
    fields.setdefault("name", "Tờ khai theo mẫu")
    fields.setdefault("originals", 1)
    return RequiredPaper.objects.create(version=version, **fields)
