"""Assignment (phân công): who of the agency responsible now handles a dossier.

A leader or a division head of the agency whose step it is (``dossier.current_agency``; roles held
above it reach down, as for every action), or the one-stop receiver while the dossier is at a
receiver's step, assigns it to an officer holding a working role in that agency or in one of its
divisions (`assign`). An officer of the agency may also take an unassigned dossier (`claim`). The
assignment changes neither the step nor the clock; it is written on the timeline (form 06 row with
the same step before and after) so the hand-over between persons is recorded like the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit, outbox
from egov.core.errors import Conflict, PermissionDenied, ValidationFailed
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services.common import clean_note, officer_name, snapshot
from egov.dossiers.services.processing import lock
from egov.dossiers.statistics import rollups
from egov.organizations.models import Agency, Membership, Role
from egov.procedures import selectors as procedure_selectors

ASSIGN_ACTION = "assign"
CLAIM_ACTION = "claim"
ASSIGNED_TOPIC = "dossier.assigned"

ASSIGNER_ROLES = frozenset({Role.LEADER.value, Role.DIVISION_HEAD.value})
"""Who assigns a dossier of their agency (besides the receiver at a receiver's step)."""
ASSIGNABLE_ROLES = frozenset({Role.SPECIALIST.value, Role.DIVISION_HEAD.value, Role.RECEIVER.value})
"""The roles of the officers a dossier may be assigned to (and who may take one)."""


# --- Plain rules ---------------------------------------------------------------------------------


def may_assign(roles: Iterable[str], *, step_role: str) -> bool:
    """A leader or division head may assign; a receiver only while the step is a receiver's."""
    held = set(roles)
    return bool(held & ASSIGNER_ROLES) or (Role.RECEIVER.value in held and step_role == Role.RECEIVER.value)


def team_ids(agency: Agency, divisions: Iterable[Agency]) -> set[int]:
    """``agency`` and the divisions below it reached through divisions only (a division of a
    division counts; a department below a province's committee does not)."""
    kinds = {division.pk: division.kind for division in divisions}
    base = agency.path_ids() if agency.path else [agency.pk]
    ids = {agency.pk}
    for division in divisions:
        below = division.path_ids()[len(base) :]
        if division.path_ids()[: len(base)] == base and all(
            kinds.get(pk) == Agency.Kind.DIVISION for pk in below
        ):
            ids.add(division.pk)
    return ids


# --- Reading -------------------------------------------------------------------------------------


def team(agency: Agency) -> set[int]:
    """Ids of ``agency`` and of its divisions (one query)."""
    if not agency.path:
        return {agency.pk}
    below = Agency.objects.filter(path__startswith=agency.path, kind=Agency.Kind.DIVISION, is_active=True)
    divisions = list(below.exclude(pk=agency.pk))
    return team_ids(agency, divisions)


@dataclass(frozen=True)
class Assignable:
    """An officer a dossier may be assigned to, with the unit and role that make them one."""

    user: Any
    agency: Agency
    role: str


def assignable(agency: Agency, *, on: dt.date | None = None) -> list[Assignable]:
    """Officers holding a working role today in ``agency`` or its divisions, by name (two queries)."""
    today = on or timezone.localdate()
    memberships = (
        Membership.objects.filter(
            agency_id__in=team(agency),
            role__in=ASSIGNABLE_ROLES,
            is_active=True,
            agency__is_active=True,
            user__is_active=True,
        )
        .filter(_in_force(today))
        .select_related("user", "agency")
        .order_by("user__full_name", "user__username", "agency__path")
    )
    seen: dict[int, Assignable] = {}
    for membership in memberships:
        found = Assignable(user=membership.user, agency=membership.agency, role=membership.role)
        seen.setdefault(membership.user_id, found)
    return list(seen.values())


def _in_force(today: dt.date) -> Q:
    return (Q(started_on__isnull=True) | Q(started_on__lte=today)) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )


# --- Use cases -----------------------------------------------------------------------------------


