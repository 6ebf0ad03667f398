"""Django field validators wrapping the pure rules in `rules.py`."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from egov.accounts import rules
from egov.core.errors import ValidationFailed


def _check(normalize: Callable[[str], str], value: str) -> None:
    try:
        normalize(value)
    except ValidationFailed as error:
        raise ValidationError(error.message(get_language()), code=error.code) from error


def validate_citizen_id(value: str) -> None:
    _check(rules.normalize_citizen_id, value)


def validate_phone(value: str) -> None:
    _check(rules.normalize_phone, value)


def validate_email(value: str) -> None:
    _check(rules.normalize_email, value)


def validate_full_name(value: str) -> None:
    _check(rules.normalize_full_name, value)
