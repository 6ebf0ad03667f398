"""Read-only admin pages for the audit chain and the outbox: people may look, nobody may edit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from egov.core import outbox
from egov.core.models import AuditEntry, OutboxDelivery, OutboxEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewing only: these rows are written by services and workers, never by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "occurred_at", "actor_label", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("=object_id", "object_repr", "actor_label", "=request_id", "action")
    date_hierarchy = "occurred_at"
    show_full_result_count = False  # counting millions of rows on every page view is slow


class OutboxDeliveryInline(admin.TabularInline):
    model = OutboxDelivery
    extra = 0
    can_delete = False
    fields = ("handler", "status", "attempts", "delivered_at", "last_error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "topic", "status", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("status", "topic")
    search_fields = ("=key", "=object_id", "topic")
    date_hierarchy = "created_at"
    inlines = [OutboxDeliveryInline]
    show_full_result_count = False
    actions = ["redeliver"]

    def has_redeliver_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    @admin.action(description=_("Gửi lại các sự kiện lỗi đã chọn"), permissions=["redeliver"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> None:
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        count = outbox.redeliver(event_ids=ids, actor=request.user)
        self.message_user(
            request, _("Đã đưa %(count)d sự kiện vào hàng đợi gửi lại.") % {"count": count}, messages.SUCCESS
        )
