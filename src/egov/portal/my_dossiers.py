"""Read queries of "Hồ sơ của tôi" (the citizen's own dossiers on the portal).

Every query starts from the signed-in user: `my_dossiers` lists only dossiers whose ``owner`` is that
user, and `my_dossier` answers `NotFound` for any other code, exactly as for a code that does not
exist, so a citizen learns nothing about other people's dossiers (not even that a code is in use).

The detail tells the citizen, in their words (not the officers' form-06 vocabulary): the status, the
due moment (and the original one after a form 04), the timeline, every paper issued to them (form 01
receipt; forms 02–05 with what they say), the files they may download, and what they may do now
(`egov.portal.citizen_rules`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from egov.core.errors import NotFound
from egov.core.vietnamese_dates import short_moment
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.dossiers.paperwork import notices
from egov.dossiers.services import exceptions
from egov.dossiers.services.assignment import ASSIGN_ACTION, CLAIM_ACTION
from egov.dossiers.services.intake import ACCEPT_ACTION, RECEIVE_ACTION
from egov.dossiers.services.supplements import pending_request
from egov.feedback.models import Rating
from egov.portal import citizen_rules as rules

PAGE_SIZE = 20

#: Timeline rows of the officers' own organisation of work, not shown to the citizen.
INTERNAL_ACTIONS = frozenset({ASSIGN_ACTION, CLAIM_ACTION})


# --- The list -------------------------------------------------------------------------------------


def facts(dossier: Dossier, *, rated: bool = False) -> rules.CitizenFacts:
    return rules.CitizenFacts(
        status=dossier.national_status,
        finished=dossier.finished_at is not None,
        closed=dossier.closed_at is not None,
        rated=rated,
    )


@dataclass(frozen=True)
class ListRow:
    dossier: Dossier
    status_label: str
    received_text: str
    due_text: str
    ended_text: str
    needs_answer: bool


def owned(user: Any) -> QuerySet[Dossier]:
    """The dossiers filed by ``user``'s account (nothing for an anonymous user)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return Dossier.objects.filter(owner_id=user.pk)


def my_dossiers(user: Any, *, scope: rules.ListScope, page: Any = 1) -> tuple[Page[Dossier], list[ListRow]]:
    """One page (20 rows, newest first) of the user's dossiers in ``scope``: being processed, ended
    (a result, a refusal, a withdrawal, a stop) or all. Out-of-range page numbers give the last page."""
    dossiers = owned(user).select_related("version", "agency").order_by("-received_at", "-pk")
    ended = Q(finished_at__isnull=False) | Q(closed_at__isnull=False)
    if scope == rules.ListScope.OPEN:
        dossiers = dossiers.exclude(ended)
    elif scope == rules.ListScope.FINISHED:
        dossiers = dossiers.filter(ended)
    current = Paginator(dossiers, PAGE_SIZE).get_page(page)
    rows = [
        ListRow(
            dossier=dossier,
            status_label=_(dossier.status.label),
            received_text=short_moment(dossier.received_at),
            due_text=short_moment(dossier.due_at),
            ended_text=_ended_text(dossier),
            needs_answer=rules.needs_answer(facts(dossier)),
        )
        for dossier in current.object_list
    ]
    return current, rows


def _ended_text(dossier: Dossier) -> str:
    moment = dossier.finished_at or dossier.closed_at
    return short_moment(moment) if moment is not None else ""


# --- One dossier ----------------------------------------------------------------------------------


def my_dossier(user: Any, code: str) -> Dossier:
    """The user's own dossier with ``code``; `NotFound` when it does not exist *or* is someone
    else's (the same answer, so codes are not confirmed)."""
    dossier = None
    if getattr(user, "is_authenticated", False) and code:
        try:
            dossier = dossier_selectors.dossier_by_code(code)
        except NotFound:
            dossier = None
    if dossier is None or dossier.owner_id is None or dossier.owner_id != user.pk:
        raise NotFound(
            _("Không tìm thấy hồ sơ có mã %(code)s trong các hồ sơ của bạn.") % {"code": code},
            code="dossier.not_found",
            message_en=f"None of your dossiers has the code {code}.",
        )
    return dossier


@dataclass(frozen=True)
class TimelineEntry:
    moment: str
    text: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedPaper:
    """A paper the agency issued to the citizen: form 01 (event None) or one of forms 02–05."""

    number: str
    title: str
    at_text: str
    event_id: int | None = None
    lines: tuple[str, ...] = ()
    waiting: bool = False
    """Form 02 still waiting for the citizen's supplement."""


@dataclass(frozen=True)
class SupplementRequest:
    """What the pending form 02 asks for: the items (content, reason) and the officer's note."""

    event: DossierEvent
    items: tuple[tuple[str, str], ...]
    note: str
    at_text: str


@dataclass
class MyDossierPage:
    dossier: Dossier
    status_label: str
    step_name: str
    moments: list[tuple[str, str]]
    timeline: list[TimelineEntry]
    papers: list[IssuedPaper]
    files: list[DossierFile]
    actions: frozenset[rules.CitizenAction]
    rating: Rating | None
    supplement: SupplementRequest | None
    closure_reason: str = ""


