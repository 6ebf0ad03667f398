"""Forms glue: show a domain error (egov.core.errors) beside the field it names."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language

from egov.core.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Attach `error` to `form`: beside its field when the form has that field, else at the top.

    Services raise `ValidationFailed(field="phone", ...)`; a view catches it and calls this so the
    message (Vietnamese or English, following the active language) appears where the user typed.
    """
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message(get_language()))
