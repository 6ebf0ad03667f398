"""Read queries of the catalogue: which version of a procedure is in force on a day, the versions
the public sees, and a process as the pure workflow rules see it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from egov.organizations.models import Role
from egov.procedures import workflow
from egov.procedures.models import Procedure, ProcedureVersion, Process

KNOWN_ROLES: frozenset[str] = frozenset(Role.values)
"""Officer roles a process may name; "applicant" is added by the workflow rules themselves."""


def _as_date(at: dt.date | dt.datetime) -> dt.date:
    if isinstance(at, dt.datetime):
        return timezone.localdate(at) if timezone.is_aware(at) else at.date()
    return at


def _in_force_on(day: dt.date) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED, effective_from__lte=day)


def version_in_force(procedure: Procedure, at: dt.date | dt.datetime) -> ProcedureVersion | None:
    """The version that applies on ``at``: the published version with the latest ``effective_from``
    not after that day. A version dated in the future does not apply yet; drafts and withdrawn
    versions never apply. A dossier binds to the version in force when it was received."""
    return (
        _in_force_on(_as_date(at))
        .filter(procedure=procedure)
        .select_related("procedure", "field", "process")
        .order_by("-effective_from", "-number")
        .first()
    )


def in_force(at: dt.date | dt.datetime | None = None) -> QuerySet[ProcedureVersion]:
    """The versions in force on ``at`` (today by default), one per procedure: published, effective by
    then, and no later published version of the same procedure effective by then (the highest number
    wins a tie). The same rule as ``version_in_force``, which dossiers bind by (a test holds them
    together), written as an anti-join: PostgreSQL hashes it once instead of running a subquery per
    row, which halved the search benchmark's time."""
    current = _in_force_on(_as_date(at) if at is not None else timezone.localdate())
    later = current.filter(procedure=OuterRef("procedure")).filter(
        Q(effective_from__gt=OuterRef("effective_from"))
        | Q(effective_from=OuterRef("effective_from"), number__gt=OuterRef("number"))
    )
    return current.filter(~Exists(later))


def published_versions(at: dt.date | dt.datetime | None = None) -> QuerySet[ProcedureVersion]:
    """One version per procedure: the one in force today (or on ``at``). Drafts, withdrawn and
    future-dated versions are never shown to the public."""
    return in_force(at).select_related("procedure", "field", "process").order_by("procedure__national_code")


def latest_version(procedure: Procedure) -> ProcedureVersion | None:
    """The version with the highest number, whatever its status."""
    return procedure.versions.order_by("-number").first()


def draft_of(procedure: Procedure) -> ProcedureVersion | None:
    """The procedure's draft, if one is being edited (there is at most one)."""
    return procedure.versions.filter(status=ProcedureVersion.Status.DRAFT).first()


def process_spec(process: Process) -> workflow.ProcessSpec:
    """A stored process as the pure workflow rules see it (agencies by electronic identifier)."""
    steps = tuple(
        workflow.StepSpec(
            code=step.code,
            name=step.name,
            order=step.order,
            responsible=step.responsible,
            role=step.role,
            allotted_hours=step.allotted_hours,
            national_status=step.national_status,
            is_initial=step.is_initial,
            is_terminal=step.is_terminal,
            counts_toward_time=step.counts_toward_time,
            other_agency=step.other_agency.identifier if step.other_agency_id else None,
            other_agency_kind=step.other_agency_kind,
        )
        for step in process.steps.select_related("other_agency").order_by("order", "pk")
    )
    actions = tuple(
        workflow.ActionSpec(
            code=action.code,
            name=action.name,
            from_step=action.from_step.code,
            to_step=action.to_step.code,
            roles=tuple(action.roles or ()),
            clock_effect=action.clock_effect,
            requires_papers=action.requires_papers,
            requires_signature=action.requires_signature,
            requires_payment=action.requires_payment,
        )
        for action in process.actions.select_related("from_step", "to_step").order_by(
            "from_step__order", "code"
        )
    )
    return workflow.ProcessSpec(code=process.code, steps=steps, actions=actions)


def process_is_frozen(process: Process) -> bool:
    """Whether a process is used by a published or withdrawn version, and so may not change:
    a published version is never edited, and that includes its workflow."""
    return process.versions.exclude(status=ProcedureVersion.Status.DRAFT).exists()
