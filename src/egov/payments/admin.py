"""Read-only admin of payments: changes go through the services (audit, outbox), never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from egov.payments.models import Notification, Payment, PaymentItem, Refund


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ItemInline(admin.TabularInline):
    model = PaymentItem
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "code", "name", "amount")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ("reference", "dossier", "amount", "state", "gateway", "requested_at", "paid_at")
    list_filter = ("state", "gateway", "reason")
    search_fields = ("reference", "dossier__code", "gateway_reference", "payer_name")
    inlines = [ItemInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ("received_at", "gateway", "reference", "verified", "succeeded", "amount", "outcome")
    list_filter = ("gateway", "verified", "outcome")
    search_fields = ("reference", "gateway_reference")


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ("payment", "amount", "refunded_at", "officer")
