"""Liên thông rules without a database: the partner of a step, the child's own clock, the actions a
partner may take on a child and how a child finishes (egov.dossiers.domain.interagency)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.errors import ValidationFailed
from egov.dossiers import domain
from egov.dossiers.domain import InvalidTransition, NationalStatus, Timeliness
from egov.dossiers.domain import interagency as rules
from egov.procedures.workflow import ActionSpec, StepSpec
from tests.dossiers.processes import CAL, vn

SNV = "000.00.03.H57"


def linked_step(hours: str = "56", *, other_agency: str | None = SNV, kind: str = "") -> StepSpec:
    return StepSpec(
        code="so-noi-vu",
        name="Sở Nội vụ thẩm định, ra quyết định",
        order=3,
        responsible="other_agency",
        role="specialist",
        allotted_hours=Decimal(hours),
        national_status=4,
        other_agency=other_agency,
        other_agency_kind=kind,
    )


def action(code: str = "co-quyet-dinh", *, to: str = "tra-ket-qua", clock: str = "none") -> ActionSpec:
    return ActionSpec(
        code=code,
        name=f"Thao tác {code}",
        from_step="so-noi-vu",
        to_step=to,
        roles=("specialist",),
        clock_effect=clock,
    )


def test_a_step_of_the_own_agency_has_no_partner():
    own = dataclasses.replace(linked_step(), responsible="processing", other_agency=None)
    assert rules.partner_identifier(own, "000.00.05.H57") is None
    assert not rules.is_linked_step(own)
    assert not rules.is_linked_step(None)


def test_a_named_partner_is_taken_whatever_is_chosen_only_if_the_same():
    assert rules.partner_identifier(linked_step()) == SNV
    assert rules.partner_identifier(linked_step(), f"  {SNV} ") == SNV
    with pytest.raises(ValidationFailed) as refused:
        rules.partner_identifier(linked_step(), "000.00.05.H57")
    assert (refused.value.code, refused.value.field) == ("dossier.partner_agency_fixed", "partner_agency")


def test_a_step_naming_a_kind_takes_the_chosen_partner_or_none():
    step = linked_step(other_agency=None, kind="other")
    assert rules.partner_identifier(step, "000.00.41.H57") == "000.00.41.H57"
    assert rules.partner_identifier(step, "") is None
    assert rules.partner_identifier(step) is None


def test_a_chosen_partner_must_be_another_agency_of_the_asked_kind():
    step = linked_step(other_agency=None, kind="other")
    rules.check_partner(step, partner_kind="other", partner_name="Công an xã", is_origin=False)
    with pytest.raises(ValidationFailed) as wrong_kind:
        rules.check_partner(step, partner_kind="department", partner_name="Sở Nội vụ", is_origin=False)
    assert wrong_kind.value.code == "dossier.partner_agency_wrong_kind"
    assert "Sở Nội vụ" in wrong_kind.value.message_vi
    with pytest.raises(ValidationFailed) as origin:
        rules.check_partner(step, partner_kind="other", partner_name="UBND xã", is_origin=True)
    assert origin.value.code == "dossier.partner_agency_is_origin"


def test_child_opened_on_monday_morning_gets_its_share_of_seven_working_days():
    opened = vn(2025, 7, 7, 11)  # Monday 11:00
    state = rules.child_state(linked_step("56"), at=opened, calendar=CAL)
    assert (state.step, state.status) == ("so-noi-vu", NationalStatus.PROCESSING)
    assert state.clock.received_at == state.clock.step_started_at == opened
    assert state.clock.due_at == state.clock.original_due_at == state.clock.step_due_at
    assert state.clock.due_at == vn(2025, 7, 16, 11)  # 7 working days later, same hour
    assert domain.timeliness(state, at=opened, calendar=CAL) == Timeliness.NOT_YET_DUE


def test_child_opened_after_work_starts_its_clock_next_morning():
    state = rules.child_state(linked_step("8"), at=vn(2025, 7, 7, 18), calendar=CAL)
    assert state.clock.started_at == vn(2025, 7, 8, 7, 30)
    assert state.clock.due_at == vn(2025, 7, 8, 17)


@given(
    minutes=st.integers(min_value=0, max_value=60 * 24 * 20),
    hours=st.integers(min_value=1, max_value=200),
)
def test_child_due_is_exactly_its_allotted_working_hours_from_the_hand_over(minutes, hours):
    opened = vn(2025, 7, 7) + timedelta(minutes=minutes)
    state = rules.child_state(linked_step(str(hours)), at=opened, calendar=CAL)
    assert CAL.working_time_between(opened, state.clock.due_at) == hours


@pytest.mark.parametrize(
    "refused",
    [
        action("yeu-cau-bo-sung", to="bo-sung", clock="pause"),
        action("gia-han", to="so-noi-vu", clock="extend"),
        action("chot", to="so-noi-vu", clock="freeze"),
        action("ghi-nhan", to="so-noi-vu"),
    ],
)
def test_a_partner_may_only_hand_the_child_back(refused):
    with pytest.raises(InvalidTransition) as error:
        rules.check_child_action(refused)
    assert error.value.code == "dossier.linked_action_unsupported"
    assert not rules.supported_on_child(refused)


def test_handing_back_forward_or_backward_is_supported():
    assert rules.supported_on_child(action())
    assert rules.supported_on_child(action("tra-lai-xa", to="xac-nhan"))
    assert rules.supported_on_child(action("co-quyet-dinh", clock="start"))


def test_finished_child_is_processed_and_judged_against_its_own_due():
    opened = vn(2025, 7, 7, 11)
    state = rules.child_state(linked_step("16"), at=opened, calendar=CAL)  # due Wednesday 11:00
    early = rules.finish_child(state, at=vn(2025, 7, 8, 9), calendar=CAL)
    assert (early.status, early.step, early.clock.finished_at) == (
        NationalStatus.PROCESSED,
        "so-noi-vu",
        vn(2025, 7, 8, 9),
    )
    assert domain.timeliness(early, at=vn(2025, 7, 20), calendar=CAL) == Timeliness.EARLY
    on_time = rules.finish_child(state, at=vn(2025, 7, 9, 10), calendar=CAL)
    assert domain.timeliness(on_time, at=vn(2025, 7, 20), calendar=CAL) == Timeliness.ON_TIME
    late = rules.finish_child(state, at=vn(2025, 7, 9, 14), calendar=CAL)
    assert domain.timeliness(late, at=vn(2025, 7, 20), calendar=CAL) == Timeliness.LATE
    with pytest.raises(InvalidTransition):
        rules.finish_child(late, at=vn(2025, 7, 9, 15), calendar=CAL)
