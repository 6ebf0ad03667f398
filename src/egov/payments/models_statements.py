"""Imported bank statements (sao kê) and what each of their lines did: tables only.

Imported at the bottom of `egov.payments.models` so that the app's migrations see them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.payments.amount_words import digits


class Statement(models.Model):
    """One statement file an officer imported; the same file (same bytes) is imported once."""

    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256 của tệp"), max_length=64, unique=True)
    imported_at = models.DateTimeField(_("nhập lúc"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ nhập"), on_delete=models.PROTECT, related_name="+"
    )
    line_count = models.PositiveIntegerField(_("số giao dịch"), default=0)
    matched_count = models.PositiveIntegerField(_("số giao dịch khớp"), default=0)
    unmatched_count = models.PositiveIntegerField(_("số giao dịch không khớp"), default=0)

    class Meta:
        verbose_name = _("sao kê ngân hàng")
        verbose_name_plural = _("sao kê ngân hàng")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class StatementLine(models.Model):
    """One transaction of a statement and the result of matching it to a bill."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Khớp: đã xác nhận thanh toán")
        ALREADY_PAID = "already_paid", _("Khớp: khoản đã được xác nhận trước đó")
        PAID_ELSEWHERE = "paid_elsewhere", _("Khoản đã được nộp bằng cách khác: xem xét hoàn tiền")
        WRONG_AMOUNT = "wrong_amount", _("Sai số tiền")
        NOT_PAYABLE = "not_payable", _("Khoản thu đã bị hủy")
        UNKNOWN_REFERENCE = "unknown_reference", _("Số hóa đơn không có trong hệ thống")
        NO_REFERENCE = "no_reference", _("Không thấy số hóa đơn trong nội dung")
        AMBIGUOUS = "ambiguous", _("Nội dung có nhiều số hóa đơn")
        NOT_CREDIT = "not_credit", _("Không phải tiền nhận vào")
        DUPLICATE = "duplicate", _("Giao dịch đã có trong sao kê nhập trước")
        UNREADABLE = "unreadable", _("Không đọc được dòng này")

    MATCHED_STATUSES = (Status.MATCHED, Status.ALREADY_PAID)

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField(_("dòng"))
    booked_at = models.DateTimeField(_("ngày giao dịch"), null=True, blank=True)
    amount = models.BigIntegerField(_("số tiền (đồng)"), default=0)
    description = models.CharField(_("nội dung"), max_length=1000, blank=True)
    bank_reference = models.CharField(_("số tham chiếu"), max_length=128, blank=True)
    fingerprint = models.CharField(max_length=64, editable=False)
    reference = models.CharField(_("số hóa đơn tìm thấy"), max_length=64, blank=True)
    payment = models.ForeignKey(
        "payments.Payment",
        verbose_name=_("khoản thanh toán"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
    )
    expected_amount = models.BigIntegerField(_("số tiền phải nộp"), null=True, blank=True)
    status = models.CharField(_("kết quả"), max_length=20, choices=Status.choices)
    problem = models.CharField(_("trường không đọc được"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("giao dịch trong sao kê")
        verbose_name_plural = _("giao dịch trong sao kê")
        ordering = ["statement", "row"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "row"], name="payment_statement_line_row_unique"),
        ]
        indexes = [models.Index(fields=["fingerprint"], name="payment_stmt_line_fp_idx")]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.row} {self.status}"

    @property
    def matched(self) -> bool:
        return self.status in self.MATCHED_STATUSES

    def reason(self) -> str:
        """Why the line is (not) matched, for the officer (active language)."""
        label = str(self.Status(self.status).label)
        if self.status == self.Status.WRONG_AMOUNT and self.expected_amount is not None:
            return str(
                _("Sai số tiền: hóa đơn %(reference)s phải nộp %(expected)s đồng, nhận %(amount)s đồng.")
                % {
                    "reference": self.reference,
                    "expected": digits(self.expected_amount),
                    "amount": digits(self.amount),
                }
            )
        if self.status == self.Status.UNREADABLE and self.problem:
            column = {"date": _("ngày giao dịch"), "amount": _("số tiền")}.get(self.problem, self.problem)
            return str(_("Không đọc được %(column)s của dòng này.") % {"column": column})
        return label
