"""Daily rollups per agency, procedure and day, updated in the same transaction as each change.

Every dossier use case calls ``facts(dossier)`` before the change and ``record(before, dossier)``
after saving it; `rules.deltas` says which counters move. Counters are changed only by adding with
``F()`` (``UPDATE … SET received = received + 1``), so concurrent transactions never lose a count; a
row that does not exist yet is inserted with ``ON CONFLICT DO NOTHING`` first. Rows are touched in key
order, so two transactions never wait for each other crosswise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import F

from egov.core.calendar import VIETNAM
from egov.core.calendar_store import get_calendar
from egov.dossiers.domain import timeliness
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

