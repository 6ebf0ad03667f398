"""A procedure's internal workflow as data, and what makes it valid — plain Python, no Django.

A process (quy trình nội bộ) is a directed graph: steps (bước) are its nodes, actions (thao tác) its
edges. Each step names the unit and role responsible for it and the working hours allotted to it;
the hours of the steps that count toward the legal time must add up to that time (Nghị định
118/2025: the internal process approved by the province divides the legal processing time among
the units). Each action says who may take it and what it does to the dossier's clock.

``validate_process`` lists *every* problem (in Vietnamese and English) so that an editor can fix a
process in one pass; ``available_actions`` is what the dossier engine offers an officer in a step.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

APPLICANT = "applicant"
"""The role of the person who filed the dossier; valid in every process besides the officer roles."""

RESPONSIBLE_OTHER_AGENCY = "other_agency"
CLOCK_EFFECTS = frozenset({"none", "start", "pause", "resume", "restart", "freeze", "extend"})
NATIONAL_STATUS_RANGE = range(1, 11)
"""Status codes of the national portal, 1 Mới đăng ký … 10 Đã trả kết quả (Thông tư 03/2025/TT-VPCP)."""


@dataclass(frozen=True)
class StepSpec:
    """A step: who is responsible, with which role, how many working hours, which national status."""

    code: str
    name: str
    order: int
    responsible: str
    role: str
    allotted_hours: Decimal
    national_status: int
    is_initial: bool = False
    is_terminal: bool = False
    counts_toward_time: bool = True
    other_agency: str | None = None
    other_agency_kind: str = ""


@dataclass(frozen=True)
class ActionSpec:
    """An action from one step to another, the roles that may take it and its clock effect."""

    code: str
    name: str
    from_step: str
    to_step: str
    roles: tuple[str, ...]
    clock_effect: str = "none"
    requires_papers: bool = False
    requires_signature: bool = False
    requires_payment: bool = False


@dataclass(frozen=True)
class ProcessSpec:
    """A whole process: its steps (any order; ``order`` sorts them) and its actions."""

    code: str
    steps: tuple[StepSpec, ...]
    actions: tuple[ActionSpec, ...]

    def step(self, code: str) -> StepSpec | None:
        """The step with this code, or None."""
        return next((step for step in self.steps if step.code == code), None)

    def initial_step(self) -> StepSpec | None:
        """The initial step when there is exactly one, else None."""
        initial = [step for step in self.steps if step.is_initial]
        return initial[0] if len(initial) == 1 else None

    def counted_hours(self) -> Decimal:
        """Working hours of the steps that count toward the legal time."""
        return sum((step.allotted_hours for step in self.steps if step.counts_toward_time), Decimal("0"))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a process; ``where`` points at it ("step:xu-ly", "action:chuyen-xu-ly")."""

    code: str
    message_vi: str
    message_en: str
    where: str = ""


def _format_hours(hours: Decimal) -> str:
    """3 → "3", 2.50 → "2,5" (Vietnamese decimal comma)."""
    return format(hours.normalize(), "f").replace(".", ",")


