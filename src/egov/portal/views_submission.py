"""Pages of the online submission under /nop-ho-so/ (namespace "submission").

procedure page → start (choose the receiving agency) → 1 declaration (applicant, e-form, return
method) → 2 papers (one file per paper) → 3 review and pledge → confirmation page with the dossier
code. Server-rendered, POST-redirect-GET, no JavaScript needed; each view parses input and calls a
service of `egov.portal.drafts`, whose refusals are shown on the same page beside their field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core import ratelimit
from egov.core.errors import DomainError, ValidationFailed
from egov.core.vietnamese_dates import short_moment
from egov.dossiers import files
from egov.portal import draft_rules, drafts
from egov.portal import selectors_drafts as selectors
from egov.portal.forms_submission import (
    RETURN_LABELS,
    AgencyForm,
    ApplicantForm,
    ConfirmForm,
    PapersForm,
    field_name,
)
from egov.portal.models import Draft
from egov.procedures import eform
from egov.procedures import selectors as procedure_selectors
from egov.procedures.models import Procedure, ProcedureVersion
from egov.procedures.presentation import processing_time_text, vnd

EFORM_PREFIX = "tk"
STEP_URLS = {draft_rules.FORM: "submission:form", draft_rules.PAPERS: "submission:papers"}
STEP_URLS[draft_rules.REVIEW] = "submission:review"
STEP_LABELS = {
    draft_rules.FORM: _("Tờ khai"),
    draft_rules.PAPERS: _("Giấy tờ đính kèm"),
    draft_rules.REVIEW: _("Kiểm tra và nộp"),
}


def _language() -> str:
    return get_language() or "vi"


def _crumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [
        (_("Trang chủ"), reverse("web:home")),
        (_("Nộp hồ sơ trực tuyến"), reverse("submission:drafts")),
        *extra,
    ]


def _step_url(draft: Draft, step: str) -> str:
    return reverse(STEP_URLS[step], args=[draft.pk])


def _steps(draft: Draft, current: str) -> list[dict[str, Any]]:
    """The progress list: each step's number, label, link (when it may be opened) and whether it is
    the current one."""
    return [
        {
            "number": index + 1,
            "label": STEP_LABELS[step],
            "url": _step_url(draft, step) if draft_rules.may_open(step, reached=draft.step) else "",
            "current": step == current,
        }
        for index, step in enumerate(draft_rules.STEPS)
    ]


def _where(draft: Draft) -> str:
    """The step the citizen reached last."""
    return _step_url(draft, draft.step if draft.step in STEP_URLS else draft_rules.FORM)


def _done_url(dossier_code: str) -> str:
    return reverse("submission:done", args=[dossier_code])


def _limited(request: HttpRequest, error: ratelimit.RateLimited) -> HttpResponse:
    response = render(
        request,
        "portal/submission/limited.html",
        {"message": error.message(_language()), "breadcrumbs": _crumbs()},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def _expired(request: HttpRequest, draft: Draft) -> HttpResponse:
    return render(
        request,
        "portal/submission/expired.html",
        {
            "draft": draft,
            "message": drafts.DraftExpired().message(_language()),
            "start_url": reverse("submission:start", args=[draft.procedure.national_code]),
            "breadcrumbs": _crumbs((_("Hồ sơ nháp đã hết hạn"), "")),
        },
        status=410,
    )


def _open_draft(request: HttpRequest, draft_id: UUID) -> Draft | HttpResponse:
    """The citizen's own draft, or the response to send instead: 404 for anyone else's, the
    confirmation page for a submitted one, the "expired" page for an expired one."""
    draft = selectors.draft_of(request.user, draft_id)
    if draft is None:
        raise Http404
    if draft.dossier_id is not None:
        return redirect(_done_url(draft.dossier.code))
    if draft_rules.is_expired(draft.expires_at, now=timezone.now()):
        return _expired(request, draft)
    return draft


# --- list and start ------------------------------------------------------------------------------


@login_required
@require_GET
def draft_list(request: HttpRequest) -> HttpResponse:
    """The citizen's open drafts (resume or delete)."""
    rows = [
        {
            "draft": draft,
            "step": STEP_LABELS.get(draft.step, STEP_LABELS[draft_rules.FORM]),
            "updated": short_moment(draft.updated_at),
            "expires": short_moment(draft.expires_at),
        }
        for draft in selectors.open_drafts(request.user)
    ]
    return render(
        request,
        "portal/submission/drafts.html",
        {
            "rows": rows,
            "breadcrumbs": [(_("Trang chủ"), reverse("web:home")), (_("Nộp hồ sơ trực tuyến"), "")],
        },
    )


