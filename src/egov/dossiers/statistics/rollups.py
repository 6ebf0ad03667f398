"""Daily rollups per agency, procedure and day, updated in the same transaction as each change.

Every dossier use case calls ``facts(dossier)`` before the change and ``record(before, dossier)``
after saving it.
"""

from __future__ import annotations

from typing import Any


def facts(dossier: Any) -> Any:
    """What the rollups need to know of ``dossier`` before a change (None for a new dossier)."""
    return None


def record(before: Any, dossier: Any) -> None:
    """Add to the rollups what changed between ``before`` and the saved ``dossier``."""
    return None
