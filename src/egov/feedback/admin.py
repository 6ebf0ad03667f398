"""Ratings in the administration site: read only (a citizen's rating is never edited by staff)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.feedback.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("dossier", "level", "agency", "created_at")
    list_filter = ("level", "created_at")
    search_fields = ("dossier__code", "comment")
    date_hierarchy = "created_at"
    list_select_related = ("dossier", "agency")
    readonly_fields = ("dossier", "rated_by", "level", "comment", "agency", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