def receipt_issued(dossier: Dossier) -> bool:
    """Form 01 exists once the dossier was received by an officer (at the counter, or an online
    dossier accepted); an online dossier still waiting (status 1) or refused before acceptance has none."""
    return dossier.received_by_id is not None


def downloadable_files(dossier: Dossier) -> list[DossierFile]:
    """The files of the dossier its owner may download (`citizen_rules.may_download`)."""
    receipt_events = set(dossier.events.filter(action=RECEIVE_ACTION).values_list("pk", flat=True))
    ready = rules.result_ready(dossier.national_status)
    return [
        row
        for row in dossier.files.order_by("pk")
        if rules.may_download(
            rules.FileFacts(
                kind=row.kind,
                uploaded_by_owner=row.uploaded_by_id is not None and row.uploaded_by_id == dossier.owner_id,
                handed_in=row.paper_id is not None or row.event_id in receipt_events,
            ),
            result_ready=ready,
        )
    ]


def downloadable_file(dossier: Dossier, file_id: int) -> DossierFile:
    """One file the owner may download; `NotFound` for any other id (of this dossier or not)."""
    for row in downloadable_files(dossier):
        if row.pk == file_id:
            return row
    raise NotFound(
        _("Không tìm thấy tệp này trong hồ sơ của bạn."),
        code="dossier.file_not_found",
        message_en="Your dossier has no such file.",
    )


def _items(event: DossierEvent) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(item.get("content", "")), str(item.get("reason", "")))
        for item in (event.details or {}).get("items", ())
        if isinstance(item, dict)
    )


def _item_lines(event: DossierEvent) -> tuple[str, ...]:
    return tuple(f"{content} — {reason}" if reason else content for content, reason in _items(event))


def _moment_text(raw: Any) -> str:
    try:
        return short_moment(dt.datetime.fromisoformat(raw)) if raw else ""
    except (TypeError, ValueError):
        return ""


def _form_lines(number: str, event: DossierEvent) -> tuple[str, ...]:
    details = event.details or {}
    if number == exceptions.FORM_SUPPLEMENT:
        return _item_lines(event)
    if number == exceptions.FORM_REFUSAL:
        return tuple(details.get("reasons") or ()) or ((event.note,) if event.note else ())
    if number == exceptions.FORM_APOLOGY:
        lines = [_("Hẹn trả kết quả mới: %(moment)s") % {"moment": _moment_text(details.get("new_due_at"))}]
        if details.get("reason"):
            lines.append(_("Lý do: %(reason)s") % {"reason": details["reason"]})
        return tuple(lines)
    if number == exceptions.FORM_STOP:
        lines = [_("Lý do: %(reason)s") % {"reason": details.get("reason") or event.note}]
        if details.get("legal_basis"):
            lines.append(_("Căn cứ: %(basis)s") % {"basis": details["legal_basis"]})
        return tuple(lines)
    return ()


