"""`egov bench seed` on tiny data: what it writes is what the services would have left behind (no
timing asserted): a valid audit chain, the rollups a rebuild computes, counters past the seeded codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from egov.bench.worktime import WorkTable
from egov.core.calendar import VIETNAM, WorkingCalendar


def _rollups() -> dict[tuple[int, int, dt.date], tuple[int, ...]]:
    from egov.dossiers.models import DailyRollup
    from egov.dossiers.statistics.rules import COUNTERS

    return {
        (row.agency_id, row.procedure_id, row.day): tuple(getattr(row, name) for name in COUNTERS)
        for row in DailyRollup.objects.all()
    }


@pytest.mark.django_db(transaction=True)
def test_seeded_province_is_consistent_with_services_and_rebuild() -> None:
    from egov.bench.seed import seed
    from egov.core import audit, counters
    from egov.core.numbering import CodeContext
    from egov.dossiers.models import Dossier, DossierEvent, DossierPaper
    from egov.dossiers.statistics import rollups

    figures = seed(dossiers=400, years=1.0, procedures=80, progress=False)

    assert figures.dossiers == Dossier.objects.count() == 400
    assert DossierEvent.objects.count() == figures.events >= 400
    assert DossierPaper.objects.count() == figures.papers > 0
    statuses = set(Dossier.objects.values_list("national_status", flat=True))
    assert 10 in statuses and statuses & {2, 4, 5} and statuses & {3, 7, 8}  # returned, open, closed
    assert Dossier.objects.filter(
        national_status=10, finished_at__isnull=False, frozen__isnull=False
    ).exists()

    # Every timeline starts with the receipt, and the dossier's state is its last row's.
    dossier = Dossier.objects.filter(national_status=10).first()
    timeline = list(dossier.events.order_by("at", "pk"))
    assert timeline[0].action == "receive" and timeline[-1].status_after == 10
    assert timeline[-1].to_step == dossier.step

    verified = audit.verify()
    assert verified.ok, verified.problem
    assert verified.checked >= figures.audit_entries == figures.events

    seeded = _rollups()
    assert seeded
    rollups.rebuild()
    assert _rollups() == seeded

    # A dossier received later today at a seeded agency continues its counter.
    latest = Dossier.objects.order_by("-received_at").select_related("agency").first()
    context = CodeContext(series="dossier", at=latest.received_at, agency=latest.agency.identifier,
                          agency_short=latest.agency.short_name)  # fmt: skip
    with transaction.atomic():
        code = counters.next_code(counters.dossier_code_pattern(), context)
    assert not Dossier.objects.filter(code=code).exists()


def test_work_table_adds_working_time_as_the_calendar_does() -> None:
    calendar = WorkingCalendar.build()
    first, last = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
    table = WorkTable.from_calendar(calendar.sessions_on, first, last, VIETNAM)
    start = dt.datetime(2025, 3, 3, 6, 0, tzinfo=VIETNAM)
    for step in range(0, 400 * 24 * 60, 997):  # minutes over a year, lunch, nights, weekends, Tết
        moment = start + dt.timedelta(minutes=step)
        for hours in (0, 1, 4, 8, 24, 100):
            expected = calendar.add_working_time(moment, hours)
            assert table.add(int(moment.timestamp()), hours * 3600) == int(expected.timestamp())
    assert timezone.is_aware(start)