def _version_or_404(national_code: str) -> tuple[Procedure, ProcedureVersion | None]:
    procedure = get_object_or_404(Procedure, national_code=national_code.strip())
    if procedure_selectors.version_in_force(procedure, timezone.now()) is None:
        raise Http404
    return procedure, selectors.version_for_submission(procedure)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, national_code: str) -> HttpResponse:
    """Resume the citizen's open draft of this procedure, or start one after choosing the receiving
    agency (GET shows the choice, POST creates the draft)."""
    procedure, version = _version_or_404(national_code)
    context: dict[str, Any] = {
        "procedure": procedure,
        "version": version,
        "breadcrumbs": _crumbs(
            (
                version.name if version else procedure.national_code,
                reverse("procedures:detail", args=[procedure.national_code]),
            ),
            (_("Bắt đầu"), ""),
        ),
    }
    if version is None:
        return render(request, "portal/submission/not_online.html", context, status=404)
    current = selectors.open_draft_for(request.user, procedure)
    if request.method != "POST" and current is not None and current.version_id == version.pk:
        return redirect(_where(current))
    context["outdated_draft"] = current is not None and current.version_id != version.pk
    agencies = selectors.receiving_agencies(version)
    suggested = selectors.suggested_agency(agencies, request.user)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and len(agencies) == 1 and not data.get("agency"):
        data["agency"] = str(agencies[0].pk)
    form = AgencyForm(
        data,
        agencies=agencies,
        initial={"agency": suggested.pk if suggested else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = drafts.start_draft(
                owner=request.user, procedure=procedure, agency=form.cleaned_data["agency"]
            )
        except ValidationFailed as error:
            form.add_error("agency" if error.field == "agency" else None, error.message(_language()))
        else:
            return redirect(_where(draft))
    context.update(
        {
            "form": form,
            "agencies": agencies,
            "single_agency": agencies[0] if len(agencies) == 1 else None,
            "processing_time": processing_time_text(version),
            "papers": list(version.papers.order_by("order", "pk")),
            "draft_days": drafts.draft_days(),
        }
    )
    return render(
        request, "portal/submission/start.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_GET
def resume(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """Back to where the citizen left the draft."""
    found = _open_draft(request, draft_id)
    if isinstance(found, HttpResponse):
        return found
    return redirect(_where(found))


# --- step 1: the declaration ---------------------------------------------------------------------


def _eform_form(
    version: ProcedureVersion, data: Any, initial: dict[str, Any] | None
) -> eform.EformForm | None:
    schema = version.eform_schema or {}
    if not schema or eform.check_schema(schema):
        return None
    return eform.build_form(schema, data, initial=initial or None, prefix=EFORM_PREFIX)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def form_step(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """Step 1: the applicant (prefilled from the profile), the e-form, the return method. "Lưu và
    tiếp tục" checks everything and opens step 2; "Lưu nháp" keeps what was typed for later."""
    found = _open_draft(request, draft_id)
    if isinstance(found, HttpResponse):
        return found
    draft = found
    version = draft.version
    methods = drafts.return_methods(version)
    posted = request.method == "POST"
    applicant_form = ApplicantForm(
        request.POST if posted else None,
        return_methods=methods,
        initial={
            **draft.applicant,
            "return_method": draft.return_method if draft.return_method in methods else None,
        },
    )
    declaration = _eform_form(version, request.POST if posted else None, draft.eform_document)
    if posted:
        staying = request.POST.get("action") == "save"
        valid = applicant_form.is_valid() & (declaration is None or declaration.is_valid())
        if valid:
            applicant = applicant_form.applicant()
            document = declaration.cleaned_document() if declaration is not None else {}
            method = applicant_form.cleaned_data["return_method"]
        else:
            applicant = applicant_form.as_typed()
            # "Lưu nháp": the e-form's well-typed values are kept even while a required one is missing
            # (the document the form collected before checking it; the submission checks it again).
            document = (getattr(declaration, "_document", None) or {}) if declaration is not None else {}
            method = request.POST.get("return_method", "")
            method = method if method in methods else ""
        if staying or valid:
            try:
                saved = drafts.save_form(
                    draft=draft,
                    owner=request.user,
                    applicant=applicant,
                    eform_document=document,
                    return_method=method,
                    complete=valid,
                )
            except DomainError as error:
                field = error.field if error.field in applicant_form.fields else None
                applicant_form.add_error(field, error.message(_language()))
            else:
                if not staying:
                    return redirect(_step_url(draft, draft_rules.PAPERS))
                messages.success(
                    request,
                    _("Đã lưu hồ sơ nháp. Bạn có thể quay lại tiếp tục trước %(moment)s.")
                    % {"moment": short_moment(saved.expires_at)},
                )
                return redirect(_step_url(draft, draft_rules.FORM))
    context = {
        "draft": draft,
        "version": version,
        "steps": _steps(draft, draft_rules.FORM),
        "form": applicant_form,
        "declaration": declaration,
        "eform_tree": declaration.tree if declaration is not None else None,
        "schema_broken": bool(version.eform_schema) and declaration is None,
        "has_errors": applicant_form.errors or (declaration is not None and declaration.has_any_error),
        "breadcrumbs": _crumbs((version.name, "")),
    }
    return render(request, "portal/submission/form.html", context, status=400 if posted else 200)


# --- step 2: the papers --------------------------------------------------------------------------


def _read(uploaded: Any) -> bytes:
    """At most one byte more than the limit: enough for `files.check_uploads` to refuse an oversized
    file with its message, without reading it all into memory."""
    return bytes(uploaded.read(files.max_bytes() + 1))


def _papers_context(request: HttpRequest, draft: Draft, form: PapersForm, **extra: Any) -> dict[str, Any]:
    rows = selectors.paper_rows(draft)
    return {
        "draft": draft,
        "version": draft.version,
        "steps": _steps(draft, draft_rules.PAPERS),
        "form": form,
        "rows": [(row, form[field_name(row.paper)]) for row in rows],
        "missing": selectors.missing_papers(draft),
        "breadcrumbs": _crumbs((draft.version.name, "")),
        **extra,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def papers_step(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """Step 2: one file input per paper. The chosen files are all checked (type from the bytes, size,
    antivirus) before any is kept: one bad file and none is stored, its error beside its input."""
    found = _open_draft(request, draft_id)
    if isinstance(found, HttpResponse):
        return found
    draft = found
    if not draft_rules.may_open(draft_rules.PAPERS, reached=draft.step):
        return redirect(_step_url(draft, draft_rules.FORM))
    papers = list(draft.version.papers.order_by("order", "pk"))
    if request.method != "POST":
        form = PapersForm(papers=papers)
        return render(request, "portal/submission/papers.html", _papers_context(request, draft, form))
    try:
        ratelimit.hit_client("submission", request)
    except ratelimit.RateLimited as error:
        return _limited(request, error)
    form = PapersForm(request.POST, request.FILES, papers=papers)
    form.is_valid()
    uploads: list[files.Upload] = []
    for name, paper, uploaded in form.chosen():
        upload = files.Upload(name=uploaded.name, content=_read(uploaded), paper_id=paper.pk)
        try:
            files.check_uploads([upload])
        except ValidationFailed as error:
            form.add_error(name, error.message(_language()))
        else:
            uploads.append(upload)
    going_on = request.POST.get("action") == "next"
    if not form.errors and uploads:
        try:
            drafts.attach_files(draft=draft, owner=request.user, uploads=uploads)
        except DomainError as error:
            form.add_error(None, error.message(_language()))
    if form.errors:
        context = _papers_context(request, draft, form, kept_nothing=bool(uploads))
        return render(request, "portal/submission/papers.html", context, status=400)
    draft.refresh_from_db()
    if going_on:
        try:
            drafts.finish_papers(draft=draft, owner=request.user)
        except ValidationFailed as error:
            form = PapersForm({}, {}, papers=papers)
            form.is_valid()
            by_id = {paper.pk: paper for paper in papers}
            for paper_id in error.details.get("missing", []):
                if paper_id in by_id:
                    form.add_error(
                        field_name(by_id[paper_id]), _("Giấy tờ này là bắt buộc; vui lòng đính kèm tệp.")
                    )
            if not form.errors:
                form.add_error(None, error.message(_language()))
            context = _papers_context(request, draft, form)
            return render(request, "portal/submission/papers.html", context, status=400)
        return redirect(_step_url(draft, draft_rules.REVIEW))
    if uploads:
        messages.success(request, _("Đã lưu %(count)s tệp vào hồ sơ nháp.") % {"count": len(uploads)})
    return redirect(_step_url(draft, draft_rules.PAPERS))


@login_required
@require_POST
def remove_file(request: HttpRequest, draft_id: UUID, file_id: int) -> HttpResponse:
    found = _open_draft(request, draft_id)
    if isinstance(found, HttpResponse):
        return found
    try:
        drafts.remove_file(draft=found, owner=request.user, file_id=file_id)
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, error.message(_language()))
    else:
        messages.success(request, _("Đã xóa tệp khỏi hồ sơ nháp."))
    return redirect(_step_url(found, draft_rules.PAPERS))


@login_required
@require_GET
def download_file(request: HttpRequest, draft_id: UUID, file_id: int) -> HttpResponse:
    """A file of the citizen's own draft, to check what was attached."""
    found = _open_draft(request, draft_id)
    if isinstance(found, HttpResponse):
        return found
    row = found.files.filter(pk=file_id).first()
    if row is None:
        raise Http404
    response = FileResponse(
        default_storage.open(row.file.name, "rb"),
        as_attachment=True,
        filename=row.name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- step 3: review and confirm -----------------------------------------------------------------


def _review_context(draft: Draft, form: ConfirmForm, error: str = "") -> dict[str, Any]:
    version = draft.version
    declaration = _eform_form(version, None, None)
    lines = eform.summarize(declaration.tree, draft.eform_document) if declaration is not None else []
    fees = list(version.fees.all())
    total = sum((fee.amount for fee in fees), Decimal("0"))
    return {
        "draft": draft,
        "version": version,
        "steps": _steps(draft, draft_rules.REVIEW),
        "form": form,
        "error": error,
        "lines": lines,
        "applicant": draft.applicant,
        "return_label": RETURN_LABELS.get(draft.return_method, draft.return_method),
        "rows": selectors.paper_rows(draft),
        "missing": selectors.missing_papers(draft),
        "fees": [(fee, vnd(fee.amount)) for fee in fees],
        "fees_total": vnd(total) if total else "",
        "processing_time": processing_time_text(version),
        "breadcrumbs": _crumbs((version.name, "")),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """Step 3: everything declared, the files, the fees; the pledge and "Nộp hồ sơ". Confirming
    twice gives the same dossier (the draft's idempotency key)."""
    found = _open_draft(request, draft_id)
    if isinstance(found, HttpResponse):
        return found  # a second confirm of a submitted draft lands on the same confirmation page
    draft = found
    if not draft_rules.may_open(draft_rules.REVIEW, reached=draft.step):
        return redirect(_where(draft))
    if request.method != "POST":
        return render(request, "portal/submission/review.html", _review_context(draft, ConfirmForm()))
    try:
        ratelimit.hit_client("submission", request)
    except ratelimit.RateLimited as error:
        return _limited(request, error)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/submission/review.html", _review_context(draft, form), status=400)
    try:
        received = drafts.submit(draft=draft, owner=request.user)
    except drafts.DraftExpired:
        return _expired(request, draft)
    except DomainError as error:
        draft.refresh_from_db()
        context = _review_context(draft, form, error=error.message(_language()))
        context["error_field"] = error.field or ""
        return render(
            request,
            "portal/submission/review.html",
            context,
            status=error.status if error.status < 500 else 503,
        )
    return redirect(_done_url(received.dossier.code))


@login_required
@require_POST
def delete(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    """The citizen gives up a draft (its files are deleted with it)."""
    draft = selectors.draft_of(request.user, draft_id)
    if draft is None:
        raise Http404
    try:
        drafts.delete_draft(draft=draft, owner=request.user)
    except DomainError as error:
        messages.error(request, error.message(_language()))
    else:
        messages.success(
            request, _("Đã xóa hồ sơ nháp của thủ tục “%(name)s”.") % {"name": draft.version.name}
        )
    return redirect("submission:drafts")


# --- confirmation ----------------------------------------------------------------------------------


@login_required
@require_GET
def done(request: HttpRequest, code: str) -> HttpResponse:
    """The confirmation: the dossier code, the due moment, the status, the receiving agency and how
    to reach it, form 01 and the lookup. Only the dossier's owner sees it."""
    dossier = selectors.submitted_dossier(request.user, code)
    if dossier is None:
        raise Http404
    due: dt.datetime = dossier.due_at
    return render(
        request,
        "portal/submission/done.html",
        {
            "dossier": dossier,
            "agency": dossier.agency,
            "due": short_moment(due),
            "submitted": short_moment(dossier.received_at),
            "receipt_url": reverse("my:receipt_pdf", args=[dossier.code]),
            "detail_url": reverse("my:detail", args=[dossier.code]),
            "lookup_url": reverse("dossier_lookup:detail", args=[dossier.code]),
            "breadcrumbs": _crumbs((dossier.code, "")),
        },
    )
