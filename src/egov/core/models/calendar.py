"""The working calendar's tables: weekday sessions and dated adjustments (DOMAIN.md §4).

The rules live in `egov.core.calendar`; `clean()` calls them so that the admin and the services refuse
the same bad input with the same Vietnamese message. `egov.core.calendar_store` reads these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from egov.core import calendar as rules
from egov.core.errors import ValidationFailed


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


def _as_django_error(error: ValidationFailed) -> ValidationError:
    if error.field:
        return ValidationError({error.field: error.message_vi}, code=error.code)
    return ValidationError(error.message_vi, code=error.code)


class WorkingSession(models.Model):
    """One working session of a weekday. While the table is empty the default sessions apply
    (Monday–Friday 07:30–11:30 and 13:00–17:00)."""

    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    start = models.TimeField(_("bắt đầu"))
    end = models.TimeField(_("kết thúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("buổi làm việc")
        verbose_name_plural = _("buổi làm việc")
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="core_session_ends_after_start"),
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="core_session_weekday"),
            models.UniqueConstraint(fields=["weekday", "start"], name="core_session_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self) -> None:
        """Refuse a session that ends before it starts or overlaps another session of its weekday."""
        if self.weekday is None or self.start is None or self.end is None:
            return
        others = WorkingSession.objects.filter(weekday=self.weekday).exclude(pk=self.pk)
        try:
            rules.validate_sessions(
                [(self.weekday, self.start, self.end)] + [(s.weekday, s.start, s.end) for s in others]
            )
        except ValidationFailed as error:
            raise _as_django_error(error) from None


class CalendarAdjustment(models.Model):
    """A dated exception announced by the Ministry of Home Affairs or the province: an extra day off,
    or a make-up working day (e.g. a Saturday worked). It overrides the `holidays` package. A make-up
    working day uses the sessions of an ordinary weekday (the first of Monday–Friday that has any)."""

    class Kind(models.TextChoices):
        DAY_OFF = rules.AdjustmentKind.DAY_OFF.value, _("Ngày nghỉ")
        WORKING_DAY = rules.AdjustmentKind.WORKING_DAY.value, _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    legal_basis = models.CharField(
        _("căn cứ pháp lý"),
        max_length=500,
        help_text=_("Văn bản công bố, ví dụ: Thông báo 6150/TB-BLĐTBXH ngày 15/11/2024."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh lịch làm việc")
        verbose_name_plural = _("điều chỉnh lịch làm việc")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["day_off", "working_day"]), name="core_adjustment_kind"
            ),
            models.CheckConstraint(condition=~Q(legal_basis=""), name="core_adjustment_legal_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"

    def clean(self) -> None:
        """Refuse a second adjustment on the same day and a missing legal basis."""
        if self.date is not None:
            duplicate = CalendarAdjustment.objects.filter(date=self.date).exclude(pk=self.pk).exists()
            if duplicate:
                error = rules.duplicate_adjustment(self.date)
                raise ValidationError({"date": error.message_vi}, code=error.code)
        if not (self.legal_basis or "").strip():
            raise ValidationError(
                {"legal_basis": _("Cần ghi căn cứ pháp lý của điều chỉnh (số, ngày văn bản).")},
                code="calendar.legal_basis_required",
            )

    def as_rule(self) -> rules.Adjustment:
        return rules.Adjustment(
            day=self.date,
            kind=rules.AdjustmentKind(self.kind),
            legal_basis=self.legal_basis,
            note=self.note,
        )
