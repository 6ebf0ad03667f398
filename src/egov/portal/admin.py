"""Read-only admin of the citizens' drafts: enough to answer "where is my draft?" (owner, procedure,
step, expiry, the dossier it became, its files' names and sizes) without showing what was declared.
Drafts change only through `egov.portal.drafts`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.portal.models import Draft, DraftFile


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DraftFileInline(_ReadOnly, admin.TabularInline):  # type: ignore[misc]
    model = DraftFile
    extra = 0
    fields = ("paper", "name", "content_type", "size", "created_at")
    readonly_fields = fields


@admin.register(Draft)
class DraftAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ("procedure", "owner", "agency", "step", "updated_at", "expires_at", "dossier")
    list_filter = ("step",)
    search_fields = ("procedure__national_code", "owner__username", "dossier__code")
    list_select_related = ("procedure", "owner", "agency", "dossier")
    date_hierarchy = "updated_at"
    fields = (
        "id",
        "owner",
        "procedure",
        "version",
        "agency",
        "return_method",
        "step",
        "created_at",
        "updated_at",
        "expires_at",
        "dossier",
        "submitted_at",
    )
    readonly_fields = fields
    inlines = [DraftFileInline]
