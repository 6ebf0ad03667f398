"""Liên thông through the services: a step of another agency opens a linked child dossier there, the
partner acts on the child, the parent moves on (services.act, services.interagency)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egov.core.calendar_store import get_calendar
from egov.core.errors import Conflict, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers import domain, files, linked, selectors, services
from egov.dossiers.domain import InvalidTransition, Timeliness
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.organizations.models import Agency, Role
from egov.procedures.demo_catalogue.processes import linked_birth_process
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING
from tests.dossiers.interagency_setup import Liaison, make_liaison
from tests.organizations.factories import make_agency

PDF = b"%PDF-1.7\n% quyet dinh tro cap\n"


def _at(hours: float) -> dt.datetime:
    return MONDAY_MORNING + dt.timedelta(hours=hours)


def _to_partner(liaison: Liaison) -> tuple[Dossier, Dossier]:
    """Receive at the commune, hand over to the commune specialist, then to Sở Nội vụ (Mon 11:00)."""
    dossier = liaison.receive()
    dossier = services.act(dossier=dossier, action_code="chuyen-xu-ly", actor=liaison.receiver, at=_at(1))
    dossier = services.act(
        dossier=dossier, action_code="chuyen-so", actor=liaison.commune_specialist, at=_at(2)
    )
    child = Dossier.objects.get(origin=dossier)
    return dossier, child


@pytest.mark.django_db
def test_moving_into_the_partners_step_opens_a_child_with_its_own_code_and_share_of_time():
    liaison = make_liaison()
    parent, child = _to_partner(liaison)

    assert child.code.startswith("000.00.03.H57-250707-")
    assert parent.code.startswith("000.00.31.H57-250707-")
    assert (child.channel, child.origin_id, child.agency, child.current_agency) == (
        Dossier.Channel.INTER_AGENCY,
        parent.pk,
        liaison.home_affairs,
        liaison.home_affairs,
    )
    assert (child.version_id, child.step, child.national_status) == (parent.version_id, "so-noi-vu", 4)
    assert child.received_at == _at(2)
    assert child.due_at == child.original_due_at == get_calendar().add_working_time(_at(2), Decimal("56"))
    assert child.step_due_at == child.due_at
    assert child.applicant_name == parent.applicant_name
    assert child.applicant_citizen_id == parent.applicant_citizen_id
    assert child.owner_id is None
    assert [paper.name for paper in child.papers.all()] == [paper.name for paper in parent.papers.all()]

    stored = Dossier.objects.get(pk=parent.pk)
    assert (stored.step, stored.current_agency) == ("so-noi-vu", liaison.commune)  # waits at the origin
    assert stored.due_at == parent.due_at  # the citizen's appointment does not change

    handover = DossierEvent.objects.get(dossier=parent, action="chuyen-so")
    assert (handover.giver_unit, handover.receiver_unit) == (liaison.commune, liaison.home_affairs)
    assert handover.details["linked"] == child.code
    [first] = DossierEvent.objects.filter(dossier=child)
    assert (first.action, first.giver_unit, first.receiver_unit, first.status_after) == (
        "receive",
        liaison.commune,
        liaison.home_affairs,
        4,
    )
    assert first.details == {"channel": "inter_agency", "origin": parent.code}
    assert AuditEntry.objects.filter(action="dossier.linked_opened", object_id=str(child.pk)).count() == 1
    opened = OutboxEvent.objects.get(topic="dossier.linked_opened")
    assert opened.payload["code"] == child.code and opened.payload["origin"] == parent.code


@pytest.mark.django_db
def test_nobody_acts_on_the_parent_while_its_child_is_open():
    liaison = make_liaison()
    parent, _child = _to_partner(liaison)
    for actor in (liaison.specialist, liaison.commune_specialist):
        with pytest.raises(Conflict) as refused:
            services.act(dossier=parent, action_code="co-quyet-dinh", actor=actor, at=_at(3))
        assert refused.value.code == "dossier.linked_pending"
        assert "Sở Nội vụ" in refused.value.message_vi and _child.code in refused.value.message_vi
    assert Dossier.objects.get(pk=parent.pk).step == "so-noi-vu"
    assert selectors.actions_for(Dossier.objects.get(pk=parent.pk), liaison.specialist) == []


@pytest.mark.django_db
def test_partner_acting_on_the_child_finishes_it_and_hands_the_parent_back():
    liaison = make_liaison()
    parent, child = _to_partner(liaison)
    assert [action.code for action in selectors.actions_for(child, liaison.specialist)] == ["co-quyet-dinh"]
    assert selectors.actions_for(child, liaison.commune_specialist) == []

    wednesday = dt.datetime(2025, 7, 9, 9, 0, tzinfo=MONDAY_MORNING.tzinfo)
    result = services.act(
        dossier=child,
        action_code="co-quyet-dinh",
        actor=liaison.specialist,
        note="Đã ban hành quyết định",
        at=wednesday,
        uploads=[files.Upload("quyet-dinh.pdf", PDF)],
    )
    assert result.pk == child.pk

    child = Dossier.objects.get(pk=child.pk)
    assert (child.national_status, child.finished_at, child.step) == (9, wednesday, "so-noi-vu")
    assert child.delivery_state == Dossier.DeliveryState.DELIVERED
    assert domain.timeliness(child.state(), at=wednesday, calendar=get_calendar()) == Timeliness.EARLY
    back = DossierEvent.objects.get(dossier=child, action="co-quyet-dinh")
    assert (back.giver, back.giver_unit, back.receiver_unit) == (
        liaison.specialist,
        liaison.home_affairs,
        liaison.commune,
    )
    assert back.step_result == DossierEvent.StepResult.EARLY
    assert back.step_due_at == child.due_at
    [paper] = DossierFile.objects.filter(dossier=child)
    assert (paper.kind, paper.name, paper.event_id) == (DossierFile.Kind.RESULT, "quyet-dinh.pdf", back.pk)

    parent = Dossier.objects.get(pk=parent.pk)
    assert (parent.step, parent.national_status, parent.current_agency) == ("tra-ket-qua", 9, liaison.commune)
    assert parent.finished_at is None
    moved = DossierEvent.objects.get(dossier=parent, action="co-quyet-dinh")
    assert (moved.giver, moved.giver_unit, moved.receiver_unit) == (
        liaison.specialist,
        liaison.home_affairs,
        liaison.commune,
    )
    assert moved.details["linked"] == child.code
    assert moved.step_result == DossierEvent.StepResult.EARLY
    assert not DossierFile.objects.filter(dossier=parent).exists()  # seen through the linked selector
    [row] = linked.linked_of(parent)
    assert [item.name for item in row.files] == ["quyet-dinh.pdf"]
    assert row.timeliness == Timeliness.EARLY

    topics = list(OutboxEvent.objects.values_list("topic", flat=True))
    assert topics.count("dossier.linked_closed") == 1
    assert "dossier.result_issued" in topics  # the parent's status 9 (published once, for the parent)
    closed = OutboxEvent.objects.get(topic="dossier.linked_closed")
    assert closed.payload["timeliness"] == "early"
    assert OutboxEvent.objects.filter(topic="dossier.result_issued").get().payload["code"] == parent.code

    returned = services.act(dossier=parent, action_code="tra-ket-qua", actor=liaison.receiver, at=wednesday)
    assert (returned.national_status, returned.step) == (10, "da-tra")


@pytest.mark.django_db
def test_child_handed_back_after_its_own_due_is_late_even_when_the_parent_is_not():
    liaison = make_liaison()
    parent, child = _to_partner(liaison)
    late = get_calendar().add_working_time(child.due_at, Decimal("1"))
    services.act(dossier=child, action_code="co-quyet-dinh", actor=liaison.specialist, at=late)
    child = Dossier.objects.get(pk=child.pk)
    parent = Dossier.objects.get(pk=parent.pk)
    assert domain.timeliness(child.state(), at=late, calendar=get_calendar()) == Timeliness.LATE
    # The parent's result is ready now (status 9), well before the citizen's due: early.
    assert parent.national_status == 9
    assert domain.timeliness(parent.state(), at=late, calendar=get_calendar()) == Timeliness.EARLY
    assert DossierEvent.objects.get(dossier=child, action="co-quyet-dinh").step_result == "late"


@pytest.mark.django_db
def test_acting_on_a_finished_child_is_refused():
    liaison = make_liaison()
    _parent, child = _to_partner(liaison)
    services.act(dossier=child, action_code="co-quyet-dinh", actor=liaison.specialist, at=_at(4))
    with pytest.raises(InvalidTransition):
        services.act(dossier=child, action_code="co-quyet-dinh", actor=liaison.specialist, at=_at(5))
    assert DossierEvent.objects.filter(dossier=child, action="co-quyet-dinh").count() == 1


@pytest.mark.django_db
def test_origin_officers_cannot_act_on_the_child():
    liaison = make_liaison()
    _parent, child = _to_partner(liaison)
    with pytest.raises(domain.ActionNotAllowed):
        services.act(dossier=child, action_code="co-quyet-dinh", actor=liaison.commune_specialist, at=_at(4))
    assert Dossier.objects.get(pk=child.pk).is_open


@pytest.mark.django_db
def test_partner_not_on_the_platform_opens_no_child_and_the_origin_records_its_part():
    liaison = make_liaison()
    liaison.home_affairs.is_active = False
    liaison.home_affairs.save()
    dossier = liaison.receive()
    dossier = services.act(dossier=dossier, action_code="chuyen-xu-ly", actor=liaison.receiver, at=_at(1))
    dossier = services.act(
        dossier=dossier, action_code="chuyen-so", actor=liaison.commune_specialist, at=_at(2)
    )
    assert not Dossier.objects.filter(origin=dossier).exists()
    assert dossier.current_agency == liaison.commune
    dossier = services.act(
        dossier=dossier, action_code="co-quyet-dinh", actor=liaison.commune_specialist, at=_at(3)
    )
    assert dossier.step == "tra-ket-qua"


def _birth(kind: str = Agency.Kind.OTHER) -> tuple[Liaison, Agency, Dossier]:
    """The birth–residence–health-insurance process: its partner steps name only a kind of agency."""
    liaison = make_liaison(process_document=linked_birth_process(), decided_by_partner=False)
    police = make_agency(
        liaison.province,
        identifier="000.00.41.H57",
        name="Công an phường Thuận Hóa",
        short_name="CA",
        kind=kind,
    )
    leader = make_officer(liaison.commune, Role.LEADER, full_name="Phạm Minh Châu")
    dossier = liaison.receive()
    dossier = services.act(dossier=dossier, action_code="chuyen-xu-ly", actor=liaison.receiver, at=_at(1))
    dossier = services.act(
        dossier=dossier, action_code="trinh-ky", actor=liaison.commune_specialist, at=_at(2)
    )
    liaison.leader = leader  # type: ignore[attr-defined]
    return liaison, police, dossier


@pytest.mark.django_db
def test_step_naming_a_kind_opens_a_child_at_the_partner_the_officer_chose():
    liaison, police, dossier = _birth()
    dossier = services.act(
        dossier=dossier,
        action_code="ky-chuyen-cong-an",
        actor=liaison.leader,  # type: ignore[attr-defined]
        at=_at(3),
        details={"partner_agency": police.identifier},
    )
    child = Dossier.objects.get(origin=dossier)
    assert (child.agency, child.step) == (police, "thuong-tru")
    assert child.code.startswith(police.identifier + "-")
    assert Dossier.objects.get(pk=dossier.pk).current_agency == liaison.commune
    assert DossierEvent.objects.get(dossier=dossier, action="ky-chuyen-cong-an").receiver_unit == police


@pytest.mark.django_db
def test_step_naming_a_kind_without_a_choice_stays_with_the_origin():
    liaison, _police, dossier = _birth()
    dossier = services.act(
        dossier=dossier,
        action_code="ky-chuyen-cong-an",
        actor=liaison.leader,
        at=_at(3),  # type: ignore[attr-defined]
    )
    assert not Dossier.objects.filter(origin=dossier).exists()
    assert dossier.current_agency == liaison.commune


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("chosen", "code"),
    [
        ("000.99.99.H57", "dossier.partner_agency_unknown"),
        ("000.00.31.H57", "dossier.partner_agency_is_origin"),
        ("000.00.03.H57", "dossier.partner_agency_wrong_kind"),  # Sở Nội vụ is a department
    ],
)
def test_a_wrong_partner_choice_is_refused_and_nothing_moves(chosen, code):
    liaison, _police, dossier = _birth()
    with pytest.raises(ValidationFailed) as refused:
        services.act(
            dossier=dossier,
            action_code="ky-chuyen-cong-an",
            actor=liaison.leader,  # type: ignore[attr-defined]
            at=_at(3),
            details={"partner_agency": chosen},
        )
    assert refused.value.code == code
    assert refused.value.field == "partner_agency"
    assert Dossier.objects.get(pk=dossier.pk).step == "ky-khai-sinh"
    assert not Dossier.objects.filter(origin=dossier).exists()


@pytest.mark.django_db
def test_naming_another_partner_than_the_process_names_is_refused():
    liaison = make_liaison()
    dossier = liaison.receive()
    dossier = services.act(dossier=dossier, action_code="chuyen-xu-ly", actor=liaison.receiver, at=_at(1))
    with pytest.raises(ValidationFailed) as refused:
        services.act(
            dossier=dossier,
            action_code="chuyen-so",
            actor=liaison.commune_specialist,
            at=_at(2),
            details={"partner_agency": "000.00.05.H57"},
        )
    assert refused.value.code == "dossier.partner_agency_fixed"


@pytest.mark.django_db
def test_two_partner_steps_in_a_row_open_a_second_child_when_the_first_is_handed_back():
    liaison, police, dossier = _birth()
    insurance = make_agency(
        liaison.province,
        identifier="000.00.42.H57",
        name="Bảo hiểm xã hội",
        short_name="BHXH",
        kind=Agency.Kind.OTHER,
    )
    police_officer = make_officer(police, Role.SPECIALIST, full_name="Đặng Văn Hải")
    dossier = services.act(
        dossier=dossier,
        action_code="ky-chuyen-cong-an",
        actor=liaison.leader,  # type: ignore[attr-defined]
        at=_at(3),
        details={"partner_agency": police.identifier},
    )
    first = Dossier.objects.get(origin=dossier)
    services.act(
        dossier=first,
        action_code="chuyen-bhxh",
        actor=police_officer,
        at=_at(4),
        details={"partner_agency": insurance.identifier},
    )
    second = Dossier.objects.get(origin=dossier, agency=insurance)
    assert (second.step, second.is_open) == ("bhyt", True)
    assert Dossier.objects.get(pk=first.pk).national_status == 9
    assert Dossier.objects.get(pk=dossier.pk).current_agency == liaison.commune
    assert [row.code for row in linked.linked_of(dossier)] == [first.code, second.code]


@pytest.mark.django_db
def test_partner_choices_list_active_agencies_of_the_kind_only_where_there_is_a_choice():
    liaison, police, dossier = _birth()
    gone = make_agency(
        liaison.province,
        identifier="000.00.43.H57",
        name="Cơ quan đã giải thể",
        short_name="CU",
        kind=Agency.Kind.OTHER,
    )
    Agency.objects.filter(pk=gone.pk).update(is_active=False)
    spec = selectors.process_spec_of(dossier)
    by_code = {action.code: action for action in spec.actions}
    assert list(linked.partner_choices(spec, by_code["ky-chuyen-cong-an"])) == [police]
    assert linked.partner_choices(spec, by_code["trinh-ky"]) is None
    merit = make_liaison_spec()
    assert linked.partner_choices(merit, next(a for a in merit.actions if a.code == "chuyen-so")) is None


def make_liaison_spec():
    from egov.procedures import selectors as procedure_selectors
    from tests.dossiers.interagency_setup import build_process

    return procedure_selectors.process_spec(build_process())


def _two_named_partners() -> dict:
    """LT-XA-SNV-12N with a second named partner step (Sở Tài chính) right after Sở Nội vụ's."""
    from egov.procedures.demo_catalogue.processes import action, merit_process, step

    document = merit_process()
    document["steps"].append(
        step(
            "so-tai-chinh",
            9,
            "Sở Tài chính cấp kinh phí",
            "other_agency",
            "specialist",
            8,
            4,
            other_agency=FINANCE,
        )
    )
    for item in document["actions"]:
        if item["code"] == "co-quyet-dinh":
            item["to"] = "so-tai-chinh"
    document["actions"].append(
        action("cap-kinh-phi", "Cấp kinh phí", "so-tai-chinh", "tra-ket-qua", ["specialist"])
    )
    return document