def reachable(start: Iterable[str], edges: Iterable[tuple[str, str]]) -> set[str]:
    """Every node reachable from ``start`` (inclusive) following ``edges`` (breadth-first)."""
    successors: dict[str, list[str]] = {}
    for source, target in edges:
        successors.setdefault(source, []).append(target)
    seen = set(start)
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        for target in successors.get(node, ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _duplicate_problems(spec: ProcessSpec) -> list[Problem]:
    problems = []
    for code, count in Counter(step.code for step in spec.steps).items():
        if count > 1:
            problems.append(
                Problem(
                    "process.duplicate_step_code",
                    f"Mã bước “{code}” được dùng cho {count} bước; mỗi bước phải có mã riêng.",
                    f"Step code {code!r} is used by {count} steps; step codes must be unique.",
                    f"step:{code}",
                )
            )
    for code, count in Counter(action.code for action in spec.actions).items():
        if count > 1:
            problems.append(
                Problem(
                    "process.duplicate_action_code",
                    f"Mã thao tác “{code}” được dùng cho {count} thao tác; mỗi thao tác phải có mã riêng.",
                    f"Action code {code!r} is used by {count} actions; action codes must be unique.",
                    f"action:{code}",
                )
            )
    return problems


def _step_problems(spec: ProcessSpec, known_roles: frozenset[str]) -> list[Problem]:
    problems = []
    initial = [step for step in spec.steps if step.is_initial]
    if not initial:
        problems.append(
            Problem(
                "process.no_initial_step",
                "Quy trình chưa có bước bắt đầu; hãy đánh dấu đúng một bước là bước bắt đầu.",
                "The process has no initial step; mark exactly one step as initial.",
            )
        )
    elif len(initial) > 1:
        names = ", ".join(f"“{step.code}”" for step in initial)
        problems.append(
            Problem(
                "process.many_initial_steps",
                f"Quy trình có {len(initial)} bước bắt đầu ({names}); chỉ được có một.",
                f"The process has {len(initial)} initial steps; exactly one is allowed.",
            )
        )
    if not any(step.is_terminal for step in spec.steps):
        problems.append(
            Problem(
                "process.no_terminal_step",
                "Quy trình chưa có bước kết thúc; hãy đánh dấu ít nhất một bước là bước kết thúc.",
                "The process has no terminal step; mark at least one step as terminal.",
            )
        )
    for step in spec.steps:
        where = f"step:{step.code}"
        if step.national_status not in NATIONAL_STATUS_RANGE:
            problems.append(
                Problem(
                    "process.national_status_out_of_range",
                    f"Bước “{step.name}”: trạng thái báo cáo Cổng quốc gia phải từ 1 đến 10 "
                    f"(đang là {step.national_status}).",
                    f"Step {step.code!r}: the national status must be 1–10 (it is {step.national_status}).",
                    where,
                )
            )
        if step.allotted_hours < 0:
            problems.append(
                Problem(
                    "process.negative_hours",
                    f"Bước “{step.name}”: thời gian không được âm.",
                    f"Step {step.code!r}: allotted hours must not be negative.",
                    where,
                )
            )
        if step.role and step.role not in known_roles and step.role != APPLICANT:
            problems.append(
                Problem(
                    "process.unknown_role",
                    f"Bước “{step.name}”: vai trò “{step.role}” không tồn tại.",
                    f"Step {step.code!r}: role {step.role!r} does not exist.",
                    where,
                )
            )
        if step.responsible == RESPONSIBLE_OTHER_AGENCY:
            if not step.other_agency and not step.other_agency_kind:
                problems.append(
                    Problem(
                        "process.other_agency_missing",
                        f"Bước “{step.name}” do cơ quan khác thực hiện (liên thông) nhưng chưa chọn "
                        "cơ quan hoặc loại cơ quan.",
                        f"Step {step.code!r} belongs to another agency but names no agency or kind.",
                        where,
                    )
                )
            elif step.other_agency and step.other_agency_kind:
                problems.append(
                    Problem(
                        "process.other_agency_ambiguous",
                        f"Bước “{step.name}”: chỉ chọn một cơ quan liên thông hoặc một loại cơ quan, "
                        "không chọn cả hai.",
                        f"Step {step.code!r}: name either an agency or a kind of agency, not both.",
                        where,
                    )
                )
    return problems


def _action_problems(spec: ProcessSpec, known_roles: frozenset[str]) -> list[Problem]:
    problems = []
    step_codes = {step.code for step in spec.steps}
    terminal = {step.code for step in spec.steps if step.is_terminal}
    for action in spec.actions:
        where = f"action:{action.code}"
        for end, code in (("từ bước", action.from_step), ("đến bước", action.to_step)):
            if code not in step_codes:
                problems.append(
                    Problem(
                        "process.unknown_step",
                        f"Thao tác “{action.name}”: {end} “{code}” không có trong quy trình.",
                        f"Action {action.code!r} refers to step {code!r}, which is not in the process.",
                        where,
                    )
                )
        if action.from_step in terminal:
            problems.append(
                Problem(
                    "process.terminal_has_actions",
                    f"Thao tác “{action.name}” đi ra từ bước kết thúc “{action.from_step}”; "
                    "bước kết thúc không được có thao tác.",
                    f"Action {action.code!r} leaves terminal step {action.from_step!r}; "
                    "terminal steps have no actions.",
                    where,
                )
            )
        if not action.roles:
            problems.append(
                Problem(
                    "process.action_without_role",
                    f"Thao tác “{action.name}” chưa có vai trò nào được thực hiện.",
                    f"Action {action.code!r} names no role that may take it.",
                    where,
                )
            )
        for role in action.roles:
            if role not in known_roles and role != APPLICANT:
                problems.append(
                    Problem(
                        "process.unknown_role",
                        f"Thao tác “{action.name}”: vai trò “{role}” không tồn tại.",
                        f"Action {action.code!r}: role {role!r} does not exist.",
                        where,
                    )
                )
        if action.clock_effect not in CLOCK_EFFECTS:
            problems.append(
                Problem(
                    "process.unknown_clock_effect",
                    f"Thao tác “{action.name}”: ảnh hưởng tới thời hạn “{action.clock_effect}” không hợp lệ.",
                    f"Action {action.code!r}: clock effect {action.clock_effect!r} is not valid.",
                    where,
                )
            )
    return problems


def _graph_problems(spec: ProcessSpec) -> list[Problem]:
    problems = []
    step_codes = {step.code for step in spec.steps}
    edges = [
        (action.from_step, action.to_step)
        for action in spec.actions
        if action.from_step in step_codes and action.to_step in step_codes
    ]
    initial = {step.code for step in spec.steps if step.is_initial}
    terminal = {step.code for step in spec.steps if step.is_terminal}
    forward = reachable(initial, edges) if initial else step_codes
    backward = reachable(terminal, [(target, source) for source, target in edges]) if terminal else step_codes
    reported: set[str] = set()
    for step in sorted(spec.steps, key=lambda item: item.order):
        if step.code in reported:
            continue
        reported.add(step.code)
        if step.code not in forward:
            problems.append(
                Problem(
                    "process.unreachable_step",
                    f"Không thể đi từ bước bắt đầu tới bước “{step.name}”.",
                    f"Step {step.code!r} cannot be reached from the initial step.",
                    f"step:{step.code}",
                )
            )
        if not step.is_terminal and step.code not in backward:
            problems.append(
                Problem(
                    "process.dead_end_step",
                    f"Từ bước “{step.name}” không thể đi tới bước kết thúc nào.",
                    f"No terminal step can be reached from step {step.code!r}.",
                    f"step:{step.code}",
                )
            )
    return problems


def validate_process(
    spec: ProcessSpec, *, legal_hours: Decimal | None = None, known_roles: frozenset[str]
) -> list[Problem]:
    """Every problem of a process, in a stable order (steps, actions, graph, time); empty when valid.

    ``known_roles`` are the officer roles (``organizations.Role`` values); "applicant" is always
    allowed. With ``legal_hours``, the hours of the steps that count toward time must add up to it.
    """
    if not spec.steps:
        return [
            Problem(
                "process.empty",
                "Quy trình chưa có bước nào.",
                "The process has no steps.",
            )
        ]
    problems = _duplicate_problems(spec)
    problems += _step_problems(spec, known_roles)
    problems += _action_problems(spec, known_roles)
    problems += _graph_problems(spec)
    if legal_hours is not None:
        counted = spec.counted_hours()
        if counted != legal_hours:
            problems.append(
                Problem(
                    "process.hours_mismatch",
                    f"Tổng thời gian các bước tính vào thời hạn là {_format_hours(counted)} giờ làm việc, "
                    f"khác thời hạn giải quyết {_format_hours(legal_hours)} giờ làm việc.",
                    f"The steps that count toward time add up to {counted} working hours, "
                    f"but the legal time is {legal_hours} working hours.",
                )
            )
    return problems


def available_actions(spec: ProcessSpec, step_code: str, roles: Iterable[str]) -> list[ActionSpec]:
    """The actions leaving ``step_code`` that someone holding any of ``roles`` may take, in the
    order the process lists them."""
    held = set(roles)
    return [
        action for action in spec.actions if action.from_step == step_code and held.intersection(action.roles)
    ]
