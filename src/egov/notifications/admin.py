"""The delivery log in the admin: read-only (rows are written by the outbox handlers)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from egov.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "dossier", "topic", "channel", "recipient", "status", "attempts")
    list_filter = ("status", "channel", "topic")
    search_fields = ("dossier__code", "recipient", "event_id")
    list_select_related = ("dossier",)
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
