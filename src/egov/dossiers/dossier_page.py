"""What the officer's dossier page (/ho-so/<code>/) shows, gathered in one place so the view stays
thin: the step and its due, the dossier's due and timeliness, the papers with their scans, the
form-06 timeline with each row's files, the assignment, the actions open to this officer now, and
the panels other parts of the system add (exceptions, liên thông, notifications)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from egov.accounts import permissions
from egov.core.calendar_store import get_calendar
from egov.core.vietnamese_dates import written_moment
from egov.dossiers import domain, linked, selectors
from egov.dossiers.domain import inbox as inbox_rules
from egov.dossiers.models import Dossier, DossierEvent, DossierFile, DossierPaper
from egov.dossiers.services import assignment
from egov.dossiers.services.intake import ACCEPT_ACTION, RECEIVE_ACTION
from egov.dossiers.views_exceptions import exceptions_context
from egov.dossiers.views_inbox import badge_text
from egov.notifications.views import notifications_context
from egov.procedures import workflow


def _event_labels() -> dict[str, str]:
    return {
        RECEIVE_ACTION: _("Tiếp nhận hồ sơ"),
        ACCEPT_ACTION: _("Tiếp nhận hồ sơ trực tuyến"),
        assignment.ASSIGN_ACTION: _("Phân công xử lý"),
        assignment.CLAIM_ACTION: _("Nhận xử lý"),
    }


@dataclass
class PaperRow:
    paper: DossierPaper
    files: list[DossierFile] = field(default_factory=list)


@dataclass
class ActionForm:
    """An action the officer may take now, with the partner agencies to choose from when it hands the
    dossier to a liên thông step that names only a kind of agency (None: nothing to choose)."""

    action: workflow.ActionSpec
    partners: list[Any] | None = None

    @property
    def code(self) -> str:
        return self.action.code

    @property
    def name(self) -> str:
        return self.action.name


@dataclass
class EventRow:
    event: DossierEvent
    moment: str
    action_name: str
    files: list[DossierFile] = field(default_factory=list)


def _facts(dossier: Dossier, *, at_initial_step: bool, due_at: Any) -> inbox_rules.InboxFacts:
    return inbox_rules.InboxFacts(
        status=dossier.national_status,
        at_initial_step=at_initial_step,
        due_at=due_at,
        paused_at=dossier.paused_at,
        finished_at=dossier.finished_at,
        closed_at=dossier.closed_at,
    )


def page_context(dossier: Dossier, user: Any) -> dict[str, Any]:
    """The template context of ``dossiers/detail.html`` for ``user`` (who may view ``dossier``)."""
    now = timezone.now()
    calendar = get_calendar()
    spec = selectors.process_spec_of(dossier)
    step = spec.step(dossier.step) if spec is not None else None
    at_initial = bool(step is not None and step.is_initial)

    judged = domain.timeliness(dossier.state(), at=now, calendar=calendar)
    badge = inbox_rules.due_badge(
        _facts(dossier, at_initial_step=at_initial, due_at=dossier.due_at), now=now, calendar=calendar
    )
    step_badge = None
    if dossier.step_due_at is not None:
        step_facts = _facts(dossier, at_initial_step=at_initial, due_at=dossier.step_due_at)
        step_badge = inbox_rules.due_badge(step_facts, now=now, calendar=calendar)

    stored = list(dossier.files.order_by("pk"))
    papers = [PaperRow(paper) for paper in selectors.papers(dossier)]
    by_paper = {row.paper.pk: row for row in papers}
    loose: list[DossierFile] = []
    by_event: dict[int, list[DossierFile]] = {}
    for item in stored:
        if item.paper_id in by_paper:
            by_paper[item.paper_id].files.append(item)
        else:
            loose.append(item)
        if item.event_id is not None:
            by_event.setdefault(item.event_id, []).append(item)

    exceptions_panel = exceptions_context(dossier, user)
    names = {action.code: action.name for action in spec.actions} if spec is not None else {}
    names.update(_event_labels())
    names.update(exceptions_panel["exceptions_event_labels"])
    events = [
        EventRow(
            event=event,
            moment=written_moment(event.at),
            action_name=names.get(event.action, event.action),
            files=by_event.get(event.pk, []),
        )
        for event in selectors.timeline(dossier)
    ]

    may_assign = assignment.may_assign_now(dossier, user, step_role=step.role if step is not None else "")
    context: dict[str, Any] = {
        "dossier": dossier,
        "step_name": step.name if step is not None else dossier.step,
        "received_text": written_moment(dossier.received_at),
        "due_text": written_moment(dossier.due_at),
        "original_due_text": (
            written_moment(dossier.original_due_at)
            if dossier.extensions and dossier.original_due_at != dossier.due_at
            else ""
        ),
        "extensions": len(dossier.extensions or ()),
        "step_due_text": written_moment(dossier.step_due_at) if dossier.step_due_at else "",
        "finished_text": written_moment(dossier.finished_at) if dossier.finished_at else "",
        "timeliness": _(judged.label) if judged is not None else "",
        "timeliness_code": str(judged) if judged is not None else "",
        "badge": badge_text(badge),
        "step_badge": badge_text(step_badge),
        "papers": papers,
        "loose_files": loose,
        "events": events,
        "actions": _action_forms(dossier, user, spec, hidden=exceptions_panel["exceptions_replaces_actions"]),
        "may_assign": may_assign,
        "assignable": assignment.assignable(dossier.permission_agency()) if may_assign else [],
        "may_claim": assignment.may_claim(dossier, user),
        "may_accept": may_accept(dossier, user),
    }
    context.update(exceptions_panel)
    context.update(linked.linked_context(dossier, user=user, at=now))
    context.update(notifications_context(dossier))
    return context


def may_accept(dossier: Dossier, user: Any) -> bool:
    """An online dossier not yet accepted (status 1), and ``user`` receives for its receiving agency:
    the page offers "Tiếp nhận hồ sơ" (`services.accept_online`); refusing is form 03."""
    return (
        dossier.national_status == 1
        and dossier.closed_at is None
        and permissions.can(user, "dossiers.receive", dossier.agency)
    )


def _action_forms(
    dossier: Dossier, user: Any, spec: workflow.ProcessSpec | None, *, hidden: list[str]
) -> list[ActionForm]:
    """The process actions open to ``user`` now, except those another panel takes with its own form
    (the supplement request needs the list of form 02)."""
    forms = []
    for action in selectors.actions_for(dossier, user, spec):
        if action.code in hidden:
            continue
        choices = linked.partner_choices(spec, action) if spec is not None else None
        forms.append(ActionForm(action, list(choices) if choices is not None else None))
    return forms
