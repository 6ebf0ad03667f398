"""Editing the catalogue in the Django admin (quản trị).

Every change goes through ``services``: drafts are saved by ``save_draft``, the "Công bố" button runs
``publish_version`` and shows *every* problem as its own error message, "Tạo phiên bản mới" runs
``start_new_version``. Published and withdrawn versions are read-only, and so is a process that a
published version uses. A process shows its problems as warnings after each save, so an editor can
build it in several passes (save the steps first, then the actions between them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.core.errors import DomainError
from egov.organizations.models import Role
from egov.procedures import rules, selectors, services, workflow
from egov.procedures.models import (
    Action,
    Fee,
    Procedure,
    ProcedureField,
    ProcedureVersion,
    Process,
    RequiredPaper,
    Step,
    VersionAgency,
)
from egov.procedures.presentation import hours_text, number_vi

ROLE_CHOICES = [*Role.choices, (workflow.APPLICANT, _("Người nộp hồ sơ"))]


def _message(error: DomainError) -> str:
    return error.message(get_language())


def _problem_text(problem: workflow.Problem) -> str:
    return problem.message_en if (get_language() or "vi").startswith("en") else problem.message_vi


def report_error(request: HttpRequest, error: DomainError, *, prefix: str = "") -> None:
    """An error as admin messages: the summary, then each listed problem on its own line."""
    messages.error(request, prefix + _message(error))
    for problem in error.details.get("problems", ()) or ():
        messages.error(request, _problem_text(problem))


@admin.register(ProcedureField)
class ProcedureFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name", "name_folded"]


class VersionInline(admin.TabularInline):
    """The versions of a procedure, newest first; each links to its own page."""

    model = ProcedureVersion
    fields = ["number", "link", "status", "effective_from", "decision"]
    readonly_fields = fields
    ordering = ["-number"]
    extra = 0
    can_delete = False
    show_change_link = True

    @admin.display(description=_("tên thủ tục"))
    def link(self, obj: ProcedureVersion) -> str:
        url = reverse("admin:procedures_procedureversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.name)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["national_code", "current_name", "created_at"]
    search_fields = ["national_code", "versions__search_folded"]
    inlines = [VersionInline]
    actions = ["start_new_versions"]

    @admin.display(description=_("tên (phiên bản mới nhất)"))
    def current_name(self, obj: Procedure) -> str:
        latest = selectors.latest_version(obj)
        return latest.name if latest else "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["national_code"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Tạo phiên bản mới (bản nháp sao chép phiên bản mới nhất)"))
    def start_new_versions(self, request: HttpRequest, queryset: QuerySet[Procedure]) -> None:
        for procedure in queryset:
            try:
                draft = services.start_new_version(procedure=procedure, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{procedure}: {_message(error)}", messages.ERROR)
            else:
                self.message_user(
                    request, _("Đã tạo bản nháp: %(draft)s") % {"draft": draft}, messages.SUCCESS
                )


class _DraftChildInline(admin.TabularInline):
    """Rows of a version: editable while it is a draft, read-only once published."""

    extra = 0

    def _editable(self, obj: Any) -> bool:
        return obj is None or obj.is_draft

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class VersionAgencyInline(_DraftChildInline):
    model = VersionAgency
    fields = ["part", "agency", "agency_kind", "note"]
    autocomplete_fields = ["agency"]


class FeeInline(_DraftChildInline):
    model = Fee
    fields = ["order", "kind", "code", "name", "amount", "note"]


class RequiredPaperInline(_DraftChildInline):
    model = RequiredPaper
    fields = ["order", "code", "name", "originals", "copies", "is_required", "reusable", "form_template",
              "form_template_name", "note"]  # fmt: skip


class VersionForm(forms.ModelForm):
    """Refuses a second draft of a procedure beside the procedure field, before anything is saved."""

    class Meta:
        model = ProcedureVersion
        fields = [
            "procedure", "name", "field", "level", "decision", "effective_from", "description", "conditions",
            "result", "legal_basis", "source_note", "processing_time", "processing_time_unit",
            "single_day_cutoff", "process", "online_level", "legacy_level", "accepts_online", "eform_schema",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        procedure = cleaned.get("procedure")
        if self.instance.pk is None and procedure is not None:
            draft = selectors.draft_of(procedure)
            if draft is not None:
                self.add_error("procedure", _message(services.DraftExists(draft)))
        return cleaned


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = VersionForm
    list_display = ["procedure", "number", "name", "status", "effective_from", "field", "level"]
    list_filter = ["status", "level", "field", "online_level"]
    search_fields = ["procedure__national_code", "search_folded", "name"]
    list_select_related = ["procedure", "field"]
    autocomplete_fields = ["procedure"]
    inlines = [VersionAgencyInline, FeeInline, RequiredPaperInline]
    readonly_fields = ["number", "status", "published_at", "published_by", "legal_time"]
    actions = ["publish_selected"]
    change_form_template = "admin/procedures/procedureversion/change_form.html"
    fieldsets = [
        (None, {"fields": ["procedure", "number", "status", "name", "field", "level"]}),
        (_("Công bố"), {"fields": ["decision", "effective_from", "published_at", "published_by"]}),
        (
            _("Nội dung"),
            {"fields": ["description", "conditions", "result", "legal_basis", "source_note"]},
        ),
        (
            _("Thời hạn và quy trình"),
            {
                "fields": [
                    "processing_time",
                    "processing_time_unit",
                    "single_day_cutoff",
                    "legal_time",
                    "process",
                ]
            },
        ),
        (
            _("Dịch vụ công trực tuyến"),
            {"fields": ["online_level", "legacy_level", "accepts_online", "eform_schema"]},
        ),
    ]

    @admin.display(description=_("thời hạn theo giờ làm việc"))
    def legal_time(self, obj: ProcedureVersion) -> str:
        if obj.pk is None:
            return "—"
        hours = rules.legal_hours(obj.processing_time, obj.processing_time_unit, obj.single_day_cutoff)
        return hours_text(hours)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A published or withdrawn version is never edited: the admin shows it read-only."""
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: forms.ModelForm, change: bool
    ) -> None:
        if not change:
            obj.status = ProcedureVersion.Status.DRAFT
        services.save_draft(version=obj, actor=request.user)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as error:  # refused by save_draft (permission, a second draft…)
            report_error(request, error)
            return HttpResponseRedirect(request.get_full_path())

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = context.get("original")
        context["can_publish"] = obj is not None and obj.is_draft
        context["can_start_new_version"] = obj is not None and selectors.draft_of(obj.procedure) is None
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<path:object_id>/cong-bo/",
                self.admin_site.admin_view(self.publish_view),
                name="procedures_procedureversion_publish",
            ),
            path(
                "<path:object_id>/phien-ban-moi/",
                self.admin_site.admin_view(self.new_version_view),
                name="procedures_procedureversion_new_version",
            ),
        ]
        return own + super().get_urls()

    def _change_url(self, version: ProcedureVersion) -> str:
        return reverse("admin:procedures_procedureversion_change", args=[version.pk])

    def publish_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST: publish this draft from the effective date entered on it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(ProcedureVersion, pk=object_id)
        self._publish(request, version)
        return HttpResponseRedirect(self._change_url(version))

    def new_version_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST: a draft copy of the procedure's latest version; opens the new draft."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        version = get_object_or_404(ProcedureVersion, pk=object_id)
        try:
            draft = services.start_new_version(procedure=version.procedure, actor=request.user)
        except DomainError as error:
            report_error(request, error)
            return HttpResponseRedirect(self._change_url(version))
        messages.success(request, _("Đã tạo bản nháp phiên bản %(number)s.") % {"number": draft.number})
        return HttpResponseRedirect(self._change_url(draft))

    def _publish(self, request: HttpRequest, version: ProcedureVersion) -> bool:
        try:
            services.publish_version(
                version=version, actor=request.user, effective_from=version.effective_from
            )
        except DomainError as error:
            report_error(request, error, prefix=f"{version}: ")
            return False
        messages.success(request, _("Đã công bố %(version)s.") % {"version": version})
        return True

    @admin.action(description=_("Công bố các bản nháp đã chọn (từ ngày có hiệu lực đã nhập)"))
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.select_related("procedure"):
            self._publish(request, version)


