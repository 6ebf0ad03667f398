"""Hypothesis over random action sequences on generated valid processes (issue 4, "Tests").

A process is generated as a chain of counted steps whose hours add up to the legal time, a result
step, a terminal step, optional rework edges back, a supplement wait (status 5) and a financial
obligation wait (status 6) with pause/resume pairs, an optional form-04 extension and a freeze. A
sequence of moves then tries actions (mostly ones leaving the current step, sometimes any action,
with random roles) at random later moments, across nights, weekends and Tết. Whatever happens:

- the dossier only ever moves along an action of the process that leaves its current step and that
  one of the actor's roles may take;
- the due moment (and the original due) never moves earlier, except by an explicit restart;
- paused time is never charged: working time from clock start to the original due is always the
  legal time plus the paused working time, so a finished dossier is late exactly when the working
  time it was charged (start → finish, minus paused) exceeds the legal time;
- a finished dossier accepts no action.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from egov.core.calendar import VIETNAM
from egov.core.errors import DomainError
from egov.dossiers.domain import (
    ClockEffect,
    DossierState,
    InvalidTransition,
    NationalStatus,
    Timeliness,
    apply,
    receive,
    timeliness,
)
from egov.procedures.workflow import ActionSpec, ProcessSpec, StepSpec, validate_process
from tests.dossiers.processes import CAL

ROLES = ("a", "b", "c")
TOLERANCE = Decimal("0.000001")  # working hours; Decimal division of microseconds is not always exact


def spec_step(code: str, order: int, hours: Decimal, status: int, **fields: bool) -> StepSpec:
    return StepSpec(
        code=code,
        name=f"Bước {code}",
        order=order,
        responsible="processing",
        role="a",
        allotted_hours=hours,
        national_status=status,
        **fields,
    )


@st.composite
def processes(draw: st.DrawFn) -> tuple[ProcessSpec, Decimal]:
    size = draw(st.integers(min_value=1, max_value=4))
    halves = draw(st.lists(st.integers(min_value=0, max_value=48), min_size=size + 2, max_size=size + 2))
    hours = [Decimal(value) / 2 for value in halves]
    main = [f"s{index}" for index in range(size)]
    steps = [spec_step(main[0], 0, hours[0], 2, is_initial=True)]
    steps += [spec_step(code, index, hours[index], 4) for index, code in enumerate(main) if index > 0]
    steps += [
        spec_step("r", size, hours[size] + hours[size + 1], 9),
        spec_step("end", size + 1, Decimal(0), 10, is_terminal=True, counts_toward_time=False),
        spec_step("bs", size + 2, Decimal(0), 5, counts_toward_time=False),
        spec_step("nv", size + 3, Decimal(0), 6, counts_toward_time=False),
    ]
    chain = [*main, "r", "end"]
    edges: list[tuple[str, str, str]] = [
        (source, target, "start" if index == 0 else "none")
        for index, (source, target) in enumerate(itertools.pairwise(chain))
    ]
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        later = draw(st.integers(min_value=1, max_value=size))
        earlier = draw(st.integers(min_value=0, max_value=later - 1))
        edges.append(([*main, "r"][later], main[earlier], "none"))
    asked_at = draw(st.sampled_from(main))
    edges += [(asked_at, "bs", "pause"), ("bs", asked_at, "resume")]
    paid_from = draw(st.integers(min_value=0, max_value=size - 1))
    paid_to = draw(st.integers(min_value=paid_from, max_value=size - 1))
    edges += [(main[paid_from], "nv", "pause"), ("nv", main[paid_to], "resume")]
    if draw(st.booleans()):
        extended = draw(st.sampled_from(main))
        edges.append((extended, extended, "extend"))
    if draw(st.booleans()):
        edges.append(("r", "r", "freeze"))
    if draw(st.booleans()):
        edges.append((draw(st.sampled_from(main)), main[0], "restart"))
    actions = []
    for index, (source, target, clock) in enumerate(edges):
        roles = draw(st.sets(st.sampled_from(ROLES), min_size=1, max_size=2))
        if source in ("bs", "nv"):
            roles.add("applicant")
        actions.append(
            ActionSpec(
                code=f"t{index}",
                name=f"Thao tác t{index}",
                from_step=source,
                to_step=target,
                roles=tuple(sorted(roles)),
                clock_effect=clock,
            )
        )
    process = ProcessSpec("NGAU-NHIEN", tuple(steps), tuple(actions))
    legal = process.counted_hours()
    assert validate_process(process, legal_hours=legal, known_roles=frozenset(ROLES)) == []
    return process, legal


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 1)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=VIETNAM)
)
Move = tuple[int, int, int, set[str], int, int, str]
moves = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=9),  # 0–7: an action leaving the current step; 8–9: any action
        st.integers(min_value=0, max_value=50),  # which one
        st.one_of(  # minutes later: within the day, or across nights, weekends and holidays
            st.integers(min_value=0, max_value=240), st.integers(min_value=0, max_value=5 * 24 * 60)
        ),
        st.sets(st.sampled_from((*ROLES, "applicant")), max_size=2),  # extra roles of the actor
        st.integers(min_value=0, max_value=9),  # 0–7: the actor holds a role of the action
        st.integers(min_value=-8, max_value=40),  # an extension's new due, working hours after the due
        st.sampled_from(("Cần xác minh thêm", "Chờ ý kiến cơ quan phối hợp", "")),
    ),
    min_size=1,
    max_size=40,
)


def charged_equals_legal_plus_paused(state: DossierState, legal: Decimal) -> bool:
    clock = state.clock
    worked = CAL.working_time_between(clock.started_at, clock.original_due_at)
    return abs(worked - (legal + clock.paused_hours)) < TOLERANCE


def distances_to_end(process: ProcessSpec) -> dict[str, int]:
    """Fewest actions from each step to the terminal step (breadth-first over reversed edges)."""
    distance = {"end": 0}
    frontier = ["end"]
    while frontier:
        following = []
        for action in process.actions:
            if action.to_step in frontier and action.from_step not in distance:
                distance[action.from_step] = distance[action.to_step] + 1
                following.append(action.from_step)
        frontier = following
    return distance


def attempt(
    state: DossierState,
    action: ActionSpec,
    *,
    process: ProcessSpec,
    at: datetime,
    roles: set[str],
    legal: Decimal,
    **options: object,
) -> DossierState:
    """Apply one action; when it is accepted, check every invariant of the change."""
    try:
        change = apply(
            state, action, process=process, at=at, calendar=CAL, actor_roles=roles, legal_hours=legal,
            **options,  # type: ignore[arg-type]
        )  # fmt: skip
    except DomainError as refused:
        event(f"refused: {refused.code}")
        return state
    event(f"applied: {change.clock_effect}")
    before, after = state, change.state
    # Only along an action of the process, from the current step, by a role that may take it.
    assert action in process.actions
    assert action.from_step == before.step and action.to_step == after.step
    assert roles & set(action.roles)
    assert not before.is_finished
    assert after.status == NationalStatus(process.step(after.step).national_status)  # type: ignore[union-attr]
    assert after.clock.is_paused == (after.step in ("bs", "nv"))
    # The due never moves earlier, except by an explicit restart.
    if change.clock_effect != ClockEffect.RESTART:
        assert after.clock.due_at >= before.clock.due_at
        assert after.clock.original_due_at >= before.clock.original_due_at
        assert after.clock.started_at == before.clock.started_at
    # Paused time is never charged: the due is always start + legal time + paused working time.
    assert after.clock.paused_hours >= before.clock.paused_hours or change.clock_effect == ClockEffect.RESTART
    assert charged_equals_legal_plus_paused(after, legal)
    return after


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=processes(), received_at=moments, plan=moves, restart=st.booleans())
def test_random_action_sequences_keep_the_workflow_and_clock_invariants(
    generated: tuple[ProcessSpec, Decimal], received_at: datetime, plan: list[Move], restart: bool
) -> None:
    process, legal = generated
    setting = "restart" if restart else "pause_resume"
    state = receive(process, received_at=received_at, legal_hours=legal, calendar=CAL)
    assert charged_equals_legal_plus_paused(state, legal)
    at = received_at
    for kind, pick, minutes, extra_roles, holds_role, extension_hours, reason in plan:
        at = at + timedelta(minutes=minutes)
        leaving = [action for action in process.actions if action.from_step == state.step]
        pool = leaving if kind < 8 and leaving else list(process.actions)
        action = pool[pick % len(pool)]
        roles = set(extra_roles) | ({action.roles[0]} if holds_role < 8 else set())
        new_due = (
            CAL.add_working_time(state.clock.due_at, extension_hours)
            if extension_hours >= 0
            else state.clock.due_at - timedelta(hours=-extension_hours)
        )
        state = attempt(
            state, action, process=process, at=at, roles=roles, legal=legal,
            supplement_clock=setting, new_due=new_due, reason=reason,
        )  # fmt: skip
    # Then drive the dossier to the end along a shortest path, an hour per action.
    distance = distances_to_end(process)
    for _ in range(len(process.steps) + 2):
        if state.is_finished:
            break
        at = at + timedelta(hours=1)
        action = min(
            (
                item
                for item in process.actions
                if item.from_step == state.step and item.to_step != item.from_step
            ),
            key=lambda item: distance[item.to_step],
        )
        state = attempt(
            state,
            action,
            process=process,
            at=at,
            roles=set(action.roles),
            legal=legal,
            supplement_clock=setting,
        )
    assert state.is_finished
    # Late exactly when the working time charged (start → finish, minus paused) exceeds the legal time.
    clock = state.clock
    assert not clock.is_paused
    snapshot = clock.frozen
    end = snapshot.at if snapshot is not None else clock.finished_at
    paused = snapshot.paused_hours if snapshot is not None else clock.paused_hours
    started = snapshot.started_at if snapshot is not None else clock.started_at
    assert end is not None
    charged = CAL.working_time_between(started, end) - paused
    verdict = timeliness(state, at=end, calendar=CAL)
    if abs(charged - legal) > TOLERANCE:
        assert (verdict == Timeliness.LATE) == (charged > legal)
    # A finished dossier accepts no action.
    for action in process.actions:
        try:
            apply(
                state, action, process=process, at=at + timedelta(hours=1), calendar=CAL,
                actor_roles=set(action.roles), legal_hours=legal,
            )  # fmt: skip
        except InvalidTransition:
            continue
        raise AssertionError(f"finished dossier accepted {action.code}")


@settings(max_examples=200, deadline=None)
@given(
    received_at=moments,
    asked_after=st.integers(min_value=0, max_value=60),
    extra=st.integers(min_value=-16, max_value=40),
    reason=st.sampled_from(("Cần xác minh thêm", "")),
)
def test_an_extension_is_granted_exactly_when_it_is_in_time_later_and_reasoned(
    received_at: datetime, asked_after: int, extra: int, reason: str
) -> None:
    """Form 04: accepted iff asked by the current due, later than it and with a reason; the original
    due never moves."""
    extend = ActionSpec("gia-han", "Gia hạn", "xu-ly", "xu-ly", ("specialist",), clock_effect="extend")
    process = ProcessSpec(
        "GIA-HAN",
        (
            spec_step("xu-ly", 0, Decimal(24), 4, is_initial=True),
            spec_step("end", 1, Decimal(0), 10, is_terminal=True, counts_toward_time=False),
        ),
        (extend, ActionSpec("xong", "Xong", "xu-ly", "end", ("specialist",))),
    )
    state = receive(process, received_at=received_at, legal_hours=24, calendar=CAL)
    at = CAL.add_working_time(state.clock.started_at, asked_after) if asked_after else state.clock.started_at
    new_due = state.clock.due_at + timedelta(hours=extra)
    expected = at <= state.clock.due_at and new_due > state.clock.due_at and bool(reason)
    try:
        change = apply(
            state, extend, process=process, at=at, calendar=CAL, actor_roles={"specialist"},
            legal_hours=24, new_due=new_due, reason=reason,
        )  # fmt: skip
    except DomainError as refused:
        assert not expected, refused.code
        assert refused.code.startswith("dossier.extension_")
        return
    assert expected
    assert change.state.clock.due_at == new_due
    assert change.state.clock.original_due_at == state.clock.original_due_at
    assert len(change.state.clock.extensions) == 1
