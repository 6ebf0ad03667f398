"""Counters behind every code and register number (dossier codes, receipt and document numbers).

One row per counter key (``dossier:2025-03-15:000.00.12.H12``); `egov.core.counters.allocate` takes
the next number under a row lock. The rules live in `egov.core.numbering` and `egov.core.counters`;
this module holds the table (the start-up check of the configured pattern is in `egov.core.checks`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    key = models.CharField(_("khóa bộ đếm"), max_length=200, unique=True)
    last_value = models.PositiveBigIntegerField(_("số đã cấp gần nhất"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bộ đếm số thứ tự")
        verbose_name_plural = _("bộ đếm số thứ tự")

    def __str__(self) -> str:
        return f"{self.key} = {self.last_value}"
