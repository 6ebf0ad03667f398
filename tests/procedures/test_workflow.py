"""Validation of a process as data, and the actions an officer is offered in a step."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from egov.procedures.workflow import ActionSpec, ProcessSpec, StepSpec, available_actions, validate_process

ROLES = frozenset({"receiver", "specialist", "division_head", "leader", "clerk", "administrator"})


def step(code: str, order: int, hours: str = "4", **fields) -> StepSpec:
    fields.setdefault("responsible", "processing")
    fields.setdefault("role", "specialist")
    fields.setdefault("national_status", 4)
    return StepSpec(code=code, name=f"Bước {code}", order=order, allotted_hours=Decimal(hours), **fields)


def action(code: str, source: str, target: str, *roles: str, **fields) -> ActionSpec:
    return ActionSpec(code=code, name=f"Thao tác {code}", from_step=source, to_step=target,
                      roles=roles or ("specialist",), **fields)  # fmt: skip


def standard() -> ProcessSpec:
    """Receive (4) → examine (12) → sign (4) → return (4) → returned: 24 hours, three days."""
    return ProcessSpec(
        code="XA-3N",
        steps=(
            step("tiep-nhan", 1, "4", role="receiver", national_status=2, is_initial=True),
            step("xu-ly", 2, "12"),
            step("ky-duyet", 3, "4", role="leader"),
            step("tra-ket-qua", 4, "4", role="receiver", national_status=9),
            step("da-tra", 5, "0", role="", national_status=10, is_terminal=True, counts_toward_time=False),
        ),
        actions=(
            action("chuyen-xu-ly", "tiep-nhan", "xu-ly", "receiver", clock_effect="start"),
            action("trinh-ky", "xu-ly", "ky-duyet", "specialist"),
            action("tra-lai", "ky-duyet", "xu-ly", "leader"),
            action("ky-duyet", "ky-duyet", "tra-ket-qua", "leader", requires_signature=True),
            action("tra-ket-qua", "tra-ket-qua", "da-tra", "receiver", clock_effect="freeze"),
        ),
    )


def codes(problems) -> list[str]:
    return [problem.code for problem in problems]


def test_the_standard_process_is_valid_for_three_working_days():
    assert validate_process(standard(), legal_hours=Decimal("24"), known_roles=ROLES) == []


def test_hours_that_do_not_add_up_name_both_numbers_in_vietnamese():
    problems = validate_process(standard(), legal_hours=Decimal("40"), known_roles=ROLES)
    assert codes(problems) == ["process.hours_mismatch"]
    assert "24 giờ" in problems[0].message_vi and "40 giờ" in problems[0].message_vi


def test_half_hours_are_written_with_a_decimal_comma():
    problems = validate_process(standard(), legal_hours=Decimal("23.5"), known_roles=ROLES)
    assert "23,5 giờ" in problems[0].message_vi


def test_steps_that_do_not_count_toward_time_are_left_out_of_the_sum():
    spec = standard()
    waiting = step("cho-bo-sung", 6, "40", role="", responsible="applicant", counts_toward_time=False)
    spec = dataclasses.replace(
        spec,
        steps=(*spec.steps, waiting),
        actions=(
            *spec.actions,
            action("yeu-cau-bo-sung", "xu-ly", "cho-bo-sung", "specialist", clock_effect="pause"),
            action("nop-bo-sung", "cho-bo-sung", "xu-ly", "applicant", clock_effect="resume"),
        ),
    )
    assert validate_process(spec, legal_hours=Decimal("24"), known_roles=ROLES) == []


def test_every_problem_is_listed_not_just_the_first():
    spec = ProcessSpec(
        code="HONG",
        steps=(
            step("a", 1, is_initial=True, national_status=0),
            step("a", 2, is_initial=True, role="thu-ky"),
            step("b", 3, responsible="other_agency"),
            step("c", 4, national_status=11),
        ),
        actions=(
            action("x", "a", "b", "specialist"),
            action("x", "b", "khong-co", "giam-doc", clock_effect="teleport"),
        ),
    )
    found = set(codes(validate_process(spec, legal_hours=Decimal("1"), known_roles=ROLES)))
    assert found == {
        "process.duplicate_step_code",
        "process.duplicate_action_code",
        "process.many_initial_steps",
        "process.no_terminal_step",
        "process.national_status_out_of_range",
        "process.unknown_role",
        "process.other_agency_missing",
        "process.unknown_step",
        "process.unknown_clock_effect",
        "process.unreachable_step",
        "process.hours_mismatch",
    }


def test_a_process_without_steps_has_one_clear_problem():
    assert codes(validate_process(ProcessSpec("RONG", (), ()), known_roles=ROLES)) == ["process.empty"]


def test_no_initial_step_is_reported():
    spec = standard()
    steps = tuple(dataclasses.replace(item, is_initial=False) for item in spec.steps)
    assert "process.no_initial_step" in codes(
        validate_process(dataclasses.replace(spec, steps=steps), known_roles=ROLES)
    )


def test_terminal_step_with_an_outgoing_action_is_reported_at_the_action():
    spec = standard()
    spec = dataclasses.replace(spec, actions=(*spec.actions, action("mo-lai", "da-tra", "xu-ly", "leader")))
    problems = validate_process(spec, known_roles=ROLES)
    assert [(p.code, p.where) for p in problems] == [("process.terminal_has_actions", "action:mo-lai")]


def test_step_that_cannot_reach_an_end_is_a_dead_end():
    spec = standard()
    spec = dataclasses.replace(
        spec,
        steps=(*spec.steps, step("treo", 6)),
        actions=(*spec.actions, action("treo-lai", "xu-ly", "treo")),
    )
    problems = validate_process(spec, known_roles=ROLES)
    assert [(p.code, p.where) for p in problems] == [("process.dead_end_step", "step:treo")]
    assert "treo" in problems[0].message_vi


def test_inter_agency_step_must_name_an_agency_or_a_kind_but_not_both():
    spec = standard()
    ok = dataclasses.replace(spec.steps[1], responsible="other_agency", other_agency_kind="department")
    both = dataclasses.replace(ok, other_agency="000.00.06.H57")
    assert (
        validate_process(
            dataclasses.replace(spec, steps=(spec.steps[0], ok, *spec.steps[2:])), known_roles=ROLES
        )
        == []
    )
    problems = validate_process(
        dataclasses.replace(spec, steps=(spec.steps[0], both, *spec.steps[2:])), known_roles=ROLES
    )
    assert codes(problems) == ["process.other_agency_ambiguous"]


def test_applicant_is_always_a_known_role():
    spec = standard()
    spec = dataclasses.replace(
        spec, actions=(*spec.actions, action("rut-ho-so", "xu-ly", "da-tra", "applicant"))
    )
    assert validate_process(spec, known_roles=ROLES) == []


def test_an_action_with_no_role_is_reported():
    spec = standard()
    bad = dataclasses.replace(spec.actions[1], roles=())
    spec = dataclasses.replace(spec, actions=(spec.actions[0], bad, *spec.actions[2:]))
    assert codes(validate_process(spec, known_roles=ROLES)) == ["process.action_without_role"]


def test_available_actions_follow_the_step_and_the_roles_held():
    spec = standard()
    assert [a.code for a in available_actions(spec, "ky-duyet", ["leader"])] == ["tra-lai", "ky-duyet"]
    assert available_actions(spec, "ky-duyet", ["specialist"]) == []
    assert [a.code for a in available_actions(spec, "xu-ly", {"specialist", "leader"})] == ["trinh-ky"]
    assert available_actions(spec, "da-tra", ROLES) == []


# --- random graphs against a reference reachability ------------------------------------------------


def reference_closure(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Transitive closure by repeated relaxation (Warshall), obviously correct and slow."""
    reach = {node: {node} for node in nodes}
    for source, target in edges:
        reach[source].add(target)
    for middle in nodes:
        for node in nodes:
            if middle in reach[node]:
                reach[node] |= reach[middle]
    return reach