def _require_open(dossier: Dossier) -> None:
    if dossier.finished_at is not None or dossier.closed_at is not None:
        raise Conflict(
            "Hồ sơ đã kết thúc hoặc đã đóng nên không thể phân công.",
            code="dossier.assign_closed",
            message_en="The dossier is finished or closed; it cannot be assigned.",
        )


def _membership_in(user: Any, agency: Agency) -> permissions.Grant | None:
    """The user's working membership in ``agency`` or one of its divisions (the agency itself first)."""
    ids = team(agency)
    grants = [
        grant
        for grant in permissions.grants_of(user)
        if grant.agency_id in ids and grant.role in ASSIGNABLE_ROLES
    ]
    grants.sort(key=lambda grant: grant.agency_id != agency.pk)
    return grants[0] if grants else None


def _step_role(dossier: Dossier) -> str:
    process = dossier.version.process
    if process is None:
        return ""
    step = procedure_selectors.process_spec(process).step(dossier.step)
    return step.role if step is not None else ""


def _record(
    *,
    locked: Dossier,
    actor: Any,
    assignee: Any,
    giver_unit: Agency | None,
    receiver_unit: Agency | None,
    action: str,
    note: str,
    at: dt.datetime,
    before: dict[str, Any],
    facts: Any,
    previous: int | None,
) -> None:
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    event = DossierEvent.objects.create(
        dossier=locked,
        action=action,
        at=at,
        from_step=locked.step,
        to_step=locked.step,
        status_before=locked.national_status,
        status_after=locked.national_status,
        giver=actor,
        giver_name=officer_name(actor),
        giver_unit=giver_unit,
        giver_unit_name=giver_unit.name if giver_unit is not None else "",
        receiver=assignee,
        receiver_name=officer_name(assignee),
        receiver_unit=receiver_unit,
        receiver_unit_name=receiver_unit.name if receiver_unit is not None else "",
        note=note,
        details={"assignee": assignee.pk, **({"previous": previous} if previous else {})},
    )
    audit.record(
        actor,
        "dossier.assigned",
        locked,
        before=before,
        after=snapshot(locked),
        assignee=assignee.pk,
        claimed=action == CLAIM_ACTION,
    )
    rollups.record(facts, locked)
    outbox.emit(
        ASSIGNED_TOPIC,
        locked,
        payload={
            "code": locked.code,
            "assignee": assignee.pk,
            "previous": previous,
            "by": getattr(actor, "pk", None),
            "claimed": action == CLAIM_ACTION,
            "at": at.isoformat(),
            "event": event.pk,
        },
    )


def _unit(agency_id: int | None, known: Agency) -> Agency | None:
    if agency_id is None:
        return None
    if agency_id == known.pk:
        return known
    return Agency.objects.filter(pk=agency_id).first()


def assign(
    *, dossier: Dossier, actor: Any, assignee: Any, note: str = "", at: dt.datetime | None = None
) -> Dossier:
    """Assign ``dossier`` to ``assignee`` (phân công xử lý).

    The row is locked first. ``actor`` must be a leader or division head for the agency responsible
    now (``current_agency``), or a receiver there while the current step is a receiver's; ``assignee``
    must hold a working role (specialist, division head, receiver) today in that agency or one of its
    divisions. Refused for a finished or closed dossier and for the officer already assigned. Writes
    the assignee, a timeline row (action ``assign``, same step before and after, details
    ``{"assignee": id}``), an audit entry, the rollups and ``dossier.assigned``.
    """
    moment = at or timezone.now()
    text = clean_note(note)
    if assignee is None or getattr(assignee, "pk", None) is None:
        raise ValidationFailed(
            "Hãy chọn cán bộ được phân công.",
            code="dossier.assignee_required",
            message_en="Choose the officer to assign.",
            field="assignee",
        )
    with transaction.atomic():
        locked = lock(dossier)
        _require_open(locked)
        responsible = locked.permission_agency()
        grants = dossier_selectors.acting_grants(actor, responsible)
        roles = {grant.role for grant in grants}
        if not (getattr(actor, "is_superuser", False) or may_assign(roles, step_role=_step_role(locked))):
            raise PermissionDenied(
                f"Chỉ lãnh đạo {responsible.name} (hoặc cán bộ tiếp nhận ở bước tiếp nhận) mới được "
                "phân công xử lý hồ sơ này.",
                code="dossier.assign_not_allowed",
                message_en="Only a leader of the responsible agency (or the receiver at a receiving "
                "step) may assign this dossier.",
            )
        if locked.assignee_id == assignee.pk:
            raise Conflict(
                f"Hồ sơ đã được phân công cho {officer_name(assignee)}.",
                code="dossier.assignee_unchanged",
                message_en="The dossier is already assigned to this officer.",
                field="assignee",
            )
        membership = _membership_in(assignee, responsible)
        if membership is None:
            raise ValidationFailed(
                f"{officer_name(assignee)} không có vai trò xử lý hồ sơ tại {responsible.name} "
                "hoặc các phòng thuộc cơ quan này.",
                code="dossier.assignee_without_role",
                message_en="The officer holds no working role in the responsible agency or its divisions.",
                field="assignee",
            )
        acting = [grant for grant in grants if grant.role in ASSIGNER_ROLES | {Role.RECEIVER.value}]
        giver_unit = _unit(acting[0].agency_id if acting else None, responsible)
        before = snapshot(locked)
        facts = rollups.facts(locked)
        _record(
            locked=locked,
            actor=actor,
            assignee=assignee,
            giver_unit=giver_unit,
            receiver_unit=_unit(membership.agency_id, responsible),
            action=ASSIGN_ACTION,
            note=text,
            at=moment,
            before=before,
            facts=facts,
            previous=before["assignee"],
        )
    return locked


