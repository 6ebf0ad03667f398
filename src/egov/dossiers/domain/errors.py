"""Refusals of the dossier engine, each with a stable code and Vietnamese and English messages."""

from __future__ import annotations

from egov.core.errors import Conflict, PermissionDenied, ValidationFailed


class InvalidTransition(Conflict):
    """The action does not apply to the dossier as it is now (wrong step, finished, clock state)."""

    code = "dossier.invalid_transition"
    message_vi = "Thao tác không áp dụng được cho hồ sơ ở trạng thái hiện tại."
    message_en = "The action does not apply to the dossier in its current state."


class ActionNotAllowed(PermissionDenied):
    """None of the actor's roles may take the action."""

    code = "dossier.action_not_allowed"
    message_vi = "Bạn không có vai trò được thực hiện thao tác này."
    message_en = "None of your roles may take this action."


class ExtensionRefused(ValidationFailed):
    """A form-04 extension that breaks a rule (no new due, not later, too late, no reason)."""

    code = "dossier.extension_refused"
    message_vi = "Không thể gia hạn thời gian giải quyết hồ sơ."
    message_en = "The processing time cannot be extended."
