"""The working calendar with the database's sessions and adjustments, cached in the process.

`get_calendar()` is what services call. It costs one small query (a version check: row count and
latest `updated_at` of both tables) and rebuilds the calendar only when that version changed, so a
change made by any process (admin, another web worker) is seen by the next call, and a rolled-back
change is forgotten. Callers looping over many dossiers should call it once and reuse the result.

Without a usable database (no file, tables not migrated yet), it falls back silently to the built-in
sessions and the `holidays` package: `egov calendar due ...` works on a fresh checkout.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection, transaction

from egov.core.calendar import Adjustment, WorkingCalendar

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: tuple[object, WorkingCalendar] | None = None
_builtin: WorkingCalendar | None = None

Version = tuple[int, str, int, str]


def builtin_calendar() -> WorkingCalendar:
    """Default sessions + `holidays`, no adjustments (shared, its years compile once)."""
    global _builtin
    if _builtin is None:
        _builtin = WorkingCalendar.build()
    return _builtin


def _tables() -> tuple[str, str]:
    from egov.core.models import CalendarAdjustment, WorkingSession

    return WorkingSession._meta.db_table, CalendarAdjustment._meta.db_table


def _version() -> Version | None:
    """(sessions count, latest session update, adjustments count, latest adjustment update), or None
    when the database or the tables are not there."""
    sessions, adjustments = _tables()
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {sessions}), (SELECT MAX(updated_at) FROM {sessions}),"
        f" (SELECT COUNT(*) FROM {adjustments}), (SELECT MAX(updated_at) FROM {adjustments})"
    )
    try:
        # A savepoint, so that a missing table does not break the caller's transaction on PostgreSQL.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
    except DatabaseError as error:
        logger.debug("working calendar: database not usable (%s); using built-in sessions", error)
        return None
    return (int(row[0]), str(row[1]), int(row[2]), str(row[3]))


def _load() -> WorkingCalendar:
    from egov.core.models import CalendarAdjustment, WorkingSession

    sessions = [(s.weekday, s.start, s.end) for s in WorkingSession.objects.all()]
    adjustments: list[Adjustment] = [a.as_rule() for a in CalendarAdjustment.objects.all()]
    return WorkingCalendar.build(sessions=sessions or None, adjustments=adjustments)


def get_calendar() -> WorkingCalendar:
    """The current working calendar (database sessions and adjustments over the built-in defaults)."""
    global _cached
    version = _version()
    if version is None:
        return builtin_calendar()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        calendar = _load()
        _cached = (version, calendar)
    return calendar


def clear_cache() -> None:
    """Forget the cached calendar (the next call rebuilds it)."""
    global _cached
    _cached = None
