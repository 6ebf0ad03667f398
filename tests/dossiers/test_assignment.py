"""Assignment (phân công) and claiming of dossiers: services.assign and services.claim."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egov.core.errors import Conflict, PermissionDenied, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services import assignment
from egov.organizations.models import Agency, Membership, Role
from tests.accounts.factories import add_role, make_officer
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive
from tests.organizations.factories import make_agency

LATER = MONDAY_MORNING + dt.timedelta(hours=1)


@given(
    roles=st.sets(st.sampled_from([role.value for role in Role])),
    step_role=st.sampled_from(["", *[role.value for role in Role]]),
)
def test_leaders_and_division_heads_assign_receivers_only_at_a_receivers_step(roles, step_role):
    expected = bool(roles & {"leader", "division_head"}) or ("receiver" in roles and step_role == "receiver")
    assert assignment.may_assign(roles, step_role=step_role) is expected


def test_team_is_the_agency_and_divisions_reached_through_divisions_only():
    root = Agency(pk=1, path="/1/", kind=Agency.Kind.DEPARTMENT)
    division = Agency(pk=2, path="/1/2/", kind=Agency.Kind.DIVISION)
    sub_division = Agency(pk=3, path="/1/2/3/", kind=Agency.Kind.DIVISION)
    under_other = Agency(pk=5, path="/1/4/5/", kind=Agency.Kind.DIVISION)  # 4 is not a division
    elsewhere = Agency(pk=7, path="/6/7/", kind=Agency.Kind.DIVISION)
    assert assignment.team_ids(root, [division, sub_division, under_other, elsewhere]) == {1, 2, 3}


@pytest.fixture
def office(db):
    counter = make_counter()
    leader = make_officer(counter.agency, Role.LEADER, full_name="Phạm Minh Châu")
    specialist = make_officer(counter.agency, Role.SPECIALIST, full_name="Trần Văn Bình")
    division = make_agency(counter.agency, kind=Agency.Kind.DIVISION, name="Phòng Một cửa")
    division_specialist = make_officer(division, Role.SPECIALIST, full_name="Hoàng Thị Lan")
    dossier = receive(counter)
    return counter, leader, specialist, division, division_specialist, dossier


def test_leader_assigns_a_specialist_with_timeline_audit_and_outbox(office):
    counter, leader, specialist, _division, _ds, dossier = office
    dossier = services.assign(dossier=dossier, actor=leader, assignee=specialist, note="Xử lý gấp", at=LATER)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.assignee == specialist
    assert (stored.step, stored.national_status) == ("tiep-nhan", 2)  # step and clock untouched
    event = DossierEvent.objects.get(dossier=stored, action="assign")
    assert event.from_step == event.to_step == "tiep-nhan"
    assert event.details == {"assignee": specialist.pk}
    assert (event.giver, event.giver_unit, event.receiver, event.receiver_unit) == (
        leader,
        counter.agency,
        specialist,
        counter.agency,
    )
    assert (event.giver_name, event.receiver_name, event.note, event.at) == (
        "Phạm Minh Châu",
        "Trần Văn Bình",
        "Xử lý gấp",
        LATER,
    )
    audit = AuditEntry.objects.get(action="dossier.assigned")
    assert audit.details["assignee"] == specialist.pk
    outbox = OutboxEvent.objects.get(topic="dossier.assigned")
    assert outbox.payload["code"] == stored.code
    assert outbox.payload["assignee"] == specialist.pk


def test_a_specialist_of_a_division_may_be_assigned_and_the_row_names_the_division(office):
    _counter, leader, _specialist, division, division_specialist, dossier = office
    services.assign(dossier=dossier, actor=leader, assignee=division_specialist, at=LATER)
    event = DossierEvent.objects.get(action="assign")
    assert event.receiver_unit == division
    assert event.receiver_unit_name == "Phòng Một cửa"


def test_reassigning_records_the_previous_officer(office):
    _counter, leader, specialist, _division, division_specialist, dossier = office
    services.assign(dossier=dossier, actor=leader, assignee=specialist, at=LATER)
    services.assign(dossier=dossier, actor=leader, assignee=division_specialist, at=LATER)
    last = DossierEvent.objects.filter(action="assign").order_by("pk").last()
    assert last.details == {"assignee": division_specialist.pk, "previous": specialist.pk}
    assert Dossier.objects.get(pk=dossier.pk).assignee == division_specialist


def test_receiver_assigns_at_the_receiving_step_but_not_after(office):
    counter, _leader, specialist, _division, _ds, dossier = office
    services.assign(dossier=dossier, actor=counter.officer, assignee=specialist, at=LATER)
    assert Dossier.objects.get(pk=dossier.pk).assignee == specialist
    services.act(dossier=dossier, action_code="chuyen-xu-ly", actor=counter.officer, at=LATER)
    other = make_officer(counter.agency, Role.SPECIALIST)
    with pytest.raises(PermissionDenied) as refused:
        services.assign(dossier=dossier, actor=counter.officer, assignee=other, at=LATER)
    assert refused.value.code == "dossier.assign_not_allowed"


def test_a_specialist_may_not_assign(office):
    _counter, _leader, specialist, _division, division_specialist, dossier = office
    with pytest.raises(PermissionDenied) as refused:
        services.assign(dossier=dossier, actor=specialist, assignee=division_specialist)
    assert refused.value.code == "dossier.assign_not_allowed"
    assert "lãnh đạo" in refused.value.message_vi
    assert not DossierEvent.objects.filter(action="assign").exists()
    assert not OutboxEvent.objects.filter(topic="dossier.assigned").exists()


def test_a_leader_of_another_agency_may_not_assign(office):
    _counter, _leader, specialist, _division, _ds, dossier = office
    stranger_agency = make_agency(name="Sở Tư pháp")
    stranger = make_officer(stranger_agency, Role.LEADER)
    with pytest.raises(PermissionDenied):
        services.assign(dossier=dossier, actor=stranger, assignee=specialist)


def test_assignee_without_a_role_in_the_responsible_agency_is_refused(office):
    _counter, leader, _specialist, _division, _ds, dossier = office
    outsider = make_officer(make_agency(name="Sở Tài chính"), Role.SPECIALIST)
    clerk = make_officer(dossier.agency, Role.CLERK)
    for person in (outsider, clerk):
        with pytest.raises(ValidationFailed) as refused:
            services.assign(dossier=dossier, actor=leader, assignee=person)
        assert refused.value.code == "dossier.assignee_without_role"
        assert refused.value.field == "assignee"
    assert Dossier.objects.get(pk=dossier.pk).assignee is None


def test_an_ended_membership_does_not_make_an_assignee(office):
    counter, leader, _specialist, _division, _ds, dossier = office
    former = make_officer(None, "")
    add_role(former, counter.agency, Role.SPECIALIST)
    ended = {"started_on": dt.date(2020, 1, 1), "ended_on": dt.date(2021, 1, 1)}
    Membership.objects.filter(user=former).update(**ended)
    with pytest.raises(ValidationFailed):
        services.assign(dossier=dossier, actor=leader, assignee=former)


def test_assigning_the_same_officer_again_is_a_conflict(office):
    _counter, leader, specialist, _division, _ds, dossier = office
    services.assign(dossier=dossier, actor=leader, assignee=specialist)
    with pytest.raises(Conflict) as refused:
        services.assign(dossier=dossier, actor=leader, assignee=specialist)
    assert refused.value.code == "dossier.assignee_unchanged"


def test_a_closed_dossier_is_not_assigned(office):
    _counter, leader, specialist, _division, _ds, dossier = office
    Dossier.objects.filter(pk=dossier.pk).update(finished_at=LATER)
    with pytest.raises(Conflict) as refused:
        services.assign(dossier=dossier, actor=leader, assignee=specialist)
    assert refused.value.code == "dossier.assign_closed"
    Dossier.objects.filter(pk=dossier.pk).update(finished_at=None, closed_at=LATER, national_status=8)
    with pytest.raises(Conflict):
        services.assign(dossier=dossier, actor=leader, assignee=specialist)


def test_no_assignee_is_a_validation_error(office):
    _counter, leader, _specialist, _division, _ds, dossier = office
    with pytest.raises(ValidationFailed) as refused:
        services.assign(dossier=dossier, actor=leader, assignee=None)
    assert refused.value.code == "dossier.assignee_required"


def test_specialist_claims_an_unassigned_dossier_once(office):
    _counter, _leader, specialist, _division, division_specialist, dossier = office
    assert assignment.may_claim(dossier, specialist)
    services.claim(dossier=dossier, actor=specialist, at=LATER)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.assignee == specialist
    event = DossierEvent.objects.get(action="claim")
    assert event.details == {"assignee": specialist.pk}
    assert OutboxEvent.objects.get(topic="dossier.assigned").payload["claimed"] is True
    assert not assignment.may_claim(stored, division_specialist)
    with pytest.raises(Conflict) as refused:
        services.claim(dossier=stored, actor=division_specialist)
    assert refused.value.code == "dossier.already_assigned"


def test_an_officer_of_another_agency_cannot_claim(office):
    *_, dossier = office
    stranger = make_officer(make_agency(name="Sở Y tế"), Role.SPECIALIST)
    assert not assignment.may_claim(dossier, stranger)
    with pytest.raises(PermissionDenied) as refused:
        services.claim(dossier=dossier, actor=stranger)
    assert refused.value.code == "dossier.claim_not_allowed"


def test_assignable_lists_working_officers_of_the_agency_and_its_divisions(office):
    counter, _leader, specialist, division, division_specialist, _dossier = office
    make_officer(make_agency(name="Sở Nội vụ"), Role.SPECIALIST)
    people = {item.user: (item.agency, item.role) for item in assignment.assignable(counter.agency)}
    assert people[specialist] == (counter.agency, Role.SPECIALIST)
    assert people[division_specialist] == (division, Role.SPECIALIST)
    assert people[counter.officer] == (counter.agency, Role.RECEIVER)
    assert len(people) == 3  # not the leader, not the other agency's specialist
