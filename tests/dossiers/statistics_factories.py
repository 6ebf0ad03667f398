"""Test data for the statistics: dossiers walked through the real services to an early, on-time or
late result, closed without a result, or filed online; and the rollup table read back as plain data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from egov.accounts.models import User
from egov.dossiers import domain, services
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.dossiers.services import processing
from egov.dossiers.statistics import rollups, rules
from egov.dossiers.statistics.models import DailyRollup
from egov.organizations.models import Role
from tests.accounts.factories import make_citizen, make_officer
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, VN, Counter

#: A 3-working-day dossier received on MONDAY_MORNING (Mon 7 July 2025, 09:00) is due Thu 10 July 09:00.
DUE = dt.datetime(2025, 7, 10, 9, 0, tzinfo=VN)
EARLY = dt.datetime(2025, 7, 8, 10, 0, tzinfo=VN)  # Tuesday: before Thursday's morning session
ON_TIME = dt.datetime(2025, 7, 10, 8, 0, tzinfo=VN)  # Thursday, in the due session, before 09:00
LATE = dt.datetime(2025, 7, 11, 10, 0, tzinfo=VN)  # Friday


@dataclass
class Staff:
    specialist: User
    leader: User


def staff(counter: Counter) -> Staff:
    return Staff(
        specialist=make_officer(counter.agency, Role.SPECIALIST, full_name="Trần Văn Bình"),
        leader=make_officer(counter.agency, Role.LEADER, full_name="Phạm Minh Châu"),
    )


def walk_to_result(dossier: Dossier, counter: Counter, people: Staff, *, finished_at: dt.datetime) -> Dossier:
    """Take the four actions of the factory process; the last one (returning the result, which
    freezes the clock and ends the process) at ``finished_at``."""
    start = dossier.received_at
    steps = [
        ("chuyen-xu-ly", counter.officer),
        ("trinh-ky", people.specialist),
        ("ky-duyet", people.leader),
    ]
    for minutes, (code, actor) in enumerate(steps, start=1):
        dossier = services.act(
            dossier=dossier, action_code=code, actor=actor, at=start + dt.timedelta(minutes=minutes)
        )
    return services.act(dossier=dossier, action_code="tra-ket-qua", actor=counter.officer, at=finished_at)


def close(dossier: Dossier, status: NationalStatus, *, at: dt.datetime) -> Dossier:
    """Refuse (3), withdraw (7) or stop (8) a dossier the way a use case does: locked, the rollups'
    facts before and ``record`` after, in one transaction."""
    with transaction.atomic():
        locked = processing.lock(dossier)
        before = rollups.facts(locked)
        locked.apply_state(domain.close(locked.state(), status=status, at=at, reason="Lý do thử nghiệm"))
        locked.save()
        rollups.record(before, locked)
    return locked


def file_online(counter: Counter, *, at: dt.datetime = MONDAY_MORNING, **changes: Any) -> Dossier:
    citizen = make_citizen()
    arguments: dict[str, Any] = {
        "channel": Dossier.Channel.ONLINE,
        "actor": citizen,
        "owner": citizen,
        "agency": counter.agency,
        "procedure": counter.procedure,
        "applicant": APPLICANT,
        "papers": counter.all_papers(),
        "received_at": at,
        "return_method": Dossier.ReturnMethod.ONLINE,
    }
    arguments.update(changes)
    return services.receive(**arguments).dossier


def table() -> dict[tuple[int, int, dt.date], dict[str, int]]:
    """The rollup rows as {(agency, procedure, day): counters}, rows of zeros left out."""
    found = {}
    for row in DailyRollup.objects.all():
        counts = {name: getattr(row, name) for name in rules.COUNTERS}
        if any(counts.values()):
            found[(row.agency_id, row.procedure_id, row.day)] = counts
    return found


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {name: amount for name, amount in counts.items() if amount}