def issued_papers(dossier: Dossier, *, waiting_event: DossierEvent | None = None) -> list[IssuedPaper]:
    """Form 01 (when issued), then forms 02–05 oldest first, each with what it says to the citizen."""
    papers = []
    if receipt_issued(dossier):
        papers.append(
            IssuedPaper(
                number="01",
                title=_("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
                at_text=short_moment(dossier.received_at),
            )
        )
    for row in notices.issued_forms(dossier):
        papers.append(
            IssuedPaper(
                number=row.number,
                title=row.title,
                at_text=short_moment(row.at),
                event_id=row.event.pk,
                lines=_form_lines(row.number, row.event),
                waiting=waiting_event is not None and row.event.pk == waiting_event.pk,
            )
        )
    return papers


def _entry(event: DossierEvent, dossier: Dossier, step_names: dict[str, str]) -> TimelineEntry | None:
    """One timeline row as the citizen reads it, None for the officers' internal rows."""
    details = event.details or {}
    moment = short_moment(event.at)
    form = details.get("form")
    reason = details.get("reason") or ""
    reason_lines = (_("Lý do: %(reason)s") % {"reason": reason},) if reason else ()
    if event.action in INTERNAL_ACTIONS:
        return None
    if event.action == RECEIVE_ACTION:
        if details.get("channel") == Dossier.Channel.ONLINE:
            return TimelineEntry(moment, _("Bạn đã nộp hồ sơ trực tuyến."))
        return TimelineEntry(
            moment,
            _("%(unit)s đã tiếp nhận hồ sơ.") % {"unit": event.receiver_unit_name or dossier.agency.name},
        )
    if event.action == ACCEPT_ACTION:
        return TimelineEntry(
            moment,
            _("%(unit)s đã tiếp nhận hồ sơ trực tuyến của bạn.")
            % {"unit": event.receiver_unit_name or dossier.agency.name},
        )
    if form == exceptions.FORM_SUPPLEMENT:
        return TimelineEntry(
            moment,
            _("Cơ quan yêu cầu bạn bổ sung, hoàn thiện hồ sơ (mẫu 02); thời hạn giải quyết tạm dừng."),
            _item_lines(event),
        )
    if event.action == exceptions.REFUSE_ACTION:
        return TimelineEntry(
            moment, _("Hồ sơ bị từ chối tiếp nhận, giải quyết (mẫu 03)."), _form_lines("03", event)
        )
    if event.action == exceptions.EXTEND_ACTION:
        return TimelineEntry(
            moment, _("Cơ quan xin lỗi và hẹn lại ngày trả kết quả (mẫu 04)."), _form_lines("04", event)
        )
    if event.action == exceptions.STOP_ACTION:
        return TimelineEntry(moment, _("Cơ quan dừng giải quyết hồ sơ (mẫu 05)."), _form_lines("05", event))
    if event.action == exceptions.WITHDRAW_ACTION:
        if details.get("by_applicant"):
            return TimelineEntry(moment, _("Bạn đã yêu cầu rút hồ sơ."), reason_lines)
        return TimelineEntry(
            moment, _("Hồ sơ được rút theo đơn của bạn nộp tại bộ phận một cửa."), reason_lines
        )
    before, after = event.status_before, event.status_after
    if before == NationalStatus.SUPPLEMENT_REQUESTED and after != NationalStatus.SUPPLEMENT_REQUESTED:
        if event.giver_id is not None and event.giver_id == dossier.owner_id:
            return TimelineEntry(
                moment, _("Bạn đã nộp giấy tờ bổ sung trực tuyến; hồ sơ tiếp tục được giải quyết.")
            )
        return TimelineEntry(moment, _("Giấy tờ bổ sung đã được nhận; hồ sơ tiếp tục được giải quyết."))
    if after == NationalStatus.FINANCIAL_OBLIGATION and before != after:
        return TimelineEntry(moment, _("Cơ quan thông báo nghĩa vụ tài chính bạn cần thực hiện."))
    if before == NationalStatus.FINANCIAL_OBLIGATION and after != before:
        return TimelineEntry(moment, _("Đã ghi nhận bạn hoàn thành nghĩa vụ tài chính."))
    if after == NationalStatus.PROCESSED and before != after:
        return TimelineEntry(moment, _("Hồ sơ đã giải quyết xong; kết quả sẵn sàng để trả cho bạn."))
    if after == NationalStatus.RESULT_RETURNED and before != after:
        return TimelineEntry(moment, _("Đã trả kết quả cho bạn."))
    if event.to_step and event.to_step != event.from_step:
        name = step_names.get(event.to_step, event.to_step)
        return TimelineEntry(moment, _("Hồ sơ chuyển sang bước “%(step)s”.") % {"step": name})
    return None


def citizen_timeline(dossier: Dossier) -> list[TimelineEntry]:
    """The dossier's timeline in the citizen's words, oldest first; no officer's name."""
    spec = dossier_selectors.process_spec_of(dossier)
    names = {step.code: step.name for step in spec.steps} if spec is not None else {}
    entries = (_entry(event, dossier, names) for event in dossier_selectors.timeline(dossier))
    return [entry for entry in entries if entry is not None]


def _moments(dossier: Dossier) -> list[tuple[str, str]]:
    rows = [(_("Tiếp nhận lúc"), short_moment(dossier.received_at))]
    if dossier.is_open:
        if dossier.paused_at is not None:
            rows.append((_("Thời hạn tạm dừng từ"), short_moment(dossier.paused_at)))
        rows.append((_("Hẹn trả kết quả lúc"), short_moment(dossier.due_at)))
        if dossier.extensions and dossier.original_due_at != dossier.due_at:
            rows.append((_("Hạn ban đầu (trước khi gia hạn)"), short_moment(dossier.original_due_at)))
    if dossier.finished_at is not None:
        rows.append((_("Giải quyết xong lúc"), short_moment(dossier.finished_at)))
    if dossier.closed_at is not None:
        rows.append((_("Kết thúc lúc"), short_moment(dossier.closed_at)))
    return rows


def page(dossier: Dossier) -> MyDossierPage:
    """Everything the citizen's dossier page shows (the caller got ``dossier`` from `my_dossier`)."""
    rating = Rating.objects.filter(dossier=dossier).first()
    waiting = pending_request(dossier)
    supplement = None
    if waiting is not None:
        supplement = SupplementRequest(
            event=waiting, items=_items(waiting), note=waiting.note, at_text=short_moment(waiting.at)
        )
    return MyDossierPage(
        dossier=dossier,
        status_label=_(dossier.status.label),
        step_name=dossier_selectors.step_name(dossier),
        moments=_moments(dossier),
        timeline=citizen_timeline(dossier),
        papers=issued_papers(dossier, waiting_event=waiting),
        files=downloadable_files(dossier),
        actions=rules.open_actions(facts(dossier, rated=rating is not None)),
        rating=rating,
        supplement=supplement,
        closure_reason=dossier.closure_reason if dossier.closed_at is not None else "",
    )
