"""The inbox selectors (egov.dossiers.inbox): the SQL tabs agree with the plain rules, counts, scopes,
sort, pagination and filters."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from egov.core.calendar_store import get_calendar
from egov.dossiers import inbox
from egov.dossiers.domain.inbox import TAB_ORDER, Tab, moments, tabs_of
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency, Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive
from tests.organizations.factories import make_agency

pytestmark = pytest.mark.django_db

NOW = MONDAY_MORNING + dt.timedelta(days=3)  # Thursday 10 July 2025, 09:00
H = dt.timedelta(hours=1)
_copies = itertools.count(1)


def clone(dossier: Dossier, count: int, **fields: Any) -> list[Dossier]:
    """``count`` copies of ``dossier`` written at once (codes ``<code>-NNN``), with ``fields``."""
    values = Dossier.objects.filter(pk=dossier.pk).values().get()
    values.pop("id")
    values["idempotency_key"] = ""
    rows = []
    for _ in range(count):
        row = Dossier(**{**values, **fields})
        row.code = f"{dossier.code}-{next(_copies):04d}"
        rows.append(row)
    start = Dossier.objects.count()
    Dossier.objects.bulk_create(rows)
    assert Dossier.objects.count() == start + count
    return list(Dossier.objects.order_by("-pk")[:count])


def query(**changes: Any) -> inbox.InboxQuery:
    return inbox.InboxQuery(**changes)


def page_of(user, **changes: Any) -> inbox.Inbox:
    return inbox.inbox(user, query(**changes), now=NOW, calendar=get_calendar())


@pytest.fixture
def counter():
    return make_counter()


def _variety(counter) -> list[Dossier]:
    """Dossiers in every situation the tabs tell apart, written directly."""
    base = receive(counter)
    far = NOW + dt.timedelta(days=10)
    situations: list[dict[str, Any]] = [
        {"national_status": 2, "step": "tiep-nhan", "due_at": far},  # new
        {"national_status": 1, "step": "tiep-nhan", "due_at": NOW - H},  # new online, overdue
        {"national_status": 2, "step": "xu-ly", "due_at": far},  # received, past the first step
        {"national_status": 4, "step": "xu-ly", "due_at": far},  # in progress
        {"national_status": 4, "step": "xu-ly", "due_at": NOW + 2 * H},  # due soon
        {"national_status": 4, "step": "xu-ly", "due_at": NOW + 8 * H},  # Thursday 17:00: due soon
        {"national_status": 4, "step": "xu-ly", "due_at": NOW + 30 * H},  # Friday 15:00: 10.5 h away
        {"national_status": 4, "step": "xu-ly", "due_at": NOW - 3 * H},  # overdue
        {"national_status": 9, "step": "tra-ket-qua", "due_at": NOW - H},  # result ready, overdue
        {"national_status": 5, "step": "bo-sung", "due_at": NOW - H, "paused_at": NOW - 5 * H},  # waiting
        {"national_status": 6, "step": "nop", "due_at": far, "paused_at": NOW - H},  # waiting
        {"national_status": 4, "step": "xu-ly", "due_at": far, "paused_at": NOW - H},  # paused
        {"national_status": 10, "step": "da-tra", "due_at": NOW, "finished_at": NOW - 2 * H},  # finished
        {"national_status": 10, "step": "da-tra", "due_at": NOW, "finished_at": NOW - dt.timedelta(days=40)},
        {"national_status": 8, "step": "xu-ly", "due_at": NOW, "closed_at": NOW - dt.timedelta(days=2)},
        {"national_status": 3, "step": "tiep-nhan", "due_at": NOW, "closed_at": NOW - dt.timedelta(days=31)},
    ]
    made = [base]
    for situation in situations:
        made += clone(base, 1, **situation)
    return made


def test_sql_tabs_and_counts_agree_with_the_plain_rules(counter):
    dossiers = _variety(counter)
    initial = inbox.initial_step_codes()
    assert "tiep-nhan" in initial and "xu-ly" not in initial
    at = moments(NOW, get_calendar())
    tabs = inbox.TabFilters(at=at, initial_codes=initial)
    expected = {tab: set() for tab in TAB_ORDER}
    for dossier in Dossier.objects.filter(pk__in=[d.pk for d in dossiers]):
        for tab in tabs_of(inbox.facts(dossier, initial), at):
            expected[tab].add(dossier.code)
    base = inbox.scoped(counter.officer, "agency", [counter.agency])
    for tab in TAB_ORDER:
        assert set(base.filter(tabs.of(tab)).values_list("code", flat=True)) == expected[tab], tab
    assert inbox.counts(base, tabs) == {tab: len(codes) for tab, codes in expected.items()}
    open_only = inbox.counts(base, tabs, finished=False)  # what the open tabs' pages show
    assert open_only == {tab: None if tab == Tab.FINISHED else len(codes) for tab, codes in expected.items()}
    assert page_of(counter.officer).counts[Tab.FINISHED] is None
    assert page_of(counter.officer, tab=Tab.FINISHED).counts[Tab.FINISHED] == 2
    assert {tab: len(codes) for tab, codes in expected.items()} == {
        Tab.NEW: 3,  # the received one, the copy at the first step, the online one
        Tab.IN_PROGRESS: 7,
        Tab.DUE_SOON: 3,  # with the received one, due at NOW exactly
        Tab.OVERDUE: 3,
        Tab.WAITING: 3,
        Tab.FINISHED: 2,
    }


def test_counts_are_one_query(counter, django_assert_num_queries):
    _variety(counter)
    tabs = inbox.TabFilters(at=moments(NOW, get_calendar()), initial_codes=frozenset({"tiep-nhan"}))
    base = inbox.scoped(counter.officer, "agency", [counter.agency])
    with django_assert_num_queries(1):
        inbox.counts(base, tabs)


def test_an_officer_of_another_agency_sees_nothing(counter):
    _variety(counter)
    other = make_counter(agency_identifier="000.00.13.H57")
    result = page_of(other.officer, tab=Tab.IN_PROGRESS)
    assert result.agencies == [other.agency]
    assert sum(n or 0 for n in result.counts.values()) == 0
    assert result.rows == []
    citizen_like = make_officer(None, "")
    assert inbox.inbox_agencies(citizen_like) == []
    assert sum(n or 0 for n in page_of(citizen_like).counts.values()) == 0
    assert sum(n or 0 for n in page_of(citizen_like, scope="mine").counts.values()) == 0


def test_a_member_of_a_division_sees_the_departments_dossiers(counter):
    department = make_agency(make_agency(name="UBND tỉnh"), name="Sở Xây dựng")
    division = make_agency(department, kind=Agency.Kind.DIVISION, name="Phòng Quản lý xây dựng")
    specialist = make_officer(division, Role.SPECIALIST)
    dossier = receive(counter)
    Dossier.objects.filter(pk=dossier.pk).update(current_agency=department, national_status=4, step="xu-ly")
    agencies = inbox.inbox_agencies(specialist)
    assert [agency.pk for agency in agencies] == [department.pk, division.pk]
    assert page_of(specialist).counts[Tab.IN_PROGRESS] == 1
    assert [row.dossier.pk for row in page_of(specialist).rows] == [dossier.pk]


def test_mine_is_what_is_assigned_to_me_wherever_it_is(counter):
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    first, second = receive(counter), receive(counter)
    Dossier.objects.filter(pk__in=[first.pk, second.pk]).update(national_status=4, step="xu-ly")
    Dossier.objects.filter(pk=first.pk).update(assignee=specialist)
    mine = page_of(specialist, scope="mine")
    assert [row.dossier.pk for row in mine.rows] == [first.pk]
    assert mine.counts[Tab.IN_PROGRESS] == 1
    assert page_of(specialist, scope="agency").counts[Tab.IN_PROGRESS] == 2


def test_sort_by_due_both_ways_and_by_receipt(counter):
    base = receive(counter)
    Dossier.objects.filter(pk=base.pk).update(national_status=4, step="xu-ly")
    late = clone(base, 1, due_at=NOW + 30 * H, received_at=MONDAY_MORNING - 48 * H)[0]
    soon = clone(base, 1, due_at=NOW - 1 * H, received_at=MONDAY_MORNING - 24 * H)[0]
    base.refresh_from_db()
    officer = counter.officer
    assert [row.dossier.pk for row in page_of(officer, sort="due").rows] == [soon.pk, base.pk, late.pk]
    assert [row.dossier.pk for row in page_of(officer, sort="-due").rows] == [late.pk, base.pk, soon.pk]
    assert [row.dossier.pk for row in page_of(officer, sort="received").rows] == [base.pk, soon.pk, late.pk]


def test_pages_of_25_and_the_last_page_when_asked_beyond(counter):
    base = receive(counter)
    Dossier.objects.filter(pk=base.pk).update(national_status=4, step="xu-ly")
    clone(base, 29)
    first = page_of(counter.officer)
    assert first.counts[Tab.IN_PROGRESS] == 30
    assert len(first.rows) == 25 and first.page.has_next()
    second = page_of(counter.officer, page=2)
    assert len(second.rows) == 5
    assert {row.dossier.pk for row in first.rows}.isdisjoint({row.dossier.pk for row in second.rows})
    assert page_of(counter.officer, page=9).page.number == 2


def test_filter_by_procedure_and_by_code_prefix_or_applicant_name(counter):
    other_counter = make_counter()  # a second procedure received at the same agency
    first = receive(counter)
    second = receive(other_counter, applicant={"full_name": "Trần Văn Nam"})
    Dossier.objects.filter(pk__in=[first.pk, second.pk]).update(national_status=4, step="xu-ly")
    officer = counter.officer
    by_procedure = page_of(officer, procedure=counter.procedure.national_code)
    assert [row.dossier.pk for row in by_procedure.rows] == [first.pk]
    assert set(dict(by_procedure.procedures)) == {
        counter.procedure.national_code,
        other_counter.procedure.national_code,
    }
    assert [row.dossier.pk for row in page_of(officer, text=second.code.lower()).rows] == [second.pk]
    assert [row.dossier.pk for row in page_of(officer, text="Văn Nam").rows] == [second.pk]
    assert page_of(officer, text="Văn Nam").counts[Tab.IN_PROGRESS] == 1


def test_rows_carry_the_step_name_and_the_badge(counter):
    dossier = receive(counter)
    Dossier.objects.filter(pk=dossier.pk).update(national_status=4, step="xu-ly", due_at=NOW - 48 * H)
    row = page_of(counter.officer, tab=Tab.OVERDUE).rows[0]
    assert row.step_name == "Thẩm định, xử lý"
    assert (row.badge.kind, row.badge.amount) == ("overdue", 2)


def test_parse_falls_back_to_defaults():
    parsed = inbox.parse({"tab": "nope", "scope": "x", "sort": "y", "page": "-3", "q": "  a   b "})
    assert parsed == inbox.InboxQuery(text="a b")
    assert inbox.parse({"tab": "overdue", "scope": "mine", "sort": "-due", "page": "2"}) == inbox.InboxQuery(
        tab=Tab.OVERDUE, scope="mine", sort="-due", page=2
    )


def test_finished_tab_lists_the_most_recently_ended_first(counter):
    base = receive(counter)
    closed = clone(base, 1, national_status=8, closed_at=NOW - 2 * H)[0]
    finished = clone(base, 1, national_status=10, finished_at=NOW - 1 * H)[0]
    older = clone(base, 1, national_status=10, finished_at=NOW - 50 * H)[0]
    rows = page_of(counter.officer, tab=Tab.FINISHED).rows
    assert [row.dossier.pk for row in rows] == [finished.pk, closed.pk, older.pk]
    assert all(row.badge is None for row in rows)
