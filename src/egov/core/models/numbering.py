"""Counters behind every code and register number (dossier codes, receipt and document numbers).

One row per counter key (``dossier:2025-03-15:000.00.12.H12``); `egov.core.counters.allocate` takes
the next number under a row lock. The rules live in `egov.core.numbering` and `egov.core.counters`;
this module holds the table and the start-up check of the configured dossier code pattern, which is
registered here because Django imports every app's models before it runs any check.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.core.errors import ValidationFailed
from egov.core.numbering import parse_pattern


class Counter(models.Model):
    key = models.CharField(_("khóa bộ đếm"), max_length=200, unique=True)
    last_value = models.PositiveBigIntegerField(_("số đã cấp gần nhất"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bộ đếm số thứ tự")
        verbose_name_plural = _("bộ đếm số thứ tự")

    def __str__(self) -> str:
        return f"{self.key} = {self.last_value}"


@checks.register(checks.Tags.compatibility)
def check_dossier_code_pattern(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """EGOV_DOSSIER_CODE_PATTERN must parse (and make unique codes) at start-up, not fail at intake."""
    text = getattr(settings, "EGOV_DOSSIER_CODE_PATTERN", "")
    try:
        parse_pattern(text)
    except ValidationFailed as error:
        return [
            checks.Error(
                error.message_vi,
                hint=(
                    "Sửa biến môi trường EGOV_DOSSIER_CODE_PATTERN, ví dụ {agency}-{yymmdd}-{seq:4} "
                    "(xem docs/adr/0006-codes-and-numbering.md)."
                ),
                obj="EGOV_DOSSIER_CODE_PATTERN",
                id="core.E010",
            )
        ]
    return []
