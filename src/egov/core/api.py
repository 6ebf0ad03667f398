"""RFC 9457 problem details for every API error, domain errors included."""

from __future__ import annotations

from django.utils.translation import get_language
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from egov.core.errors import DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"
_MEMBERS = frozenset({"type", "title", "status", "code", "detail", "instance", "field"})
"""Members a domain error's details may not overwrite."""


def problem_response(*, status: int, code: str, title: str, detail: str = "", **extra) -> Response:
    body = {"type": f"urn:egov:problem:{code}", "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def problem_details_handler(exc, context):
    if isinstance(exc, DomainError):
        extra = {key: value for key, value in exc.details.items() if key not in _MEMBERS}
        if exc.field:
            extra["field"] = exc.field
        return problem_response(status=exc.status, code=exc.code, title=exc.message(get_language()), **extra)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        return problem_response(
            status=response.status_code,
            code="validation.invalid",
            title="Dữ liệu không hợp lệ."
            if not (get_language() or "vi").startswith("en")
            else "Invalid data.",
            errors=response.data,
        )
    code = getattr(exc, "default_code", "error")
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    problem = problem_response(status=response.status_code, code=f"http.{code}", title=str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):  # set by DRF on its own response
        if header in response:
            problem[header] = response[header]
    return problem
