"""Liên thông: a step handled by another agency through a linked child dossier.

`after_action` is called by `processing.act` after every transition, in its transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from egov.dossiers.domain import Transition
from egov.dossiers.models import Dossier
from egov.procedures import workflow


def after_action(
    dossier: Dossier, transition: Transition, *, process: workflow.ProcessSpec, actor: Any, at: datetime
) -> None:
    """Open or close linked dossiers that the transition calls for (nothing yet)."""
    return None