FINANCE = "000.00.05.H57"


@pytest.mark.django_db
def test_handed_back_straight_into_a_second_named_partner_the_parent_keeps_waiting_at_the_origin():
    province = make_agency(
        identifier="000.00.00.H57", name="Ủy ban nhân dân thành phố Huế", short_name="UBND"
    )
    finance = make_agency(province, identifier=FINANCE, name="Sở Tài chính", short_name="STC")
    liaison = make_liaison(process_document=_two_named_partners())
    finance_officer = make_officer(finance, Role.SPECIALIST, full_name="Lý Thị Nga")
    parent, child = _to_partner(liaison)
    services.act(dossier=child, action_code="co-quyet-dinh", actor=liaison.specialist, at=_at(3))
    second = Dossier.objects.get(origin=parent, agency=finance)
    waiting = Dossier.objects.get(pk=parent.pk)
    assert (waiting.step, waiting.current_agency) == ("so-tai-chinh", liaison.commune)
    assert second.due_at == get_calendar().add_working_time(_at(3), Decimal("8"))
    services.act(dossier=second, action_code="cap-kinh-phi", actor=finance_officer, at=_at(4))
    back = Dossier.objects.get(pk=parent.pk)
    assert (back.step, back.current_agency, back.national_status) == ("tra-ket-qua", liaison.commune, 9)


@pytest.mark.django_db
def test_stopping_the_parent_closes_its_open_child_with_the_same_status():
    from egov.dossiers.services import exceptions

    liaison = make_liaison()
    chairman = make_officer(liaison.commune, Role.LEADER, full_name="Phạm Minh Châu")
    parent, child = _to_partner(liaison)
    exceptions.stop(dossier=parent, actor=chairman, reason="Người đề nghị đã mất", at=_at(3))

    child = Dossier.objects.get(pk=child.pk)
    assert (child.national_status, child.closed_at, child.closure_status) == (8, _at(3), 8)
    assert parent.code in child.closure_reason and "Người đề nghị đã mất" in child.closure_reason
    row = DossierEvent.objects.get(dossier=child, action="origin_closed")
    assert (row.giver, row.giver_unit, row.receiver_unit) == (chairman, liaison.commune, liaison.home_affairs)
    assert OutboxEvent.objects.filter(topic="dossier.linked_closed", payload__code=child.code).count() == 1
    assert selectors.actions_for(child, liaison.specialist) == []
    with pytest.raises(InvalidTransition):
        services.act(dossier=child, action_code="co-quyet-dinh", actor=liaison.specialist, at=_at(4))
