"""Administration of organisations. Every change goes through the services, so it is checked,
audited and announced exactly as from the API; a refused change shows its message beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from egov.core.errors import DomainError
from egov.organizations import rules, services
from egov.organizations.models import AdministrativeUnit, Agency, Membership, Position


def _attach(form: forms.BaseForm, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message(get_language()))


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "parent"]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name", "codename", "name_folded"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "name", "level", "division_type", "parent", "codename"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # loaded from vietnam-provinces by `egov load_admin_units`

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AgencyForm(forms.ModelForm):
    """Checks the identifier, short name and tree position with the domain rules before saving."""

    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "identifier",
            "kind",
            "parent",
            "administrative_unit",
            "address",
            "phone",
            "email",
        ]

    def clean_identifier(self) -> str:
        try:
            identifier = rules.normalize_identifier(self.cleaned_data.get("identifier", ""))
        except DomainError as error:
            raise forms.ValidationError(error.message(get_language()), code=error.code) from error
        taken = Agency.objects.filter(identifier=identifier)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(services.DuplicateIdentifier(identifier).message(get_language()))
        return identifier

    def clean_short_name(self) -> str:
        try:
            return rules.normalize_short_name(self.cleaned_data.get("short_name", ""))
        except DomainError as error:
            raise forms.ValidationError(error.message(get_language()), code=error.code) from error

    def clean_parent(self) -> Agency | None:
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk and rules.is_in_subtree(parent.path, self.instance.path):
            raise forms.ValidationError(services.AgencyCycle().message(get_language()))
        return parent


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyForm
    list_display = ["name", "short_name", "identifier", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "name_folded", "short_name", "identifier"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent", "administrative_unit"]
    readonly_fields = ["is_active", "path", "depth"]
    actions = ["deactivate"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # agencies are deactivated, never deleted: history points at them

    def save_model(self, request: HttpRequest, obj: Agency, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        fields = {k: data[k] for k in AgencyForm.Meta.fields if k != "parent"}
        if not change:
            created = services.create_agency(actor=request.user, parent=data["parent"], **fields)
            obj.pk = created.pk
            return
        services.update_agency(actor=request.user, agency=obj, **fields)
        if "parent" in form.changed_data:
            services.move_agency(actor=request.user, agency=obj, new_parent=data["parent"])

    @admin.action(description=_("Ngừng hoạt động các cơ quan, đơn vị đã chọn (cùng các đơn vị trực thuộc)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        for agency in queryset:
            try:
                services.deactivate_agency(actor=request.user, agency=agency)
            except DomainError as error:
                self.message_user(request, f"{agency}: {error.message(get_language())}", messages.ERROR)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "rank"]
    search_fields = ["name"]
    list_select_related = ["agency"]
    autocomplete_fields = ["agency"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["agency", "name"] if obj else []

    def save_model(self, request: HttpRequest, obj: Position, form: forms.ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)  # only the display order can change
            return
        created = services.add_position(actor=request.user, name=obj.name, agency=obj.agency, rank=obj.rank)
        obj.pk = created.pk


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "agency", "role", "position", "title", "started_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        user, agency, role = data.get("user"), data.get("agency"), data.get("role")
        if (
            user
            and agency
            and role
            and Membership.objects.filter(user=user, agency=agency, role=role, is_active=True).exists()
        ):
            _attach(self, services.DuplicateMembership(field="role"))
        return data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ["user", "agency", "role", "title", "is_active", "started_on", "ended_on"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__identifier"]
    list_select_related = ["user", "agency"]
    autocomplete_fields = ["agency", "position"]
    raw_id_fields = ["user"]
    actions = ["end"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # ended, never deleted

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        created = services.add_membership(
            actor=request.user,
            user=data["user"],
            agency=data["agency"],
            role=data["role"],
            position=data.get("position"),
            title=data.get("title", ""),
            started_on=data.get("started_on"),
        )
        obj.pk = created.pk

    @admin.action(description=_("Kết thúc các phân công đã chọn"))
    def end(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.filter(is_active=True):
            try:
                services.end_membership(actor=request.user, membership=membership)
            except DomainError as error:
                self.message_user(request, f"{membership}: {error.message(get_language())}", messages.ERROR)
