"""Admin pages of the working calendar: weekday sessions and dated adjustments.

Validation is the model's `clean()` (the pure rules of `egov.core.calendar`), so a bad session or a
second adjustment on a day is shown beside its field and nothing is saved. Each change is audited in
the admin's own transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core import audit
from egov.core.models import CalendarAdjustment, WorkingSession


def _session_state(obj: WorkingSession) -> dict[str, Any]:
    return {"weekday": obj.weekday, "start": obj.start, "end": obj.end}


def _adjustment_state(obj: CalendarAdjustment) -> dict[str, Any]:
    return {"date": obj.date, "kind": obj.kind, "legal_basis": obj.legal_basis, "note": obj.note}


@admin.register(WorkingSession)
class WorkingSessionAdmin(admin.ModelAdmin):
    list_display = ("weekday", "start", "end", "updated_at")
    list_filter = ("weekday",)
    ordering = ("weekday", "start")

    def save_model(self, request: HttpRequest, obj: WorkingSession, form: ModelForm, change: bool) -> None:
        before = _session_state(WorkingSession.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit.record(request.user, "calendar.session_saved", obj, before=before, after=_session_state(obj))

    def delete_model(self, request: HttpRequest, obj: WorkingSession) -> None:
        audit.record(request.user, "calendar.session_deleted", obj, before=_session_state(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[WorkingSession]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday_name", "kind", "legal_basis", "created_by", "created_at")
    list_filter = ("kind",)
    search_fields = ("legal_basis", "note")
    date_hierarchy = "date"
    fields = ("date", "kind", "legal_basis", "note")
    readonly_fields = ("created_by", "created_at")

    @admin.display(description=_("thứ"), ordering="date")
    def weekday_name(self, obj: CalendarAdjustment) -> str:
        from egov.core.calendar import WEEKDAY_NAMES_VI

        return WEEKDAY_NAMES_VI[obj.date.weekday()]

    def save_model(
        self, request: HttpRequest, obj: CalendarAdjustment, form: ModelForm, change: bool
    ) -> None:
        before = _adjustment_state(CalendarAdjustment.objects.get(pk=obj.pk)) if change else None
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        audit.record(
            request.user, "calendar.adjustment_saved", obj, before=before, after=_adjustment_state(obj)
        )

    def delete_model(self, request: HttpRequest, obj: CalendarAdjustment) -> None:
        audit.record(request.user, "calendar.adjustment_removed", obj, before=_adjustment_state(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarAdjustment]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
