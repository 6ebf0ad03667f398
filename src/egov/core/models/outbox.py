"""The outbox: events written in the business transaction, delivered afterwards by workers.

`OutboxEvent` is one fact (`dossier.received`) with its payload; `OutboxDelivery` records each
handler's delivery of it, so a retry of the event never re-runs a handler that already succeeded.
The rules live in `egov.core.outbox`; this module only holds the tables.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        DELIVERED = "delivered", _("Đã gửi")
        FAILED = "failed", _("Lỗi, sẽ thử lại")
        DEAD = "dead", _("Thất bại, ngừng thử")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    topic = models.CharField(_("chủ đề"), max_length=100, db_index=True)
    key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    payload = models.JSONField(_("nội dung"), default=dict, blank=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    claimed_until = models.DateTimeField(_("đang gửi đến"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("gửi xong lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("sự kiện chờ gửi")
        verbose_name_plural = _("hộp thư đi (outbox)")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.topic} {self.key}"


class OutboxDelivery(models.Model):
    """One handler's delivery of one event; (event, handler) is its idempotency key."""

    class Status(models.TextChoices):
        DELIVERED = "delivered", _("Đã xử lý")
        FAILED = "failed", _("Lỗi")

    event = models.ForeignKey(
        OutboxEvent, verbose_name=_("sự kiện"), on_delete=models.CASCADE, related_name="deliveries"
    )
    handler = models.CharField(_("bộ xử lý"), max_length=200)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    attempts = models.PositiveIntegerField(_("số lần thử"), default=0)
    delivered_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("lần xử lý sự kiện")
        verbose_name_plural = _("các lần xử lý sự kiện")
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="core_outbox_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.handler}: {self.status}"
