"""The dossier engine's pure core: state, clock, transitions, timeliness (no Django import)."""

from egov.dossiers.domain.clock import ClockEffect, SupplementClock
from egov.dossiers.domain.errors import ActionNotAllowed, ExtensionRefused, InvalidTransition
from egov.dossiers.domain.state import (
    Clock,
    ClockSnapshot,
    Closure,
    DossierState,
    Extension,
    NationalStatus,
)
from egov.dossiers.domain.timeliness import Timeliness, classify, due_soon, timeliness
from egov.dossiers.domain.transitions import HandoverRow, Transition, apply, close, receive

__all__ = [
    "ActionNotAllowed",
    "Clock",
    "ClockEffect",
    "ClockSnapshot",
    "Closure",
    "DossierState",
    "Extension",
    "ExtensionRefused",
    "HandoverRow",
    "InvalidTransition",
    "NationalStatus",
    "SupplementClock",
    "Timeliness",
    "Transition",
    "apply",
    "classify",
    "close",
    "due_soon",
    "receive",
    "timeliness",
]
