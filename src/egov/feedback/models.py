"""Citizens' satisfaction ratings of the service they received (and, later, their reports)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.Model):
    """The applicant's rating of one finished dossier: once per dossier (Decision 766 indicator
    "mức độ hài lòng")."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 3, _("Rất hài lòng")
        SATISFIED = 2, _("Hài lòng")
        NOT_SATISFIED = 1, _("Không hài lòng")

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=Level.choices)
    comment = models.TextField(_("góp ý"), blank=True, max_length=2000)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan được đánh giá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("đánh giá lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        indexes = [models.Index(fields=["agency", "created_at"], name="feedback_rating_agency_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_level_display()}"