@st.composite
def random_processes(draw):
    size = draw(st.integers(min_value=1, max_value=8))
    nodes = [f"s{index}" for index in range(size)]
    initial = draw(st.sampled_from(nodes))
    terminal = draw(st.sets(st.sampled_from(nodes), min_size=1, max_size=size))
    pairs = draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=16))
    edges = [(source, target) for source, target in pairs if source not in terminal]
    steps = tuple(
        step(node, index, is_initial=node == initial, is_terminal=node in terminal)
        for index, node in enumerate(nodes)
    )
    actions = tuple(action(f"a{index}", source, target) for index, (source, target) in enumerate(edges))
    return ProcessSpec("NGAU-NHIEN", steps, actions), nodes, initial, terminal, edges


@settings(max_examples=300)
@given(random_processes())
def test_reachability_problems_match_a_reference_closure(case):
    spec, nodes, initial, terminal, edges = case
    closure = reference_closure(nodes, edges)
    expected_unreachable = {node for node in nodes if node not in closure[initial]}
    expected_dead = {node for node in nodes if node not in terminal and not closure[node] & terminal}
    problems = validate_process(spec, known_roles=ROLES)
    unreachable = {p.where.removeprefix("step:") for p in problems if p.code == "process.unreachable_step"}
    dead = {p.where.removeprefix("step:") for p in problems if p.code == "process.dead_end_step"}
    assert unreachable == expected_unreachable
    assert dead == expected_dead
    assert set(codes(problems)) <= {"process.unreachable_step", "process.dead_end_step"}


@given(random_processes(), st.frozensets(st.sampled_from(sorted(ROLES))))
def test_available_actions_are_exactly_the_outgoing_actions_for_a_held_role(case, held):
    spec, nodes, *_ = case
    for node in nodes:
        offered = available_actions(spec, node, held)
        assert all(a.from_step == node and set(a.roles) & held for a in offered)
        assert len(offered) == sum(1 for a in spec.actions if a.from_step == node and set(a.roles) & held)
