"""The audit chain: an append-only, hash-chained record of every state change.

Each entry stores who did what to which object, the state before and after, and the request it
came from. `hash` is SHA-256 over a canonical JSON of the entry's fields and `previous_hash`, so
changing or removing any entry breaks every link after it (`egov audit verify` finds the first
broken one). The business rules live in `egov.core.audit`; this module only holds the tables.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.errors import DomainError


class AuditEntryImmutable(DomainError):
    """Somebody tried to change or delete an audit entry."""

    code = "audit.immutable"
    status = 409
    message_vi = "Nhật ký kiểm toán chỉ được ghi thêm, không được sửa hay xóa."
    message_en = "Audit entries are append-only: they cannot be changed or deleted."


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Refuses bulk updates and deletes so the ORM cannot rewrite history either."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditEntryImmutable()

    def delete(self) -> NoReturn:
        raise AuditEntryImmutable()

    # bulk_update goes through update(); _raw_delete is Django's fast path for cascades.
    def _raw_delete(self, using: str) -> NoReturn:
        raise AuditEntryImmutable()


class AuditEntry(models.Model):
    """One link of the chain. Written only by `egov.core.audit.record`, never changed."""

    sequence = models.PositiveBigIntegerField(_("số thứ tự"), unique=True)
    occurred_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        # Users are deactivated, never deleted, once they have acted: the chain must keep them.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    action = models.CharField(_("hành động"), max_length=100, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("mô tả đối tượng"), max_length=200, blank=True)
    before = models.JSONField(_("trước khi thay đổi"), null=True, blank=True)
    after = models.JSONField(_("sau khi thay đổi"), null=True, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    previous_hash = models.CharField(_("mã băm bản ghi trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản ghi nhật ký kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEntryImmutable()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditEntryImmutable()


class AuditChainHead(models.Model):
    """The single row that serialises appends and remembers the last link.

    Writers lock it (`SELECT ... FOR UPDATE`) before appending, so two transactions can never
    both extend the same link. It also lets `verify` notice entries cut off the end of the chain.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID)
    sequence = models.PositiveBigIntegerField(_("số thứ tự cuối"), default=0)
    hash = models.CharField(_("mã băm cuối"), max_length=64, default="")

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="core_audit_head_singleton")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"
