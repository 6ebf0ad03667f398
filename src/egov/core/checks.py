"""Start-up checks of egov's own settings (run by `egov check`, `egov migrate`, the servers)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from egov.core.errors import ValidationFailed
from egov.core.numbering import parse_pattern


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
