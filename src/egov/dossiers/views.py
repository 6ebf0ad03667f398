"""HTML views of the one-stop counter (thin: parse input, call a service or selector, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egov.accounts import permissions
from egov.accounts.models import User
from egov.core import errors
from egov.dossiers import dossier_page, files, linked, selectors, services
from egov.dossiers.forms import CounterIntakeForm, ProcedureChoiceForm, uploads_of
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.official_forms.render import render_form
from egov.dossiers.services.common import officer_name
from egov.organizations.models import Agency
from egov.web.forms import add_domain_error


def _receiving_agencies(user: object) -> list[Agency]:
    """The agencies where ``user`` may receive dossiers (a receiver membership that counts today)."""
    roles = permissions.action("dossiers.receive").roles
    ids = {grant.agency_id for grant in permissions.grants_of(user) if grant.role in roles}
    return list(Agency.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def _viewable(request: HttpRequest, code: str) -> Dossier:
    try:
        dossier = selectors.dossier_by_code(code)
    except errors.NotFound as error:
        raise Http404(error.message_vi) from error
    if not selectors.may_view(request.user, dossier):
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))
    return dossier


def lookup_url(request: HttpRequest, dossier: Dossier) -> str:
    """The absolute address of the dossier's public lookup page (the QR on form 01 opens it)."""
    return request.build_absolute_uri(f"/tra-cuu/{dossier.code}/")


