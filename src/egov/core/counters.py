"""Allocating numbers from database counters, safely under concurrency.

`allocate(key)` returns the next number of a counter inside the caller's transaction and holds the
counter's row lock until that transaction ends, so two concurrent requests never get the same
number (DESIGN "Codes and numbering"). `next_code(pattern, context)` is the code built from it, and
`dossier_code_pattern()` the configured pattern of dossier codes (TT 03/2025; widths are a setting,
EGOV_DOSSIER_CODE_PATTERN, because they are unconfirmed).

Gaps: the increment belongs to the caller's transaction. A transaction that rolls back gives its
number back (the next caller gets the same number), so a counter never skips on failures; codes
can still have gaps where a committed record is later removed, and codes are gap-tolerant anyway.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from egov.core.models.numbering import Counter
from egov.core.numbering import MAX_KEY_LENGTH, CodeContext, Pattern, cached_pattern


def allocate(key: str, *, start: int = 1) -> int:
    """Take the next number of counter ``key`` (``start`` for a new counter, never below ``start``).

    Must run inside ``transaction.atomic()``: the row stays locked (``SELECT … FOR UPDATE``) until
    the transaction ends, which serialises allocations of one key and only of that key. A missing
    row is created in a savepoint; when a concurrent transaction created it first, the unique key
    makes our insert fail, and we lock and increment the row it committed.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("counters.allocate() must be called inside transaction.atomic()")
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValueError(f"counter key must have 1 to {MAX_KEY_LENGTH} characters: {key!r}")
    if start < 1:
        raise ValueError("counters start at 1 or above")
    counter = Counter.objects.select_for_update().filter(key=key).first()
    if counter is None:
        try:
            with transaction.atomic():
                Counter.objects.create(key=key, last_value=start)
            return start
        except IntegrityError:
            counter = Counter.objects.select_for_update().get(key=key)
    counter.last_value = max(counter.last_value + 1, start)
    counter.save(update_fields=["last_value", "updated_at"])
    return counter.last_value


def next_code(pattern: Pattern | str, context: CodeContext) -> str:
    """Allocate the next number for ``context`` and write it through ``pattern``, e.g.
    ``000.00.12.H12-250315-0001``. Inside the caller's transaction, like `allocate`."""
    if isinstance(pattern, str):
        pattern = cached_pattern(pattern)
    return pattern.format(context, allocate(pattern.counter_key(context)))


def dossier_code_pattern() -> Pattern:
    """The dossier code pattern of settings.EGOV_DOSSIER_CODE_PATTERN (checked at start-up)."""
    return cached_pattern(settings.EGOV_DOSSIER_CODE_PATTERN)
