"""The transition function's refusals, hand-over rows (form 06) and on-time classification."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from egov.core.errors import ValidationFailed
from egov.dossiers.domain import (
    ActionNotAllowed,
    InvalidTransition,
    NationalStatus,
    Timeliness,
    apply,
    classify,
    close,
    due_soon,
    receive,
    timeliness,
)
from egov.dossiers.domain.state import DossierState
from egov.dossiers.domain.timeliness import due_session_start
from tests.dossiers.processes import CAL, LEGAL_HOURS, PROCESS, act, vn

EVERYONE = frozenset({"receiver", "specialist", "leader", "applicant"})


def run(state: DossierState, code: str, at, roles=EVERYONE, **kwargs):
    return apply(
        state,
        act(code),
        process=PROCESS,
        at=at,
        calendar=CAL,
        actor_roles=roles,
        legal_hours=LEGAL_HOURS,
        **kwargs,
    )


def examining() -> DossierState:
    """Received Monday 3/3/2025 08:00 (due Thursday 6/3 08:00), handed to the specialist at 10:00."""
    state = receive(PROCESS, received_at=vn(2025, 3, 3, 8), legal_hours=LEGAL_HOURS, calendar=CAL)
    return run(state, "chuyen-xu-ly", vn(2025, 3, 3, 10)).state


def finished(at, returned_at=None) -> DossierState:
    """Signed at ``at`` (status 9, the result is ready), returned to the applicant at ``returned_at``
    (a week later by default: lateness is judged when the result is ready, not when it is collected)."""
    state = run(examining(), "trinh-ky", vn(2025, 3, 4, 8)).state
    state = run(state, "ky-duyet", at).state
    return run(state, "tra-ket-qua", returned_at or at + timedelta(days=7)).state


# --- Refusals --------------------------------------------------------------------------------


def test_action_from_another_step_is_refused_naming_the_step_and_the_action() -> None:
    with pytest.raises(InvalidTransition) as refused:
        run(examining(), "ky-duyet", vn(2025, 3, 3, 11))
    assert refused.value.code == "dossier.invalid_transition"
    assert refused.value.status == 409
    assert "Bước xu-ly" in refused.value.message_vi
    assert "Thao tác ky-duyet" in refused.value.message_vi


def test_officer_without_a_matching_role_is_refused() -> None:
    with pytest.raises(ActionNotAllowed) as refused:
        run(examining(), "trinh-ky", vn(2025, 3, 3, 11), roles={"receiver", "leader"})
    assert refused.value.code == "dossier.action_not_allowed"
    assert refused.value.status == 403
    assert "Thao tác trinh-ky" in refused.value.message_vi


def test_action_of_another_process_is_refused() -> None:
    from tests.dossiers.processes import action

    stranger = action("trinh-ky", "xu-ly", "da-tra")  # same code, other edge
    with pytest.raises(InvalidTransition, match="không thuộc quy trình"):
        apply(
            examining(), stranger, process=PROCESS, at=vn(2025, 3, 3, 11), calendar=CAL,
            actor_roles=EVERYONE, legal_hours=LEGAL_HOURS,
        )  # fmt: skip


def test_finished_dossier_accepts_no_action() -> None:
    done = finished(vn(2025, 3, 5, 9))
    assert done.status == NationalStatus.RESULT_RETURNED and not done.is_open
    for action in PROCESS.actions:
        with pytest.raises(InvalidTransition, match="đã kết thúc"):
            apply(
                done, action, process=PROCESS, at=vn(2025, 3, 6, 9), calendar=CAL,
                actor_roles=EVERYONE, legal_hours=LEGAL_HOURS,
            )  # fmt: skip


def test_withdrawn_dossier_accepts_no_action() -> None:
    withdrawn = close(
        examining(),
        status=NationalStatus.WITHDRAWAL_REQUESTED,
        at=vn(2025, 3, 4, 9),
        reason="Công dân xin rút",
    )
    assert withdrawn.status == NationalStatus.WITHDRAWAL_REQUESTED
    assert withdrawn.step == "xu-ly"
    with pytest.raises(InvalidTransition, match="công dân yêu cầu rút hồ sơ"):
        run(withdrawn, "trinh-ky", vn(2025, 3, 4, 10))
    assert timeliness(withdrawn, at=vn(2025, 3, 10, 9), calendar=CAL) is None


def test_closing_needs_a_closing_status_and_a_reason() -> None:
    with pytest.raises(ValidationFailed) as wrong:
        close(examining(), status=NationalStatus.PROCESSED, at=vn(2025, 3, 4, 9), reason="x")
    assert wrong.value.code == "dossier.invalid_closing_status"
    with pytest.raises(ValidationFailed) as empty:
        close(examining(), status=NationalStatus.STOPPED, at=vn(2025, 3, 4, 9), reason=" ")
    assert empty.value.code == "dossier.reason_required"
    stopped = close(examining(), status=NationalStatus.STOPPED, at=vn(2025, 3, 4, 9), reason="Mẫu 05")
    with pytest.raises(InvalidTransition):
        close(stopped, status=NationalStatus.WITHDRAWAL_REQUESTED, at=vn(2025, 3, 4, 10), reason="Rút")


def test_action_dated_before_the_last_change_is_refused() -> None:
    with pytest.raises(ValidationFailed) as refused:
        run(examining(), "trinh-ky", vn(2025, 3, 3, 9))
    assert refused.value.code == "dossier.action_before_last_change"


# --- What a transition records ---------------------------------------------------------------


def test_status_follows_the_target_step_and_the_change_is_reported() -> None:
    state = receive(PROCESS, received_at=vn(2025, 3, 3, 8), legal_hours=LEGAL_HOURS, calendar=CAL)
    change = run(state, "chuyen-xu-ly", vn(2025, 3, 3, 10))
    assert (change.from_step, change.to_step) == ("tiep-nhan", "xu-ly")
    assert (change.status_before, change.status_after) == (NationalStatus.RECEIVED, NationalStatus.PROCESSING)
    assert change.status_changed
    assert change.due_before == change.due_after == vn(2025, 3, 6, 8)
    assert not change.finished
    # The examining step's own due: 12 h from Monday 10:00 → Mon 1.5 + 4, Tue 07:30 + 6.5 → 15:30.
    assert change.state.clock.step_started_at == vn(2025, 3, 3, 10)
    assert change.state.clock.step_due_at == vn(2025, 3, 4, 15, 30)


@pytest.mark.parametrize(
    ("handed_over", "result"),
    [
        (vn(2025, 3, 4, 11), Timeliness.EARLY),  # before the 13:00 session in which 15:30 falls
        (vn(2025, 3, 4, 14), Timeliness.ON_TIME),
        (vn(2025, 3, 4, 15, 30), Timeliness.ON_TIME),
        (vn(2025, 3, 4, 15, 31), Timeliness.LATE),
    ],
)
def test_handover_row_judges_the_step_against_its_own_due(handed_over, result) -> None:
    change = run(examining(), "trinh-ky", handed_over)
    row = change.handover
    assert row is not None
    assert (row.from_step, row.to_step, row.at) == ("xu-ly", "ky-duyet", handed_over)
    assert row.step_started_at == vn(2025, 3, 3, 10)
    assert row.step_due_at == vn(2025, 3, 4, 15, 30)
    assert row.result == result


def test_handover_out_of_the_applicants_waiting_step_has_no_result() -> None:
    paused = run(examining(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10)).state
    row = run(paused, "nop-bo-sung", vn(2025, 3, 5, 10)).handover
    assert row is not None and row.step_due_at is None and row.result is None


# --- Classification --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finished_at", "expected"),
    [
        (vn(2025, 3, 5, 16), Timeliness.EARLY),  # the day before
        (vn(2025, 3, 6, 7), Timeliness.EARLY),  # before the 07:30 session in which 11:30 falls
        (vn(2025, 3, 6, 7, 30), Timeliness.ON_TIME),  # that session has started
        (vn(2025, 3, 6, 11, 30), Timeliness.ON_TIME),  # exactly the due
        (vn(2025, 3, 6, 11, 31), Timeliness.LATE),
    ],
)
def test_classification_of_a_dossier_due_at_the_end_of_a_morning(finished_at, expected) -> None:
    assert classify(finished_at=finished_at, due_at=vn(2025, 3, 6, 11, 30), calendar=CAL) == expected


def test_a_due_at_the_end_of_the_afternoon_belongs_to_the_afternoon_session() -> None:
    due = vn(2025, 3, 6, 17)
    assert due_session_start(due, CAL) == vn(2025, 3, 6, 13)
    assert classify(finished_at=vn(2025, 3, 6, 12), due_at=due, calendar=CAL) == Timeliness.EARLY
    assert classify(finished_at=vn(2025, 3, 6, 13), due_at=due, calendar=CAL) == Timeliness.ON_TIME


def test_a_due_set_at_lunch_belongs_to_the_morning_session() -> None:
    assert due_session_start(vn(2025, 3, 6, 12), CAL) == vn(2025, 3, 6, 7, 30)
    assert due_session_start(vn(2025, 3, 8, 10), CAL) == vn(2025, 3, 7, 13)  # a Saturday → Friday afternoon


def test_comparing_by_date_only_counts_the_whole_due_day_as_on_time() -> None:
    due = vn(2025, 3, 6, 11, 30)
    assert (
        classify(finished_at=vn(2025, 3, 6, 16), due_at=due, calendar=CAL, compare="date")
        == Timeliness.ON_TIME
    )
    assert (
        classify(finished_at=vn(2025, 3, 5, 17), due_at=due, calendar=CAL, compare="date") == Timeliness.EARLY
    )
    assert (
        classify(finished_at=vn(2025, 3, 7, 8), due_at=due, calendar=CAL, compare="date") == Timeliness.LATE
    )
    assert classify(at=vn(2025, 3, 6, 16), due_at=due, calendar=CAL, compare="date") == Timeliness.NOT_YET_DUE


def test_open_dossier_is_not_yet_due_then_overdue() -> None:
    state = examining()
    assert timeliness(state, at=vn(2025, 3, 6, 8), calendar=CAL) == Timeliness.NOT_YET_DUE
    assert timeliness(state, at=vn(2025, 3, 6, 8, 1), calendar=CAL) == Timeliness.OVERDUE
    assert Timeliness.OVERDUE.label == "Quá hạn" and Timeliness.NOT_YET_DUE.label == "Chưa đến hạn"


def test_paused_open_dossier_does_not_become_overdue_while_waiting_for_the_applicant() -> None:
    paused = run(examining(), "yeu-cau-bo-sung", vn(2025, 3, 4, 10)).state
    assert timeliness(paused, at=vn(2025, 3, 20, 10), calendar=CAL) == Timeliness.NOT_YET_DUE


def test_finished_dossiers_are_classified_against_the_original_due() -> None:
    assert timeliness(finished(vn(2025, 3, 5, 9)), at=vn(2025, 4, 1, 8), calendar=CAL) == Timeliness.EARLY
    assert (
        timeliness(finished(vn(2025, 3, 6, 7, 45)), at=vn(2025, 4, 1, 8), calendar=CAL) == Timeliness.ON_TIME
    )
    assert timeliness(finished(vn(2025, 3, 6, 9)), at=vn(2025, 4, 1, 8), calendar=CAL) == Timeliness.LATE
    assert Timeliness.EARLY.counts_as_on_time and not Timeliness.LATE.counts_as_on_time


def test_the_result_ready_before_the_due_is_on_time_however_late_it_is_collected() -> None:
    state = finished(vn(2025, 3, 5, 9), returned_at=vn(2025, 3, 20, 9))
    assert state.clock.frozen is not None and state.clock.frozen.at == vn(2025, 3, 5, 9)
    assert state.clock.finished_at == vn(2025, 3, 20, 9)
    assert timeliness(state, at=vn(2025, 4, 1, 8), calendar=CAL) == Timeliness.EARLY


def test_classify_needs_a_finish_or_a_moment() -> None:
    with pytest.raises(ValueError):
        classify(due_at=vn(2025, 3, 6, 8), calendar=CAL)


# --- Inbox helper ----------------------------------------------------------------------------


def test_due_soon_counts_working_hours_to_the_appointment() -> None:
    state = examining()  # due Thursday 08:00
    assert due_soon(state, at=vn(2025, 3, 5, 8), within_hours=8, calendar=CAL)  # 8 working hours left
    assert not due_soon(state, at=vn(2025, 3, 5, 7, 59), within_hours=8, calendar=CAL)  # 8.5 h (07:30 start)
    assert not due_soon(state, at=vn(2025, 3, 6, 9), within_hours=Decimal(8), calendar=CAL)  # overdue already
    paused = run(state, "yeu-cau-bo-sung", vn(2025, 3, 5, 9)).state
    assert not due_soon(paused, at=vn(2025, 3, 5, 10), within_hours=8, calendar=CAL)
