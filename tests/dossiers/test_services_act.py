"""Officers moving a dossier through its process (services.act)."""

from __future__ import annotations

import datetime as dt

import pytest

from egov.core.calendar_store import get_calendar
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers import domain, selectors, services
from egov.dossiers.domain import ActionNotAllowed, InvalidTransition, Timeliness
from egov.dossiers.models import Dossier, DossierEvent
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive
from tests.organizations.factories import make_agency


def _hours(n: float) -> dt.timedelta:
    return dt.timedelta(hours=n)


@pytest.mark.django_db
def test_full_walk_from_receipt_to_returned_result_is_early_and_recorded():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST, full_name="Trần Văn Bình")
    leader = make_officer(counter.agency, Role.LEADER, full_name="Phạm Minh Châu")
    dossier = receive(counter)

    steps = [
        ("chuyen-xu-ly", counter.officer, "xu-ly", 4),
        ("trinh-ky", specialist, "ky-duyet", 4),
        ("ky-duyet", leader, "tra-ket-qua", 9),
        ("tra-ket-qua", counter.officer, "da-tra", 10),
    ]
    for offset, (code, actor, step, status) in enumerate(steps, start=1):
        dossier = services.act(
            dossier=dossier,
            action_code=code,
            actor=actor,
            note=f"ghi chú {code}",
            at=MONDAY_MORNING + _hours(offset),
        )
        assert (dossier.step, dossier.national_status) == (step, status)

    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.finished_at == MONDAY_MORNING + _hours(4)
    assert stored.frozen is not None
    assert stored.delivery_state == Dossier.DeliveryState.DELIVERED
    assert domain.timeliness(stored.state(), at=MONDAY_MORNING + _hours(8), calendar=get_calendar()) == (
        Timeliness.EARLY
    )
    events = list(DossierEvent.objects.filter(dossier=stored).order_by("at", "pk"))
    assert [event.action for event in events] == [
        "receive",
        "chuyen-xu-ly",
        "trinh-ky",
        "ky-duyet",
        "tra-ket-qua",
    ]
    handed = events[2]
    assert (handed.giver, handed.giver_unit, handed.from_step, handed.to_step) == (
        specialist,
        counter.agency,
        "xu-ly",
        "ky-duyet",
    )
    assert handed.giver_name == "Trần Văn Bình"
    assert handed.step_result == DossierEvent.StepResult.EARLY
    assert handed.note == "ghi chú trinh-ky"
    assert events[3].receiver_unit == counter.agency  # the return step belongs to the receiving agency
    assert AuditEntry.objects.filter(action="dossier.action").count() == 4
    topics = list(OutboxEvent.objects.exclude(topic="dossier.received").values_list("topic", flat=True))
    assert topics.count("dossier.step_completed") == 4
    assert topics.count("dossier.result_issued") == 1
    assert topics.count("dossier.returned") == 1
    assert selectors.actions_for(stored, counter.officer) == []


@pytest.mark.django_db
def test_action_from_another_step_is_refused_and_nothing_is_written():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    events = DossierEvent.objects.count()
    with pytest.raises(InvalidTransition) as refused:
        services.act(dossier=dossier, action_code="trinh-ky", actor=specialist, at=MONDAY_MORNING + _hours(1))
    assert refused.value.code == "dossier.invalid_transition"
    assert "Tiếp nhận hồ sơ" in refused.value.message_vi
    assert DossierEvent.objects.count() == events
    assert not AuditEntry.objects.filter(action="dossier.action").exists()
    assert not OutboxEvent.objects.filter(topic="dossier.step_completed").exists()
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


@pytest.mark.django_db
def test_unknown_action_code_is_an_invalid_transition():
    counter = make_counter()
    dossier = receive(counter)
    with pytest.raises(InvalidTransition):
        services.act(
            dossier=dossier, action_code="khong-co", actor=counter.officer, at=MONDAY_MORNING + _hours(1)
        )


@pytest.mark.django_db
def test_officer_without_the_actions_role_is_refused():
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    with pytest.raises(ActionNotAllowed) as refused:
        services.act(
            dossier=dossier, action_code="chuyen-xu-ly", actor=specialist, at=MONDAY_MORNING + _hours(1)
        )
    assert refused.value.code == "dossier.action_not_allowed"
    assert not AuditEntry.objects.filter(action="dossier.action").exists()
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


@pytest.mark.django_db
def test_role_in_an_unrelated_agency_does_not_reach_the_dossier():
    counter = make_counter()
    elsewhere = make_agency(name="Ủy ban nhân dân xã khác")
    outsider = make_officer(elsewhere, Role.RECEIVER)
    dossier = receive(counter)
    with pytest.raises(ActionNotAllowed):
        services.act(
            dossier=dossier, action_code="chuyen-xu-ly", actor=outsider, at=MONDAY_MORNING + _hours(1)
        )
    assert selectors.actions_for(dossier, outsider) == []


@pytest.mark.django_db
def test_role_held_in_a_parent_agency_reaches_the_dossier():
    parent = make_agency(name="Ủy ban nhân dân tỉnh")
    child = make_agency(parent, name="Trung tâm Phục vụ hành chính công tỉnh")
    counter = make_counter(agency_identifier=child.identifier)
    leader_above = make_officer(parent, Role.RECEIVER, full_name="Võ Thị Dung")
    dossier = receive(counter)
    assert [action.code for action in selectors.actions_for(dossier, leader_above)] == ["chuyen-xu-ly"]
    dossier = services.act(
        dossier=dossier, action_code="chuyen-xu-ly", actor=leader_above, at=MONDAY_MORNING + _hours(1)
    )
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-pk").first()
    assert event is not None and event.giver_unit == parent


@pytest.mark.django_db
def test_actions_for_lists_only_what_the_officer_may_take_in_the_current_step():
    counter = make_counter()
    leader = make_officer(counter.agency, Role.LEADER)
    dossier = receive(counter)
    assert [action.code for action in selectors.actions_for(dossier, counter.officer)] == ["chuyen-xu-ly"]
    assert selectors.actions_for(dossier, leader) == []
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = services.act(
        dossier=dossier, action_code="chuyen-xu-ly", actor=counter.officer, at=MONDAY_MORNING
    )
    dossier = services.act(
        dossier=dossier, action_code="trinh-ky", actor=specialist, at=MONDAY_MORNING + _hours(1)
    )
    assert sorted(action.code for action in selectors.actions_for(dossier, leader)) == ["ky-duyet", "tra-lai"]
