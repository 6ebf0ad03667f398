"""Domain errors: one type per failure, each with a stable code and messages in Vietnamese and English.

The API turns them into RFC 9457 problem details (egov.core.api); HTML forms show the message in the
active language (`message()`) beside the field named by `field`.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused use case. Subclass it, or raise it with an explicit code."""

    code: str = "egov.error"
    status: int = 400
    message_vi: str = "Yêu cầu không hợp lệ."
    message_en: str = "The request is not valid."

    def __init__(
        self,
        message_vi: str | None = None,
        *,
        code: str | None = None,
        message_en: str | None = None,
        field: str | None = None,
        status: int | None = None,
        **details: object,
    ) -> None:
        if code is not None:
            self.code = code
        if message_vi is not None:
            self.message_vi = message_vi
        if message_en is not None:
            self.message_en = message_en
        if status is not None:
            self.status = status
        self.field = field
        self.details = details
        super().__init__(f"{self.code}: {self.message_vi}")

    def message(self, language: str | None = "vi") -> str:
        return self.message_en if (language or "vi").startswith("en") else self.message_vi


class ValidationFailed(DomainError):
    """Input that breaks a rule; `field` names the form field it belongs beside."""

    code = "validation.invalid"
    status = 400


class PermissionDenied(DomainError):
    code = "auth.permission_denied"
    status = 403
    message_vi = "Bạn không có quyền thực hiện thao tác này."
    message_en = "You are not allowed to do this."


class NotFound(DomainError):
    code = "not_found"
    status = 404
    message_vi = "Không tìm thấy đối tượng được yêu cầu."
    message_en = "The requested object was not found."


class Conflict(DomainError):
    code = "conflict"
    status = 409
    message_vi = "Dữ liệu đã bị thay đổi hoặc đã tồn tại."
    message_en = "The data conflicts with what is already recorded."