def claim(*, dossier: Dossier, actor: Any, note: str = "", at: dt.datetime | None = None) -> Dossier:
    """An officer with a working role in the responsible agency (or one of its divisions) takes an
    unassigned dossier (nhận xử lý): the same record as `assign`, action ``claim``."""
    moment = at or timezone.now()
    text = clean_note(note)
    with transaction.atomic():
        locked = lock(dossier)
        _require_open(locked)
        if locked.assignee_id is not None:
            raise Conflict(
                "Hồ sơ đã được phân công cho cán bộ khác.",
                code="dossier.already_assigned",
                message_en="The dossier is already assigned.",
            )
        responsible = locked.permission_agency()
        membership = _membership_in(actor, responsible)
        if membership is None:
            raise PermissionDenied(
                f"Bạn không có vai trò xử lý hồ sơ tại {responsible.name} nên không thể nhận hồ sơ này.",
                code="dossier.claim_not_allowed",
                message_en="You hold no working role in the responsible agency.",
            )
        unit = _unit(membership.agency_id, responsible)
        before = snapshot(locked)
        facts = rollups.facts(locked)
        _record(
            locked=locked,
            actor=actor,
            assignee=actor,
            giver_unit=unit,
            receiver_unit=unit,
            action=CLAIM_ACTION,
            note=text,
            at=moment,
            before=before,
            facts=facts,
            previous=None,
        )
    return locked


def may_claim(dossier: Dossier, user: Any) -> bool:
    """Whether ``user`` may take ``dossier`` now (for showing the button; `claim` checks again)."""
    if dossier.assignee_id is not None or not dossier.is_open:
        return False
    return _membership_in(user, dossier.permission_agency()) is not None


def may_assign_now(dossier: Dossier, user: Any, *, step_role: str | None = None) -> bool:
    """Whether ``user`` may assign ``dossier`` now (for showing the form; `assign` checks again).
    ``step_role``: the current step's role when the caller already has the process spec."""
    if not dossier.is_open:
        return False
    if getattr(user, "is_superuser", False):
        return True
    roles = {grant.role for grant in dossier_selectors.acting_grants(user, dossier.permission_agency())}
    return may_assign(roles, step_role=_step_role(dossier) if step_role is None else step_role)


__all__ = [
    "ASSIGNABLE_ROLES",
    "ASSIGNED_TOPIC",
    "ASSIGNER_ROLES",
    "ASSIGN_ACTION",
    "CLAIM_ACTION",
    "Assignable",
    "assign",
    "assignable",
    "claim",
    "may_assign",
    "may_assign_now",
    "may_claim",
    "team",
    "team_ids",
]
