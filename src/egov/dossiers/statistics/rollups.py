"""Daily rollups per agency, procedure and day, updated in the same transaction as each change.

Every dossier use case calls ``facts(dossier)`` before the change and ``record(before, dossier)``
after saving it; `rules.deltas` says which counters move. Counters are changed only by adding with
``F()`` (``UPDATE … SET received = received + 1``), so concurrent transactions never lose a count; a
row that does not exist yet is inserted with ``ON CONFLICT DO NOTHING`` first. Rows are touched in key
order, so two transactions never wait for each other crosswise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from egov.core.calendar import VIETNAM
from egov.core.calendar_store import get_calendar
from egov.dossiers.domain import timeliness
from egov.dossiers.models import Dossier
from egov.dossiers.statistics import rules
from egov.dossiers.statistics.models import DailyRollup

ONLINE = "online"


def compare_mode() -> str:
    """``moment`` (default) or ``date``: some provinces judge timeliness by date only (DOMAIN.md §3);
    setting ``EGOV_TIMELINESS_COMPARE``. Changing it applies to dossiers finished afterwards; run
    ``egov dossier-stats rebuild`` to reclassify the past."""
    mode = getattr(settings, "EGOV_TIMELINESS_COMPARE", "moment")
    return "date" if mode == "date" else "moment"


def local_day(moment: datetime) -> date:
    return moment.astimezone(VIETNAM).date()


def facts(dossier: Any) -> rules.Facts | None:
    """What the rollups need to know of ``dossier`` (None for a dossier not saved yet)."""
    if dossier is None or dossier.pk is None:
        return None
    state = dossier.state()
    online = dossier.channel == ONLINE
    closure = state.closure
    finished: rules.Finish | None = None
    finished_day: date | None = None
    clock = state.clock
    moment = clock.frozen.at if clock.frozen is not None else clock.finished_at
    if closure is None and moment is not None:
        judged = timeliness(state, at=moment, calendar=get_calendar(), compare=compare_mode())  # type: ignore[arg-type]
        if judged is not None:
            finished = rules.Finish(judged.value)
            finished_day = local_day(moment)
    return rules.Facts(
        agency_id=dossier.processing_agency_id or dossier.agency_id,
        procedure_id=dossier.version.procedure_id,
        received_day=local_day(dossier.received_at),
        received=rules.was_received(
            status=int(dossier.national_status),
            closure_status=int(closure.status) if closure is not None else None,
            online=online,
            accepted_by=dossier.received_by_id is not None,
        ),
        online=online,
        is_linked_child=dossier.origin_id is not None,
        finished=finished,
        finished_day=finished_day,
        closure_status=int(closure.status) if closure is not None else None,
        closed_day=local_day(closure.at) if closure is not None else None,
    )


def apply(moved: Iterable[rules.Delta]) -> None:
    """Add ``moved`` to the rollup rows (inside the caller's transaction)."""
    for delta in sorted(moved, key=lambda item: item.key):
        if not delta.counts:
            continue
        where = {"agency_id": delta.agency_id, "procedure_id": delta.procedure_id, "day": delta.day}
        changes = {name: F(name) + amount for name, amount in delta.counts.items()}
        if DailyRollup.objects.filter(**where).update(**changes):
            continue
        # The first change of this row: insert it (a concurrent insert wins quietly), then add.
        DailyRollup.objects.bulk_create([DailyRollup(**where)], ignore_conflicts=True)
        DailyRollup.objects.filter(**where).update(**changes)


def record(before: rules.Facts | None, dossier: Any) -> None:
    """Add to the rollups what changed between ``before`` and the saved ``dossier``."""
    apply(rules.deltas(before, facts(dossier)))


def rebuild(*, since: date | None = None, batch_size: int = 2000) -> int:
    """Recompute the rollups from the dossiers, all of them or the days from ``since`` on (repairs,
    a change of the timeliness setting); returns the number of rows written.

    One transaction: the rollup table is locked against writers first (PostgreSQL ``LOCK TABLE …
    IN EXCLUSIVE MODE``; on SQLite the first delete takes the database's write lock), so a dossier
    changed meanwhile waits and then adds its delta to the rebuilt rows: nothing is lost or counted
    twice."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(DailyRollup._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        stale = DailyRollup.objects.all() if since is None else DailyRollup.objects.filter(day__gte=since)
        stale.delete()
        dossiers = Dossier.objects.select_related("version").order_by("pk")
        if since is not None:
            start = datetime.combine(since, time(0), tzinfo=VIETNAM)
            dossiers = dossiers.filter(
                Q(received_at__gte=start)
                | Q(finished_at__gte=start)
                | Q(closed_at__gte=start)
                | Q(frozen__isnull=False, finished_at__isnull=True)
            )
        counted = rules.recount(facts(dossier) for dossier in dossiers.iterator(chunk_size=batch_size))
        rows = [
            DailyRollup(agency_id=agency_id, procedure_id=procedure_id, day=day, **counts)
            for (agency_id, procedure_id, day), counts in sorted(counted.items())
            if since is None or day >= since
        ]
        DailyRollup.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
