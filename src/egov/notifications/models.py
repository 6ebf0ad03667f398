"""The delivery log: one row per outbox event and channel, whatever became of it (sent, failed,
skipped). Persistence only; what to say is decided by `messages`, when to send by `handlers`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One notification of one dossier event to the applicant through one channel.

    The outbox event id and the channel are unique together: a handler that runs twice for the same
    event (a retry, a duplicate task) finds its row and does not send a second time."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")
        ZALO = "zalo", _("Zalo")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")
        SKIPPED = "skipped", _("Không gửi")

    class SkipReason(models.TextChoices):
        NO_ADDRESS = "no_address", _("Người nộp không có địa chỉ nhận")
        INTER_AGENCY = "inter_agency", _("Hồ sơ liên thông: người nộp được báo theo hồ sơ gốc")

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    topic = models.CharField(_("sự kiện"), max_length=100)
    event_id = models.UUIDField(_("mã sự kiện (outbox)"))
    channel = models.CharField(_("kênh"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(_("người nhận"), max_length=254, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PENDING)
    skip_reason = models.CharField(
        _("lý do không gửi"), max_length=32, choices=SkipReason.choices, blank=True
    )
    error = models.TextField(_("lỗi gần nhất"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["dossier", "created_at"], name="notification_dossier_idx")]
        constraints = [
            models.UniqueConstraint(fields=["event_id", "channel"], name="notification_once_per_channel"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} → {self.recipient or '—'} ({self.status})"
