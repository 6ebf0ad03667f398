"""Rating the service (`egov.feedback.services.rate`): the owner, once, after completion; audit and
outbox in the same transaction; the counts per agency and period (`egov.feedback.selectors`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from egov.core.errors import Conflict, NotFound, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers.domain import InvalidTransition
from egov.feedback import selectors, services
from egov.feedback.models import Rating
from egov.feedback.rules import SatisfactionCounts
from tests.dossiers.exceptions_factories import Office
from tests.dossiers.factories import MONDAY_MORNING
from tests.organizations.factories import make_agency
from tests.portal.my_factories import CitizenCase, new_citizen

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Rating.objects.count(), AuditEntry.objects.count(), OutboxEvent.objects.count()


def test_owner_rates_a_returned_dossier_with_a_comment():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.returned()
    rating = services.rate(dossier=dossier, citizen=case.citizen, level="3", comment="  Nhanh, đúng hẹn ")
    assert (rating.level, rating.comment, rating.rated_by, rating.agency) == (
        3,
        "Nhanh, đúng hẹn",
        case.citizen,
        dossier.agency,
    )
    event = OutboxEvent.objects.get(topic="dossier.rated")
    assert event.payload["code"] == dossier.code
    assert (event.payload["level"], event.payload["level_label"]) == (3, "Rất hài lòng")
    assert event.payload["agency"] == dossier.agency.identifier
    entry = AuditEntry.objects.get(action="dossier.rated")
    assert entry.actor_id == case.citizen.pk


def test_a_result_ready_but_not_yet_collected_may_be_rated():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.result_ready()
    assert dossier.national_status == 9
    assert services.rate(dossier=dossier, citizen=case.citizen, level=2).level == 2


def test_a_second_rating_is_refused_and_the_first_is_kept():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.returned()
    services.rate(dossier=dossier, citizen=case.citizen, level=1, comment="Chờ lâu")
    before = _counts()
    with pytest.raises(Conflict) as refused:
        services.rate(dossier=dossier, citizen=case.citizen, level=3)
    assert refused.value.code == "feedback.already_rated"
    assert "chỉ được đánh giá một lần" in refused.value.message_vi
    assert _counts() == before
    assert Rating.objects.get(dossier=dossier).level == 1


def test_a_dossier_still_being_processed_may_not_be_rated():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.examining()
    before = _counts()
    with pytest.raises(InvalidTransition) as refused:
        services.rate(dossier=dossier, citizen=case.citizen, level=3)
    assert refused.value.code == "feedback.not_finished"
    assert _counts() == before


def test_a_withdrawn_dossier_may_not_be_rated():
    from egov.dossiers.services import exceptions

    case = CitizenCase(start=MONDAY_MORNING)
    dossier = exceptions.withdraw(
        dossier=case.examining(), actor=case.citizen, reason="Nộp nhầm thủ tục", at=case.tick()
    )
    with pytest.raises(InvalidTransition):
        services.rate(dossier=dossier, citizen=case.citizen, level=3)


def test_someone_elses_dossier_is_not_found_and_nothing_is_written():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.returned()
    stranger = new_citizen()
    before = _counts()
    for person in (stranger, case.office.receiver):
        with pytest.raises(NotFound):
            services.rate(dossier=dossier, citizen=person, level=3)
    assert _counts() == before


def test_a_bad_level_or_a_long_comment_is_refused_beside_its_field():
    case = CitizenCase(start=MONDAY_MORNING)
    dossier = case.returned()
    with pytest.raises(ValidationFailed) as bad_level:
        services.rate(dossier=dossier, citizen=case.citizen, level="5")
    with pytest.raises(ValidationFailed) as long_comment:
        services.rate(dossier=dossier, citizen=case.citizen, level=3, comment="x" * 2001)
    assert (bad_level.value.field, long_comment.value.field) == ("level", "comment")
    assert not Rating.objects.exists()


def test_satisfaction_counts_per_agency_and_period():
    first = CitizenCase(start=MONDAY_MORNING)
    second = CitizenCase(start=MONDAY_MORNING, office=first.office)
    third = CitizenCase(start=MONDAY_MORNING, office=Office(make_agency(name="UBND phường An Cựu")))
    services.rate(dossier=first.returned(), citizen=first.citizen, level=3)
    services.rate(dossier=second.returned(), citizen=second.citizen, level=1)
    services.rate(dossier=third.returned(), citizen=third.citizen, level=2)
    now = timezone.now()
    counts = selectors.satisfaction_counts(start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1))
    assert counts[first.office.agency.pk] == SatisfactionCounts(
        very_satisfied=1, satisfied=0, not_satisfied=1
    )
    assert counts[first.office.agency.pk].satisfied_share == 0.5
    only = selectors.satisfaction_counts(
        start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1), agencies=[third.office.agency.pk]
    )
    assert only == {third.office.agency.pk: SatisfactionCounts(satisfied=1)}
    later = selectors.satisfaction_counts(start=now + dt.timedelta(days=1), end=now + dt.timedelta(days=2))
    assert later == {}
