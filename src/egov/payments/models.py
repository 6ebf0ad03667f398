"""Payments of fees and charges (phí, lệ phí) of dossiers: tables and constraints only.

Amounts are integers in VND. A payment's items are a snapshot of its procedure version's fees taken
when the payment was requested. Each notification a gateway sends is kept (`Notification`), verified
or not, with its outcome, for reconciliation; secrets are never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.payments.rules import Reason, State


class Payment(models.Model):
    """A bill of a dossier: what is owed, how and when it was paid."""

    class StateChoices(models.TextChoices):
        PENDING = State.PENDING, _("Chờ thanh toán")
        PAID = State.PAID, _("Đã thanh toán")
        FAILED = State.FAILED, _("Thanh toán không thành công")
        EXPIRED = State.EXPIRED, _("Hết hạn thanh toán")
        CANCELLED = State.CANCELLED, _("Đã hủy")

    class ReasonChoices(models.TextChoices):
        SUBMISSION = Reason.SUBMISSION, _("Nộp phí, lệ phí khi nộp hồ sơ")
        FINANCIAL_OBLIGATION = Reason.FINANCIAL_OBLIGATION, _("Thực hiện nghĩa vụ tài chính")

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments"
    )
    reference = models.CharField(_("số hóa đơn"), max_length=64, unique=True)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("đơn vị tiền"), max_length=3, default="VND")
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=StateChoices.choices, default=State.PENDING
    )
    reason = models.CharField(_("lý do thu"), max_length=32, choices=ReasonChoices.choices)
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    gateway = models.CharField(_("hình thức thanh toán"), max_length=32, blank=True)
    gateway_reference = models.CharField(_("mã giao dịch của cổng"), max_length=128, blank=True)
    payer_name = models.CharField(_("người nộp tiền"), max_length=200)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ thu tiền mặt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state_changed_at = models.DateTimeField(_("đổi trạng thái lúc"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["dossier", "-requested_at"], name="payment_dossier_idx"),
            models.Index(fields=["state", "expires_at"], name="payment_state_expiry_idx"),
            models.Index(fields=["paid_at"], name="payment_paid_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="payment_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PAID) | Q(paid_at__isnull=False),
                name="payment_paid_has_time",
            ),
            models.UniqueConstraint(
                fields=["dossier", "reason"],
                condition=Q(state__in=[State.PENDING, State.FAILED]),
                name="payment_one_open_per_dossier_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def permission_agency(self):  # the dossier decides
        return self.dossier.agency

    def permission_owner_id(self) -> int | None:
        return self.dossier.owner_id

    @property
    def refunded_amount(self) -> int:
        return sum(refund.amount for refund in self.refunds.all())


class PaymentItem(models.Model):
    """One fee or charge line, copied from the procedure version when the payment was requested."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=8)  # procedures.Fee.Kind: fee / charge
    code = models.CharField(_("mã phí, lệ phí"), max_length=32)
    name = models.CharField(_("tên"), max_length=500)
    amount = models.BigIntegerField(_("số tiền (đồng)"))

    class Meta:
        verbose_name = _("khoản phí, lệ phí")
        verbose_name_plural = _("khoản phí, lệ phí")
        ordering = ["payment", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_item_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class Attempt(models.Model):
    """The citizen started paying through a gateway (one row per start)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="attempts")
    gateway = models.CharField(_("cổng thanh toán"), max_length=32)
    order_ref = models.CharField(_("mã đơn gửi cổng"), max_length=64)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    client_ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt thanh toán")
        verbose_name_plural = _("lượt thanh toán")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["order_ref"], name="payment_attempt_order_idx")]

    def __str__(self) -> str:
        return f"{self.gateway} {self.order_ref}"


class Notification(models.Model):
    """A result a gateway sent us (IPN, webhook, statement line, cash), with what we did with it."""

    gateway = models.CharField(_("cổng thanh toán"), max_length=32)
    received_at = models.DateTimeField(_("nhận lúc"))
    reference = models.CharField(_("số hóa đơn / mã đơn"), max_length=64, blank=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )
    verified = models.BooleanField(_("chữ ký hợp lệ"), default=True)
    succeeded = models.BooleanField(_("cổng báo thành công"), default=False)
    amount = models.BigIntegerField(_("số tiền (đồng)"), default=0)
    gateway_reference = models.CharField(_("mã giao dịch của cổng"), max_length=128, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=32, blank=True)  # rules.Outcome, or "rejected"
    raw = models.JSONField(_("dữ liệu nhận được"), default=dict, blank=True)

    class Meta:
        verbose_name = _("thông báo của cổng thanh toán")
        verbose_name_plural = _("thông báo của cổng thanh toán")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["gateway", "received_at"], name="payment_notification_day_idx"),
            models.Index(fields=["reference"], name="payment_notification_ref_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.reference} {self.outcome}"


class Refund(models.Model):
    """Money given back on a paid payment (recorded by an officer)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    reason = models.CharField(_("lý do"), max_length=500)
    refunded_at = models.DateTimeField(_("hoàn tiền lúc"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")
        ordering = ["-refunded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.payment.reference}: -{self.amount}"


# Imported bank statements live in their own module (reconciliation, egov.payments.statements).
from egov.payments.models_statements import Statement, StatementLine  # noqa: E402, F401
