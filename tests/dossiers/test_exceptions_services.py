"""Exception use cases of the one-stop engine: forms 02–05, the withdrawal and the financial obligation
wait (services.exceptions, processing.act)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from egov.core.calendar_store import get_calendar
from egov.core.errors import Conflict, ValidationFailed
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers import domain, services
from egov.dossiers.domain import ActionNotAllowed, ExtensionRefused, InvalidTransition, Timeliness
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services import exceptions
from egov.organizations.models import Agency, Role
from egov.procedures.models import VersionAgency
from tests.accounts.factories import make_citizen, make_officer
from tests.dossiers.exceptions_factories import ITEMS, Office, commune_counter, hours, land_counter
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, make_counter, receive
from tests.organizations.factories import make_agency
from tests.procedures.factories import make_version_agency

pytestmark = pytest.mark.django_db

TUESDAY_MORNING = MONDAY_MORNING + dt.timedelta(days=1)


def _written(dossier: Dossier) -> tuple[int, int, int]:
    return (
        DossierEvent.objects.filter(dossier=dossier).count(),
        AuditEntry.objects.count(),
        OutboxEvent.objects.count(),
    )


def _topics(dossier: Dossier) -> list[str]:
    return list(
        OutboxEvent.objects.filter(object_id=str(dossier.pk))
        .order_by("created_at")
        .values_list("topic", flat=True)
    )


# --- Form 02 ------------------------------------------------------------------------------------


def test_supplement_request_pauses_the_clock_through_the_process_and_lists_every_item():
    office = Office()
    dossier = office.examining()
    due = dossier.due_at
    at = MONDAY_MORNING + hours(2)
    dossier = exceptions.request_supplement(
        dossier=dossier,
        actor=office.specialist,
        items=[*ITEMS, ("", "")],
        note="Liên hệ bộ phận một cửa",
        at=at,
    )
    assert (dossier.step, dossier.national_status) == ("bo-sung", 5)
    assert (dossier.paused_at, dossier.paused_for, dossier.due_at) == (at, 5, due)
    event = DossierEvent.objects.get(dossier=dossier, action="yeu-cau-bo-sung")
    assert event.details == {
        "form": "02",
        "items": [{"content": content, "reason": reason} for content, reason in ITEMS],
    }
    assert event.giver == office.specialist and event.note == "Liên hệ bộ phận một cửa"
    assert _topics(dossier).count("dossier.supplement_requested") == 1
    notice = OutboxEvent.objects.get(topic="dossier.supplement_requested")
    assert notice.payload["code"] == dossier.code
    assert notice.payload["details"]["items"][0]["content"] == ITEMS[0][0]
    assert AuditEntry.objects.filter(action="dossier.action", object_id=str(dossier.pk)).count() == 2


def test_supplement_request_without_items_is_refused_and_writes_nothing():
    office = Office()
    dossier = office.examining()
    written = _written(dossier)
    with pytest.raises(ValidationFailed) as refused:
        exceptions.request_supplement(
            dossier=dossier,
            actor=office.specialist,
            items=[("", ""), ("  ", "")],
            at=MONDAY_MORNING + hours(2),
        )
    assert refused.value.code == "dossier.supplement_items_required"
    assert refused.value.field == "items"
    assert _written(dossier) == written
    assert Dossier.objects.get(pk=dossier.pk).national_status == 4


def test_supplement_item_with_a_reason_but_no_content_is_refused():
    office = Office()
    dossier = office.examining()
    with pytest.raises(ValidationFailed) as refused:
        exceptions.request_supplement(
            dossier=dossier,
            actor=office.specialist,
            items=[("", "Thiếu chữ ký")],
            at=MONDAY_MORNING + hours(2),
        )
    assert refused.value.code == "dossier.supplement_item_without_content"
    assert "Dòng 1" in refused.value.message_vi


def test_second_supplement_request_while_one_is_pending_is_refused():
    office = Office()
    dossier = office.examining()
    exceptions.request_supplement(
        dossier=dossier, actor=office.specialist, items=ITEMS, at=MONDAY_MORNING + hours(2)
    )
    written = _written(dossier)
    with pytest.raises(Conflict) as refused:
        exceptions.request_supplement(
            dossier=dossier, actor=office.specialist, items=ITEMS[:1], at=MONDAY_MORNING + hours(3)
        )
    assert refused.value.code == "dossier.supplement_pending"
    assert "chỉ yêu cầu bổ sung một lần" in refused.value.message_vi
    assert _written(dossier) == written


def test_supplement_from_a_step_without_a_supplement_action_is_refused():
    office = Office()
    dossier = office.received()  # still "tiep-nhan": the demo process asks for supplements at "xu-ly"
    with pytest.raises(InvalidTransition) as refused:
        exceptions.request_supplement(dossier=dossier, actor=office.receiver, items=ITEMS, at=MONDAY_MORNING)
    assert refused.value.code == "dossier.supplement_not_in_process"
    assert "Tiếp nhận, kiểm tra hồ sơ" in refused.value.message_vi
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1


def test_supplement_by_an_officer_without_the_role_is_refused():
    office = Office()
    dossier = office.examining()
    with pytest.raises(ActionNotAllowed):
        exceptions.request_supplement(
            dossier=dossier, actor=office.receiver, items=ITEMS, at=MONDAY_MORNING + hours(2)
        )
    assert Dossier.objects.get(pk=dossier.pk).national_status == 4


def test_paused_supplement_time_is_never_charged():
    """Asked Monday 11:00, answered Thursday 11:00 (three working days later, after the first due):
    the due moves by exactly the paused working time, and the dossier is judged against that moved due."""
    office = Office()
    dossier = office.examining()
    due = dossier.due_at
    asked = MONDAY_MORNING + hours(2)
    answered = asked + dt.timedelta(days=3)
    exceptions.request_supplement(dossier=dossier, actor=office.specialist, items=ITEMS, at=asked)
    calendar = get_calendar()
    paused = Dossier.objects.get(pk=dossier.pk)
    # Judged while waiting (after the old due passed), the dossier is not overdue: the pause is not charged.
    assert answered > due
    assert domain.timeliness(paused.state(), at=answered, calendar=calendar) == Timeliness.NOT_YET_DUE
    resumed = services.act(dossier=dossier, action_code="nop-bo-sung", actor=office.receiver, at=answered)
    assert (resumed.step, resumed.national_status, resumed.paused_at) == ("xu-ly", 4, None)
    assert resumed.paused_hours == Decimal("24")
    assert (
        calendar.working_time_between(asked, resumed.due_at) == calendar.working_time_between(asked, due) + 24
    )
    assert "dossier.resumed" in _topics(resumed)


# --- Financial obligation (status 6): a step of the process ----------------------------------------


def test_financial_obligation_wait_pauses_the_clock_and_is_not_charged():
    counter = land_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    at = MONDAY_MORNING
    for code, actor in (("chuyen-xu-ly", counter.officer), ("chuyen-thue", specialist)):
        at += hours(1)
        dossier = services.act(dossier=dossier, action_code=code, actor=actor, at=at)
    due, original = dossier.due_at, dossier.original_due_at
    told = at + hours(1)
    dossier = services.act(dossier=dossier, action_code="thong-bao-thue", actor=specialist, at=told)
    assert (dossier.step, dossier.national_status) == ("nop-nghia-vu", 6)
    assert (dossier.paused_at, dossier.paused_for, dossier.due_at) == (told, 6, due)
    assert "dossier.financial_obligation_requested" in _topics(dossier)

    paid = told + dt.timedelta(days=14)  # two calendar weeks: ten working days, the whole legal time
    calendar = get_calendar()
    waiting = Dossier.objects.get(pk=dossier.pk)
    assert domain.timeliness(waiting.state(), at=paid, calendar=calendar) == Timeliness.NOT_YET_DUE
    dossier = services.act(dossier=dossier, action_code="da-nop-nghia-vu", actor=counter.officer, at=paid)
    assert (dossier.step, dossier.national_status, dossier.paused_at) == ("trinh-ky", 4, None)
    charged = calendar.working_time_between(told, paid)
    assert dossier.paused_hours == charged == Decimal("80")
    assert dossier.original_due_at > original
    assert calendar.working_time_between(told, dossier.original_due_at) == (
        calendar.working_time_between(told, original) + charged
    )
    assert "dossier.resumed" in _topics(dossier)


# --- Form 03 ------------------------------------------------------------------------------------


def test_receiver_refuses_a_dossier_with_reasons_and_it_is_closed():
    office = Office()
    dossier = office.received()
    at = MONDAY_MORNING + hours(1)
    dossier = exceptions.refuse(
        dossier=dossier,
        actor=office.receiver,
        reason="Thủ tục không thuộc thẩm quyền của UBND xã\nHồ sơ giả mạo chữ ký",
        at=at,
    )
    assert (dossier.national_status, dossier.closure_status, dossier.closed_at) == (3, 3, at)
    event = DossierEvent.objects.get(dossier=dossier, action="refuse")
    assert event.details["form"] == "03"
    assert event.details["reasons"] == ["Thủ tục không thuộc thẩm quyền của UBND xã", "Hồ sơ giả mạo chữ ký"]
    assert (event.status_before, event.status_after, event.giver_unit) == (2, 3, office.agency)
    notice = OutboxEvent.objects.get(topic="dossier.refused")
    assert notice.payload["code"] == dossier.code
    assert notice.payload["reasons"] == event.details["reasons"]
    assert AuditEntry.objects.filter(action="dossier.refused").count() == 1
    assert domain.timeliness(dossier.state(), at=at, calendar=get_calendar()) is None


def test_online_dossier_not_yet_accepted_may_be_refused():
    office = Office()
    citizen = make_citizen()
    received = services.receive(
        channel=Dossier.Channel.ONLINE,
        actor=citizen,
        owner=citizen,
        agency=office.agency,
        procedure=office.counter.procedure,
        applicant=APPLICANT,
        papers=office.counter.all_papers(),
        received_at=MONDAY_MORNING,
    )
    dossier = exceptions.refuse(
        dossier=received.dossier, actor=office.receiver, reason="Sai thủ tục", at=MONDAY_MORNING + hours(1)
    )
    assert dossier.national_status == 3
    assert DossierEvent.objects.get(dossier=dossier, action="refuse").status_before == 1


def test_leader_may_refuse_but_a_specialist_may_not():
    office = Office()
    dossier = office.examining()
    with pytest.raises(ActionNotAllowed) as refused:
        exceptions.refuse(
            dossier=dossier, actor=office.specialist, reason="Lý do", at=MONDAY_MORNING + hours(2)
        )
    assert refused.value.code == "dossier.refuse_not_allowed"
    assert Dossier.objects.get(pk=dossier.pk).closed_at is None
    dossier = exceptions.refuse(
        dossier=dossier, actor=office.leader, reason="Lý do", at=MONDAY_MORNING + hours(2)
    )
    assert dossier.national_status == 3


def test_refusal_without_a_reason_is_refused_and_writes_nothing():
    office = Office()
    dossier = office.received()
    written = _written(dossier)
    with pytest.raises(ValidationFailed) as refused:
        exceptions.refuse(dossier=dossier, actor=office.receiver, reason="   ", at=MONDAY_MORNING + hours(1))
    assert (refused.value.code, refused.value.field) == ("dossier.reason_required", "reason")
    assert _written(dossier) == written


def test_officer_of_another_agency_may_not_refuse():
    office = Office()
    outsider = make_officer(make_agency(name="UBND xã khác"), Role.RECEIVER)
    dossier = office.received()
    with pytest.raises(ActionNotAllowed):
        exceptions.refuse(dossier=dossier, actor=outsider, reason="Lý do", at=MONDAY_MORNING + hours(1))


# --- Form 04 ------------------------------------------------------------------------------------


def test_extension_moves_the_appointment_but_lateness_counts_against_the_original_due():
    office = Office()
    dossier = office.examining()
    due, original = dossier.due_at, dossier.original_due_at
    new_due = due + dt.timedelta(days=2)
    at = MONDAY_MORNING + hours(3)
    dossier = exceptions.apologise_and_extend(
        dossier=dossier, actor=office.specialist, new_due=new_due, reason="Chờ ý kiến cơ quan thuế", at=at
    )
    assert (dossier.due_at, dossier.original_due_at) == (new_due, original)
    assert dossier.extensions == [
        {"at": at.isoformat(), "previous_due": due.isoformat(), "new_due": new_due.isoformat(),
         "reason": "Chờ ý kiến cơ quan thuế"}
    ]  # fmt: skip
    event = DossierEvent.objects.get(dossier=dossier, action="extend")
    assert event.details["form"] == "04"
    assert event.details["old_due_at"] == due.isoformat()
    assert event.details["new_due_at"] == new_due.isoformat()
    notice = OutboxEvent.objects.get(topic="dossier.extended")
    assert (notice.payload["code"], notice.payload["new_due_at"]) == (dossier.code, new_due.isoformat())

    # Finished within the new appointment but after the original due: still late.
    calendar = get_calendar()
    finished = due + hours(1)
    assert domain.classify(finished_at=finished, due_at=dossier.original_due_at, calendar=calendar) == (
        Timeliness.LATE
    )
    assert (
        domain.timeliness(Dossier.objects.get(pk=dossier.pk).state(), at=finished, calendar=calendar)
        == Timeliness.OVERDUE
    )


@pytest.mark.parametrize(
    ("shift_days", "at_hours", "reason", "code"),
    [
        (2, 3, "", "dossier.extension_reason_required"),
        (-1, 3, "Chậm", "dossier.extension_not_later"),
        (5, 24 * 4, "Chậm", "dossier.extension_too_late"),
    ],
)
def test_extension_refusals_write_nothing(shift_days, at_hours, reason, code):
    office = Office()
    dossier = office.examining()
    written = _written(dossier)
    with pytest.raises(ExtensionRefused) as refused:
        exceptions.apologise_and_extend(
            dossier=dossier,
            actor=office.specialist,
            new_due=dossier.due_at + dt.timedelta(days=shift_days),
            reason=reason,
            at=MONDAY_MORNING + hours(at_hours),
        )
    assert refused.value.code == code
    assert _written(dossier) == written
    assert Dossier.objects.get(pk=dossier.pk).extensions == []


def test_extension_while_waiting_for_the_applicant_is_refused():
    office = Office()
    dossier = office.examining()
    exceptions.request_supplement(
        dossier=dossier, actor=office.specialist, items=ITEMS, at=MONDAY_MORNING + hours(2)
    )
    with pytest.raises(ExtensionRefused) as refused:
        exceptions.apologise_and_extend(
            dossier=dossier,
            actor=office.specialist,
            new_due=dossier.due_at + dt.timedelta(days=2),
            reason="Chậm",
            at=MONDAY_MORNING + hours(3),
        )
    assert refused.value.code == "dossier.extension_while_paused"


def test_officer_of_an_unrelated_agency_may_not_extend():
    office = Office()
    outsider = make_officer(make_agency(name="Sở khác"), Role.LEADER)
    dossier = office.examining()
    with pytest.raises(ActionNotAllowed) as refused:
        exceptions.apologise_and_extend(
            dossier=dossier,
            actor=outsider,
            new_due=dossier.due_at + dt.timedelta(days=1),
            reason="Chậm",
            at=MONDAY_MORNING + hours(3),
        )
    assert refused.value.code == "dossier.extend_not_allowed"


# --- Form 05 and the withdrawal -----------------------------------------------------------------


def test_leader_stops_a_dossier_with_form_05():
    office = Office()
    dossier = office.examining()
    at = MONDAY_MORNING + hours(3)
    dossier = exceptions.stop(
        dossier=dossier,
        actor=office.leader,
        reason="Có tranh chấp quyền sử dụng đất",
        legal_basis="khoản 2 Điều 22 Nghị định 118/2025/NĐ-CP",
        at=at,
    )
    assert (dossier.national_status, dossier.closure_status, dossier.closure_reason) == (
        8,
        8,
        "Có tranh chấp quyền sử dụng đất",
    )
    event = DossierEvent.objects.get(dossier=dossier, action="stop")
    assert event.details == {
        "form": "05",
        "legal_basis": "khoản 2 Điều 22 Nghị định 118/2025/NĐ-CP",
        "reason": "Có tranh chấp quyền sử dụng đất",
    }
    assert (
        OutboxEvent.objects.get(topic="dossier.stopped").payload["reason"]
        == "Có tranh chấp quyền sử dụng đất"
    )


def test_specialist_may_not_stop_a_dossier():
    office = Office()
    dossier = office.examining()
    with pytest.raises(ActionNotAllowed) as refused:
        exceptions.stop(
            dossier=dossier, actor=office.specialist, reason="Lý do", at=MONDAY_MORNING + hours(3)
        )
    assert refused.value.code == "dossier.stop_not_allowed"


def test_owner_withdraws_their_online_dossier():
    office = Office()
    citizen = make_citizen()
    received = services.receive(
        channel=Dossier.Channel.ONLINE,
        actor=citizen,
        owner=citizen,
        agency=office.agency,
        procedure=office.counter.procedure,
        applicant=APPLICANT,
        papers=office.counter.all_papers(),
        received_at=MONDAY_MORNING,
    )
    dossier = exceptions.withdraw(
        dossier=received.dossier, actor=citizen, reason="Không còn nhu cầu", at=MONDAY_MORNING + hours(1)
    )
    assert (dossier.national_status, dossier.closure_status) == (7, 7)
    event = DossierEvent.objects.get(dossier=dossier, action="withdraw")
    assert event.details == {"by_applicant": True, "reason": "Không còn nhu cầu"}
    assert event.giver_unit is None and event.giver == citizen
    assert OutboxEvent.objects.get(topic="dossier.withdrawn").payload["code"] == dossier.code


def test_receiver_records_a_withdrawal_on_the_applicants_behalf_but_another_citizen_may_not():
    office = Office()
    dossier = office.examining()
    with pytest.raises(ActionNotAllowed) as refused:
        exceptions.withdraw(dossier=dossier, actor=make_citizen(), reason="Rút", at=MONDAY_MORNING + hours(2))
    assert refused.value.code == "dossier.withdraw_not_allowed"
    dossier = exceptions.withdraw(
        dossier=dossier,
        actor=office.receiver,
        reason="Đơn xin rút hồ sơ ngày 07/7",
        at=MONDAY_MORNING + hours(2),
    )
    assert dossier.national_status == 7
    assert DossierEvent.objects.get(dossier=dossier, action="withdraw").details["by_applicant"] is False


# --- A closed dossier refuses everything --------------------------------------------------------


@pytest.mark.parametrize("closing", ["refuse", "stop", "withdraw"])
def test_closed_dossier_refuses_every_action(closing):
    office = Office()
    dossier = office.examining()
    at = MONDAY_MORNING + hours(2)
    actor = {"refuse": office.receiver, "stop": office.leader, "withdraw": office.receiver}[closing]
    getattr(exceptions, closing)(dossier=dossier, actor=actor, reason="Lý do đóng hồ sơ", at=at)
    written = _written(dossier)
    later = at + hours(1)
    attempts = [
        lambda: exceptions.request_supplement(
            dossier=dossier, actor=office.specialist, items=ITEMS, at=later
        ),
        lambda: exceptions.refuse(dossier=dossier, actor=office.receiver, reason="Lại", at=later),
        lambda: exceptions.stop(dossier=dossier, actor=office.leader, reason="Lại", at=later),
        lambda: exceptions.withdraw(dossier=dossier, actor=office.receiver, reason="Lại", at=later),
        lambda: exceptions.apologise_and_extend(
            dossier=dossier,
            actor=office.specialist,
            new_due=dossier.due_at + hours(8),
            reason="Lại",
            at=later,
        ),
        lambda: services.act(dossier=dossier, action_code="trinh-ky", actor=office.specialist, at=later),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidTransition) as refused:
            attempt()
        assert "Hồ sơ đã" in refused.value.message_vi
    assert _written(dossier) == written


def test_finished_dossier_cannot_be_refused():
    counter = make_counter()
    leader = make_officer(counter.agency, Role.LEADER)
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    for offset, (code, actor) in enumerate(
        [("chuyen-xu-ly", counter.officer), ("trinh-ky", specialist), ("ky-duyet", leader),
         ("tra-ket-qua", counter.officer)], start=1,
    ):  # fmt: skip
        dossier = services.act(
            dossier=dossier, action_code=code, actor=actor, at=MONDAY_MORNING + hours(offset)
        )
    with pytest.raises(InvalidTransition) as refused:
        exceptions.refuse(dossier=dossier, actor=counter.officer, reason="Lý do", at=TUESDAY_MORNING)
    assert refused.value.code == "dossier.finished"


def test_stop_of_an_online_dossier_not_yet_accepted_is_refused():
    office = Office()
    citizen = make_citizen()
    received = services.receive(
        channel=Dossier.Channel.ONLINE,
        actor=citizen,
        owner=citizen,
        agency=office.agency,
        procedure=office.counter.procedure,
        applicant=APPLICANT,
        papers=office.counter.all_papers(),
        received_at=MONDAY_MORNING,
    )
    with pytest.raises(InvalidTransition) as refused:
        exceptions.stop(
            dossier=received.dossier, actor=office.leader, reason="Lý do", at=MONDAY_MORNING + hours(1)
        )
    assert refused.value.code == "dossier.not_yet_received"
    assert (
        NationalStatus(Dossier.objects.get(pk=received.dossier.pk).national_status)
        == NationalStatus.REGISTERED
    )


# --- A dossier processed by a department (received at the service centre) ---------------------------


def _department_dossier():
    counter = commune_counter()
    department = make_agency(name="Sở Xây dựng", short_name="SXD", kind=Agency.Kind.DEPARTMENT)
    division = make_agency(parent=department, name="Phòng Quản lý nhà", kind=Agency.Kind.DIVISION)
    make_version_agency(counter.version, part=VersionAgency.Part.PROCESSING, agency=department)
    staff = {
        "specialist": make_officer(division, Role.SPECIALIST, full_name="Trần Văn Bình"),
        "head": make_officer(division, Role.DIVISION_HEAD, full_name="Lê Văn Hải"),
        "director": make_officer(department, Role.LEADER, full_name="Phạm Minh Châu"),
        "receiver": counter.officer,
    }
    dossier = receive(counter)
    dossier = services.act(
        dossier=dossier, action_code="chuyen-xu-ly", actor=counter.officer, at=MONDAY_MORNING + hours(1)
    )
    assert dossier.current_agency == department
    return dossier, staff, department, division


def test_department_specialist_in_a_division_asks_for_a_supplement_and_extends():
    dossier, staff, _department, division = _department_dossier()
    assert exceptions.available(dossier, staff["specialist"]) == {"supplement", "extend"}
    dossier = exceptions.apologise_and_extend(
        dossier=dossier,
        actor=staff["specialist"],
        new_due=dossier.due_at + dt.timedelta(days=1),
        reason="Chờ ý kiến phòng",
        at=MONDAY_MORNING + hours(2),
    )
    assert DossierEvent.objects.get(dossier=dossier, action="extend").giver_unit == division
    dossier = exceptions.request_supplement(
        dossier=dossier, actor=staff["specialist"], items=ITEMS, at=MONDAY_MORNING + hours(3)
    )
    assert dossier.national_status == 5


def test_department_roles_for_refusal_and_stop():
    dossier, staff, _department, _division = _department_dossier()
    with pytest.raises(ActionNotAllowed):
        exceptions.refuse(
            dossier=dossier, actor=staff["specialist"], reason="x", at=MONDAY_MORNING + hours(2)
        )
    assert exceptions.available(dossier, staff["receiver"]) >= {"refuse", "withdraw"}
    assert "stop" not in exceptions.available(dossier, staff["receiver"])
    assert {"refuse", "stop", "extend"} <= exceptions.available(dossier, staff["director"])
    dossier = exceptions.stop(
        dossier=dossier, actor=staff["head"], reason="Tranh chấp", at=MONDAY_MORNING + hours(2)
    )
    assert dossier.national_status == 8
    assert exceptions.available(dossier, staff["director"]) == frozenset()
