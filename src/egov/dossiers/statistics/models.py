"""The statistics table: one row of counters per agency, procedure and day (Vietnam time).

Imported by `egov.dossiers.models`, so the model belongs to the ``dossiers`` app. Counters are only
ever changed by adding deltas (`rollups.record`, in the use case's transaction) or rewritten by
``egov dossier-stats rebuild``. They are plain (signed) integers: a rollup that somehow lost a count
must never block an officer's action; ``rebuild`` repairs it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRollup(models.Model):
    """Dossiers of one procedure answered for by one agency, counted on one day (DOMAIN.md §3, §9)."""

    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    day = models.DateField(_("ngày"))
    received = models.IntegerField(_("tiếp nhận"), default=0)
    received_online = models.IntegerField(_("tiếp nhận trực tuyến"), default=0)
    finished_early = models.IntegerField(_("giải quyết trước hạn"), default=0)
    finished_on_time = models.IntegerField(_("giải quyết đúng hạn"), default=0)
    finished_late = models.IntegerField(_("giải quyết quá hạn"), default=0)
    refused = models.IntegerField(_("từ chối"), default=0)
    withdrawn = models.IntegerField(_("rút hồ sơ"), default=0)
    stopped = models.IntegerField(_("dừng xử lý"), default=0)
    linked_received = models.IntegerField(_("liên thông: tiếp nhận"), default=0)
    linked_finished_early = models.IntegerField(_("liên thông: trước hạn"), default=0)
    linked_finished_on_time = models.IntegerField(_("liên thông: đúng hạn"), default=0)
    linked_finished_late = models.IntegerField(_("liên thông: quá hạn"), default=0)
    linked_closed = models.IntegerField(_("liên thông: kết thúc không có kết quả"), default=0)

    class Meta:
        verbose_name = _("số liệu thống kê theo ngày")
        verbose_name_plural = _("số liệu thống kê theo ngày")
        ordering = ["day", "agency", "procedure"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure", "day"], name="dossier_rollup_once"),
        ]
        indexes = [models.Index(fields=["day", "agency"], name="dossier_rollup_day_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.day:%Y-%m-%d}"
