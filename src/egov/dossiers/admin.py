"""Read-only admin of dossiers: every change goes through `dossiers.services` (audit + outbox), so
the admin shows dossiers, their papers and timeline but never edits them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.dossiers.models import Dossier, DossierEvent, DossierPaper


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DossierPaperInline(_ReadOnly, admin.TabularInline):  # type: ignore[misc]
    model = DossierPaper
    extra = 0
    fields = ("name", "originals", "copies", "note")


class DossierEventInline(_ReadOnly, admin.TabularInline):  # type: ignore[misc]
    model = DossierEvent
    extra = 0
    fields = (
        "at",
        "action",
        "from_step",
        "to_step",
        "status_after",
        "giver_name",
        "receiver_name",
        "step_result",
    )


@admin.register(Dossier)
class DossierAdmin(_ReadOnly, admin.ModelAdmin):  # type: ignore[misc]
    list_display = ("code", "applicant_name", "agency", "national_status", "received_at", "due_at")
    list_filter = ("national_status", "channel")
    search_fields = ("code", "applicant_name", "applicant_citizen_id")
    list_select_related = ("agency",)
    date_hierarchy = "received_at"
    inlines = [DossierPaperInline, DossierEventInline]