@login_required
def counter_intake(request: HttpRequest) -> HttpResponse:
    """Receive a walk-in applicant's dossier: choose the procedure, then the applicant and papers."""
    agencies = _receiving_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Bạn không có quyền tiếp nhận hồ sơ."))
    versions = list(selectors.receivable_versions().select_related("procedure"))
    by_code = {version.procedure.national_code: version for version in versions}
    chosen = request.POST.get("procedure") if request.method == "POST" else request.GET.get("procedure")
    choice_form = ProcedureChoiceForm({"procedure": chosen} if chosen else None, versions=versions)
    version = by_code.get(chosen or "")
    intake_form = None
    if version is not None:
        posted = request.method == "POST"
        intake_form = CounterIntakeForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            version=version,
            agencies=agencies,
        )
        if request.method == "POST" and intake_form.is_valid():
            try:
                dossier = services.receive_at_counter(
                    officer=request.user,
                    agency=intake_form.cleaned_data["agency"],
                    procedure=version.procedure,
                    applicant=intake_form.applicant(),
                    papers=[services.PaperReceipt(paper_id=pk) for pk in intake_form.paper_ids()],
                    eform_document=None,
                    uploads=intake_form.uploads(),
                    return_method=intake_form.cleaned_data["return_method"],
                )
            except errors.DomainError as error:
                add_domain_error(intake_form, error)
            else:
                return redirect("dossiers:detail", code=dossier.code)
    status = 400 if intake_form is not None and intake_form.errors else 200
    return render(
        request,
        "dossiers/counter_intake.html",
        {"choice_form": choice_form, "intake_form": intake_form, "version": version},
        status=status,
    )


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An officer's page of one dossier: the applicant, the papers and their scans, the due moments
    with their timeliness, who handles it (and the assignment form), the form-06 timeline, and the
    actions this officer may take now; panels of the exceptions, liên thông and notifications."""
    dossier = _viewable(request, code)
    return render(request, "dossiers/detail.html", dossier_page.page_context(dossier, request.user))


@login_required
@require_POST
def dossier_action(request: HttpRequest, code: str, action_code: str) -> HttpResponse:
    """Take one action of the dossier's process (a small form on the dossier page), then go back to
    the dossier page with a message saying what happened or why it was refused."""
    dossier = _viewable(request, code)
    try:
        dossier = services.act(
            dossier=dossier,
            action_code=action_code,
            actor=request.user,
            note=request.POST.get("note", ""),
            uploads=_posted_files(request),
            details=_action_details(request),
        )
    except errors.DomainError as error:
        messages.error(request, error.message(get_language()))
    else:
        messages.success(
            request,
            _("Đã thực hiện thao tác. Hồ sơ chuyển sang bước “%(step)s”.")
            % {"step": selectors.step_name(dossier)},
        )
    return redirect("dossiers:detail", code=dossier.code)


def _action_details(request: HttpRequest) -> dict[str, str]:
    """What an action form adds besides the note: the chosen liên thông partner, if any."""
    partner = request.POST.get("partner_agency", "").strip()
    return {"partner_agency": partner} if partner else {}


def _posted_files(request: HttpRequest) -> list[services.Upload]:
    """The files of an action form (input ``files``), refused before reading when too large."""
    items = request.FILES.getlist("files")
    limit = files.max_bytes()
    for item in items:
        if item.size > limit:
            raise errors.ValidationFailed(
                f"Tệp “{item.name}” lớn hơn {limit // (1024 * 1024)} MB cho phép.",
                code="dossier.file_too_large",
                message_en=f"File {item.name!r} is larger than the {limit // (1024 * 1024)} MB allowed.",
                field="files",
            )
    return uploads_of(items)


@login_required
@require_POST
def dossier_assign(request: HttpRequest, code: str) -> HttpResponse:
    """Assign the dossier to an officer (the form on the dossier page), then back to the page."""
    dossier = _viewable(request, code)
    assignee = User.objects.filter(pk=_int(request.POST.get("assignee")), is_active=True).first()
    try:
        services.assign(
            dossier=dossier, actor=request.user, assignee=assignee, note=request.POST.get("note", "")
        )
    except errors.DomainError as error:
        messages.error(request, error.message(get_language()))
    else:
        messages.success(request, _("Đã phân công hồ sơ cho %(name)s.") % {"name": officer_name(assignee)})
    return redirect("dossiers:detail", code=dossier.code)


@login_required
@require_POST
def dossier_claim(request: HttpRequest, code: str) -> HttpResponse:
    """The officer takes an unassigned dossier of their agency."""
    dossier = _viewable(request, code)
    try:
        services.claim(dossier=dossier, actor=request.user)
    except errors.DomainError as error:
        messages.error(request, error.message(get_language()))
    else:
        messages.success(request, _("Bạn đã nhận xử lý hồ sơ này."))
    return redirect("dossiers:detail", code=dossier.code)


@login_required
@require_POST
def dossier_accept(request: HttpRequest, code: str) -> HttpResponse:
    """The receiving officer accepts an online dossier after checking it (status 1 → 2); the clock
    keeps counting from the submission. Refusing it is form 03, in the exceptions panel."""
    dossier = _viewable(request, code)
    try:
        dossier = services.accept_online(
            dossier=dossier, officer=request.user, note=request.POST.get("note", "")
        )
    except errors.DomainError as error:
        messages.error(request, error.message(get_language()))
    else:
        messages.success(
            request,
            _("Đã tiếp nhận hồ sơ trực tuyến. Hồ sơ ở bước “%(step)s”.")
            % {"step": selectors.step_name(dossier)},
        )
    return redirect("dossiers:detail", code=dossier.code)


@login_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """A file of the dossier (a scan, a result, a signed form), to an officer who may open the
    dossier; sent as an attachment under the name it was uploaded with. Files of its liên thông
    children (the partner's result paper) or of its origin (the papers the partner works from) too."""
    dossier = _viewable(request, code)
    row = DossierFile.objects.filter(pk=file_id, dossier_id__in=linked.file_owners(dossier)).first()
    if row is None:
        raise Http404(_("Không tìm thấy tệp này trong hồ sơ."))
    try:
        handle = default_storage.open(row.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("Tệp chưa được lưu hoặc đã bị xóa.")) from error
    response = FileResponse(handle, content_type=row.content_type, as_attachment=True, filename=row.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@login_required
def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """Form 01 (giấy tiếp nhận hồ sơ và hẹn trả kết quả) as PDF, with the QR of the public lookup."""
    dossier = _viewable(request, code)
    pdf = render_form(selectors.receipt_form(dossier, lookup_url=lookup_url(request, dossier)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return response
