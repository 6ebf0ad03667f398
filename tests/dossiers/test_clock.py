"""The dossier clock on explicit cases (DOMAIN.md §4), on the real Vietnamese calendar of 2025.

Default sessions Monday–Friday 07:30–11:30 and 13:00–17:00. Monday 3/3/2025 starts an ordinary week;
Tết 2025 is 27/1–2/2. Each expected value is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, time
from decimal import Decimal

import pytest

from egov.dossiers.domain import (
    ClockEffect,
    ExtensionRefused,
    InvalidTransition,
    NationalStatus,
    Timeliness,
    apply,
    receive,
    timeliness,
)
from egov.dossiers.domain import clock as clocks
from egov.dossiers.domain.state import DossierState
from tests.dossiers.processes import CAL, LEGAL_HOURS, PROCESS, act, vn

OFFICERS = frozenset({"receiver", "specialist", "leader", "applicant"})


def received(at, **kwargs) -> DossierState:
    return receive(PROCESS, received_at=at, legal_hours=LEGAL_HOURS, calendar=CAL, **kwargs)


def run(state: DossierState, code: str, at, **kwargs):
    return apply(
        state,
        act(code),
        process=PROCESS,
        at=at,
        calendar=CAL,
        actor_roles=OFFICERS,
        legal_hours=LEGAL_HOURS,
        **kwargs,
    )


# --- Receipt ----------------------------------------------------------------------------------


def test_receipt_in_working_time_is_in_the_initial_step_with_status_received() -> None:
    state = received(vn(2025, 3, 3, 9))
    assert state.step == "tiep-nhan"
    assert state.status == NationalStatus.RECEIVED
    assert state.status.label == "Được tiếp nhận"
    assert state.clock.started_at == vn(2025, 3, 3, 9)
    # 24 h from Monday 09:00: Mon 2.5 + 4, Tue 8, Wed 8 → 22.5; Thu 07:30 + 1.5 → 09:00.
    assert state.clock.due_at == state.clock.original_due_at == vn(2025, 3, 6, 9)
    # The receiving step's 4 h: 09:00–11:30 (2.5) + 13:00–14:30 (1.5).
    assert state.clock.step_due_at == vn(2025, 3, 3, 14, 30)


def test_receipt_at_lunch_starts_clock_at_the_afternoon_session() -> None:
    state = received(vn(2025, 3, 3, 12))
    assert state.clock.received_at == vn(2025, 3, 3, 12)
    assert state.clock.started_at == vn(2025, 3, 3, 13)
    # Mon 13–17 (4), Tue 8, Wed 8 → 20; Thu 07:30 + 4 → 11:30.
    assert state.clock.due_at == vn(2025, 3, 6, 11, 30)


def test_receipt_after_work_starts_clock_next_morning() -> None:
    state = received(vn(2025, 3, 3, 17, 30))
    assert state.clock.started_at == vn(2025, 3, 4, 7, 30)
    # Tue, Wed, Thu full days; a due on a session boundary ends that session: Thu 17:00.
    assert state.clock.due_at == vn(2025, 3, 6, 17)


def test_receipt_during_tet_starts_clock_on_the_first_working_morning_after() -> None:
    state = received(vn(2025, 1, 29, 10))  # Mùng 1 Tết Ất Tỵ
    assert state.clock.started_at == vn(2025, 2, 3, 7, 30)
    assert state.clock.due_at == vn(2025, 2, 5, 17)


def test_single_day_procedure_received_before_cutoff_is_due_end_of_that_day() -> None:
    state = received(vn(2025, 3, 3, 14, 59), single_day_cutoff=time(15, 0))
    assert state.clock.due_at == vn(2025, 3, 3, 17)


def test_single_day_procedure_received_at_cutoff_is_due_end_of_next_working_day() -> None:
    state = received(vn(2025, 3, 7, 15), single_day_cutoff=time(15, 0))  # a Friday
    assert state.clock.due_at == vn(2025, 3, 10, 17)  # the Monday after


def test_single_day_procedure_received_on_saturday_is_due_monday_evening() -> None:
    state = received(vn(2025, 3, 8, 9), single_day_cutoff=time(15, 0))
    assert state.clock.started_at == vn(2025, 3, 10, 7, 30)
    assert state.clock.due_at == vn(2025, 3, 10, 17)


# --- Pause, resume, restart ---------------------------------------------------------------------


def in_processing() -> DossierState:
    """Received Monday 3/3 08:00 (due Thu 6/3 08:00: Mon 7.5, Tue 8, Wed 8, Thu 0.5), examining."""
    state = received(vn(2025, 3, 3, 8))
    assert state.clock.due_at == vn(2025, 3, 6, 8)
    return run(state, "chuyen-xu-ly", vn(2025, 3, 3, 10)).state


def test_supplement_request_pauses_the_clock_with_status_5() -> None:
    change = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10))
    assert change.clock_effect == ClockEffect.PAUSE
    assert change.state.status == NationalStatus.SUPPLEMENT_REQUESTED
    assert change.state.clock.paused_at == vn(2025, 3, 4, 10)
    assert change.state.clock.due_at == vn(2025, 3, 6, 8)
    assert change.state.clock.step_due_at is None  # the applicant's waiting step has no allotted time


def test_resume_three_working_days_later_moves_due_by_exactly_the_paused_working_time() -> None:
    paused = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10)).state
    change = run(paused, "nop-bo-sung", vn(2025, 3, 7, 10))  # Fri: Tue 10:00 → Fri 10:00 = 24 h
    clock = change.state.clock
    assert change.clock_effect == ClockEffect.RESUME
    assert clock.paused_at is None
    assert clock.paused_hours == Decimal(24)
    # Remaining at the pause: Tue 10–11:30 (1.5) + 4, Wed 8, Thu 0.5 = 14 h; from Fri 10:00:
    # Fri 1.5 + 4, Mon 8 → 13.5; Tue 07:30 + 0.5 → Tue 11/3 08:00.
    assert clock.due_at == clock.original_due_at == vn(2025, 3, 11, 8)
    assert CAL.working_time_between(vn(2025, 3, 6, 8), clock.due_at) == Decimal(24)
    assert change.state.status == NationalStatus.PROCESSING
    assert change.due_before == vn(2025, 3, 6, 8) and change.due_after == vn(2025, 3, 11, 8)


def test_pause_over_a_weekend_charges_only_working_time() -> None:
    paused = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 4, 16)).state  # Tuesday 16:00
    resumed = run(paused, "nop-bo-sung", vn(2025, 3, 10, 8)).state  # Monday 08:00
    # Paused: Tue 1, Wed 8, Thu 8, Fri 8, Mon 0.5 = 25.5 working hours, not six calendar days.
    assert resumed.clock.paused_hours == Decimal("25.5")
    assert CAL.working_time_between(vn(2025, 3, 6, 8), resumed.clock.due_at) == Decimal("25.5")


def test_supplement_with_restart_setting_gives_the_full_legal_time_from_resumption() -> None:
    paused = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10)).state
    change = run(paused, "nop-bo-sung", vn(2025, 3, 7, 10), supplement_clock="restart")
    clock = change.state.clock
    assert change.clock_effect == ClockEffect.RESTART
    assert clock.started_at == vn(2025, 3, 7, 10)
    # Fri 10:00 + 24 h: Fri 5.5, Mon 8, Tue 8 → 21.5; Wed 07:30 + 2.5 → 10:00.
    assert clock.due_at == clock.original_due_at == vn(2025, 3, 12, 10)
    assert clock.paused_hours == 0


def test_restart_setting_does_not_apply_to_the_financial_obligation_wait() -> None:
    state = run(in_processing(), "trinh-ky", vn(2025, 3, 4, 8)).state
    paused = run(state, "thong-bao-nghia-vu", vn(2025, 3, 4, 10)).state
    assert paused.status == NationalStatus.FINANCIAL_OBLIGATION
    change = run(paused, "da-nop", vn(2025, 3, 7, 10), supplement_clock="restart")
    assert change.clock_effect == ClockEffect.RESUME
    assert change.state.clock.due_at == vn(2025, 3, 11, 8)


def test_pausing_a_paused_clock_is_refused() -> None:
    paused = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10)).state
    with pytest.raises(InvalidTransition, match="đang tạm dừng"):
        clocks.pause(paused.clock, at=vn(2025, 3, 4, 11), reason_status=NationalStatus.SUPPLEMENT_REQUESTED)


def test_resuming_a_running_clock_is_refused() -> None:
    state = in_processing()
    with pytest.raises(InvalidTransition, match="không tạm dừng"):
        clocks.resume(state.clock, at=vn(2025, 3, 4, 11), calendar=CAL)


def test_resume_when_the_due_had_already_passed_moves_it_by_the_paused_time() -> None:
    paused = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 6, 9)).state  # an hour past the due
    resumed = run(paused, "nop-bo-sung", vn(2025, 3, 6, 15)).state  # Thu 09:00 → 15:00: 4.5 h
    assert resumed.clock.due_at == vn(2025, 3, 6, 14)  # Thu 08:00 + 4.5 h: 08:00–11:30 (3.5), 13:00–14:00
    assert timeliness(resumed, at=vn(2025, 3, 6, 15), calendar=CAL) == Timeliness.OVERDUE


# --- Extension (form 04) ---------------------------------------------------------------------


def test_extension_moves_the_appointment_but_keeps_the_original_due() -> None:
    change = run(
        in_processing(), "gia-han", vn(2025, 3, 5, 9), new_due=vn(2025, 3, 10, 17), reason="Cần xác minh"
    )
    clock = change.state.clock
    assert clock.due_at == vn(2025, 3, 10, 17)
    assert clock.original_due_at == vn(2025, 3, 6, 8)
    assert [(e.previous_due, e.new_due, e.reason) for e in clock.extensions] == [
        (vn(2025, 3, 6, 8), vn(2025, 3, 10, 17), "Cần xác minh")
    ]
    assert change.handover is None  # a self-loop is not a hand-over
    assert clock.step_started_at == vn(2025, 3, 3, 10)


def test_extension_after_the_due_has_passed_is_refused() -> None:
    with pytest.raises(ExtensionRefused) as refused:
        run(in_processing(), "gia-han", vn(2025, 3, 6, 9), new_due=vn(2025, 3, 10, 17), reason="Trễ")
    assert refused.value.code == "dossier.extension_too_late"
    assert "quá hạn" in refused.value.message_vi


def test_extension_refusal_writes_the_due_moment_in_vietnam_time_when_stored_in_utc() -> None:
    state = in_processing()
    due_utc = state.clock.due_at.astimezone(UTC)  # as a dossier read back from the database holds it
    state = dataclasses.replace(state, clock=dataclasses.replace(state.clock, due_at=due_utc))
    with pytest.raises(ExtensionRefused) as refused:
        run(state, "gia-han", vn(2025, 3, 5, 9), new_due=vn(2025, 3, 5, 17), reason="Cần xác minh")
    assert refused.value.code == "dossier.extension_not_later"
    assert "08 giờ 00 phút, ngày 06/03/2025" in refused.value.message_vi


@pytest.mark.parametrize(
    ("new_due", "reason", "code"),
    [
        (None, "Cần xác minh", "dossier.extension_due_required"),
        (vn(2025, 3, 6, 8), "Cần xác minh", "dossier.extension_not_later"),
        (vn(2025, 3, 5, 17), "Cần xác minh", "dossier.extension_not_later"),
        (vn(2025, 3, 10, 17), "  ", "dossier.extension_reason_required"),
    ],
)
def test_extension_without_a_later_due_and_a_reason_is_refused(new_due, reason, code) -> None:
    with pytest.raises(ExtensionRefused) as refused:
        run(in_processing(), "gia-han", vn(2025, 3, 5, 9), new_due=new_due, reason=reason)
    assert refused.value.code == code


def test_lateness_is_counted_against_the_original_due_after_an_extension() -> None:
    state = run(
        in_processing(), "gia-han", vn(2025, 3, 5, 9), new_due=vn(2025, 3, 10, 17), reason="Xác minh"
    ).state
    state = run(state, "trinh-ky", vn(2025, 3, 7, 8)).state
    state = run(state, "ky-duyet", vn(2025, 3, 7, 9)).state
    done = run(state, "tra-ket-qua", vn(2025, 3, 10, 16)).state  # before the new appointment
    assert done.clock.finished_at == vn(2025, 3, 10, 16)
    assert timeliness(done, at=vn(2025, 3, 20, 8), calendar=CAL) == Timeliness.LATE


# --- Freeze and finishing --------------------------------------------------------------------


def test_freeze_keeps_a_snapshot_for_statistics() -> None:
    state = run(in_processing(), "trinh-ky", vn(2025, 3, 4, 8)).state
    state = run(state, "ky-duyet", vn(2025, 3, 4, 9)).state
    frozen = run(state, "chot-so-lieu", vn(2025, 3, 5, 10)).state
    assert frozen.clock.frozen is not None and frozen.clock.frozen.at == vn(2025, 3, 5, 10)
    # Returned a week later: statistics still judge the frozen moment, before the due.
    done = run(frozen, "tra-ket-qua", vn(2025, 3, 12, 10)).state
    assert timeliness(done, at=vn(2025, 3, 12, 10), calendar=CAL) == Timeliness.EARLY


def test_finishing_while_paused_resumes_first_so_the_pause_is_not_charged() -> None:
    """A process may leave a waiting step straight to the end; the pause still ends there."""
    from dataclasses import replace

    from tests.dossiers.processes import action

    shortcut = action("rut-ngay", "bo-sung", "da-tra", "receiver")
    process = replace(PROCESS, actions=(*PROCESS.actions, shortcut))
    paused = run(in_processing(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10)).state
    change = apply(
        paused, shortcut, process=process, at=vn(2025, 3, 7, 10), calendar=CAL,
        actor_roles={"receiver"}, legal_hours=LEGAL_HOURS,
    )  # fmt: skip
    assert change.finished
    assert change.state.clock.paused_at is None
    assert change.state.clock.original_due_at == vn(2025, 3, 11, 8)
    assert timeliness(change.state, at=vn(2025, 3, 7, 10), calendar=CAL) == Timeliness.EARLY