class ActionForm(forms.ModelForm):
    """Roles as check boxes (officer roles and the applicant) instead of raw JSON."""

    roles = forms.MultipleChoiceField(
        label=_("vai trò được thực hiện"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Action
        fields = ["code", "name", "from_step", "to_step", "roles", "clock_effect", "requires_papers",
                  "requires_signature", "requires_payment"]  # fmt: skip


class _ProcessChildInline(admin.TabularInline):
    """Steps and actions of a process: read-only once a published version uses the process."""

    extra = 0

    def _editable(self, obj: Any) -> bool:
        return obj is None or not selectors.process_is_frozen(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


class StepInline(_ProcessChildInline):
    model = Step
    fields = ["order", "code", "name", "responsible", "role", "allotted_hours", "national_status",
              "is_initial", "is_terminal", "counts_toward_time", "other_agency",
              "other_agency_kind"]  # fmt: skip
    autocomplete_fields = ["other_agency"]
    ordering = ["order"]


class ActionInline(_ProcessChildInline):
    model = Action
    form = ActionForm
    fk_name = "process"

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        self._process = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        """From/to steps are steps of this process only."""
        if db_field.name in ("from_step", "to_step"):
            process = getattr(self, "_process", None)
            kwargs["queryset"] = Step.objects.filter(process=process) if process else Step.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CopyFromTemplateForm(forms.Form):
    """Code, name and legal time of the copy made from a template."""

    code = forms.CharField(label=_("mã quy trình mới"), max_length=64)
    name = forms.CharField(label=_("tên quy trình mới"), max_length=255)
    legal_hours = forms.DecimalField(
        label=_("thời hạn (giờ làm việc)"), min_value=Decimal("0.5"), decimal_places=2
    )


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_template", "counted_hours", "version_count"]
    list_filter = ["is_template", "supplement_clock"]
    search_fields = ["code", "name"]
    inlines = [StepInline, ActionInline]
    actions = ["check_processes", "copy_for_another_time"]

    @admin.display(description=_("tổng giờ tính thời hạn"))
    def counted_hours(self, obj: Process) -> str:
        return number_vi(selectors.process_spec(obj).counted_hours())

    @admin.display(description=_("số phiên bản dùng"))
    def version_count(self, obj: Process) -> int:
        return obj.versions.count()

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A process a published version uses is read-only (copy it to change it)."""
        if obj is not None and selectors.process_is_frozen(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.versions.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        self._warn(request, form.instance)

    def _warn(self, request: HttpRequest, process: Process) -> None:
        problems = services.process_problems(process)
        for problem in problems:
            messages.warning(request, f"{process.code}: {_problem_text(problem)}")
        if not problems:
            hours = number_vi(selectors.process_spec(process).counted_hours())
            messages.info(
                request,
                _("%(code)s hợp lệ; dùng được cho thủ tục có thời hạn %(hours)s giờ làm việc.")
                % {"code": process.code, "hours": hours},
            )

    @admin.action(description=_("Kiểm tra quy trình"))
    def check_processes(self, request: HttpRequest, queryset: QuerySet[Process]) -> None:
        for process in queryset:
            self._warn(request, process)

    @admin.action(description=_("Tạo quy trình theo thời hạn khác từ quy trình mẫu"))
    def copy_for_another_time(self, request: HttpRequest, queryset: QuerySet[Process]) -> HttpResponse | None:
        """Ask for the code, name and legal time, then copy the template with scaled step hours."""
        if queryset.count() != 1:
            self.message_user(request, _("Chọn đúng một quy trình mẫu."), messages.ERROR)
            return None
        template = queryset.get()
        form = CopyFromTemplateForm(request.POST if "legal_hours" in request.POST else None)
        if form.is_valid():
            try:
                copy = services.create_process_from_template(
                    template=template,
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    legal_hours=form.cleaned_data["legal_hours"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, _message(error))
            else:
                self.message_user(
                    request, _("Đã tạo quy trình %(code)s.") % {"code": copy.code}, messages.SUCCESS
                )
                self._warn(request, copy)
                return HttpResponseRedirect(reverse("admin:procedures_process_change", args=[copy.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tạo quy trình theo thời hạn khác"),
            "template_process": template,
            "form": form,
            "opts": self.model._meta,
            "action_name": "copy_for_another_time",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/procedures/process/copy_from_template.html", context)
