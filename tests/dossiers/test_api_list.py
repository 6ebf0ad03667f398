"""GET /api/v1/dossiers: only the dossiers the caller may open, filtered, ordered, paged by cursor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from egov.dossiers import selectors, services
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency, Role
from tests.accounts.factories import make_officer
from tests.dossiers.api_setup import api
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive
from tests.organizations.factories import make_agency

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY_MORNING + dt.timedelta(days=1)


def _codes(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def province():  # type: ignore[no-untyped-def]
    """Province P with departments A (a division D below it) and B, a counter at A and at B."""
    top = make_agency(name="Ủy ban nhân dân tỉnh")
    a = make_agency(top, name="Sở Xây dựng")
    b = make_agency(top, name="Sở Tư pháp")
    division = make_agency(a, name="Phòng Quản lý xây dựng", kind=Agency.Kind.DIVISION)
    at_a = make_counter(agency_identifier=a.identifier)
    at_b = make_counter(agency_identifier=b.identifier)
    return {
        "top": top,
        "a": at_a,
        "b": at_b,
        "division": division,
        "a1": receive(at_a),
        "a2": receive(at_a, received_at=TUESDAY),
        "b1": receive(at_b),
    }


def test_each_officer_sees_exactly_the_dossiers_they_may_open(province):
    a, b = province["a"], province["b"]
    leader = make_officer(province["top"], Role.LEADER)
    specialist_below = make_officer(province["division"], Role.SPECIALIST)
    nobody = make_officer(None, "")
    everything = list(Dossier.objects.all())
    expectations = {
        a.officer: {province["a1"].code, province["a2"].code},
        b.officer: {province["b1"].code},
        leader: {dossier.code for dossier in everything},
        specialist_below: {province["a1"].code, province["a2"].code},
        nobody: set(),
    }
    for user, expected in expectations.items():
        seen = set(_codes(api(user).get("/api/v1/dossiers")))
        assert seen == expected, user.username
        assert seen == {dossier.code for dossier in everything if selectors.may_view(user, dossier)}


def test_filters_by_agency_procedure_status_step_and_dates(province):
    a, b = province["a"], province["b"]
    leader = make_officer(province["top"], Role.LEADER)
    services.act(dossier=province["a1"], action_code="chuyen-xu-ly", actor=a.officer, at=MONDAY_MORNING)
    client = api(leader)
    a1, a2, b1 = province["a1"].code, province["a2"].code, province["b1"].code
    cases = {
        f"agency={a.agency.identifier}": {a1, a2},
        f"current_agency={b.agency.identifier}": {b1},
        f"procedure={b.procedure.national_code}": {b1},
        "status=4": {a1},
        "status=2&status=4": {a1, a2, b1},
        "step=xu-ly": {a1},
        "step=tiep-nhan": {a2, b1},
        "channel=counter": {a1, a2, b1},
        "channel=postal": set(),
        "received_from=2025-07-08": {a2},
        "received_to=2025-07-07": {a1, b1},
        "received_from=2025-07-07&received_to=2025-07-07": {a1, b1},
    }
    for query, expected in cases.items():
        assert set(_codes(client.get(f"/api/v1/dossiers?{query}"))) == expected, query


def test_overdue_and_assigned_to_me(province):
    a = province["a"]
    fresh = receive(a, received_at=timezone.now())
    Dossier.objects.filter(pk=province["a2"].pk).update(assignee=a.officer)
    client = api(a.officer)
    assert set(_codes(client.get("/api/v1/dossiers?overdue=true"))) == {
        province["a1"].code,
        province["a2"].code,
    }
    assert _codes(client.get("/api/v1/dossiers?overdue=false")) == [fresh.code]
    assert _codes(client.get("/api/v1/dossiers?assigned_to_me=true")) == [province["a2"].code]
    [row] = client.get("/api/v1/dossiers?assigned_to_me=true").json()["results"]
    assert row["overdue"] is True
    assert row["assignee"]["username"] == a.officer.username
    assert row["step"] == {"code": "tiep-nhan", "name": "Tiếp nhận hồ sơ"}


def test_ordering_and_cursor_pages(province):
    client = api(province["a"].officer)
    by_received = _codes(client.get("/api/v1/dossiers?ordering=-received_at"))
    assert by_received == [province["a2"].code, province["a1"].code]
    first = client.get("/api/v1/dossiers?ordering=received_at&page_size=1").json()
    assert [row["code"] for row in first["results"]] == [province["a1"].code]
    second = client.get(first["next"]).json()
    assert [row["code"] for row in second["results"]] == [province["a2"].code]
    assert second["next"] is None


def test_bad_parameters_are_problems_with_fields(province):
    client = api(province["a"].officer)
    unknown = client.get("/api/v1/dossiers?agency=000.00.99.H99")
    assert unknown.status_code == 400
    assert (unknown.json()["code"], unknown.json()["field"]) == ("dossier.agency_unknown", "agency")
    for query, field in [
        ("status=11", "status"),
        ("ordering=code", "ordering"),
        ("received_from=2025-07-09&received_to=2025-07-08", "received_to"),
    ]:
        response = client.get(f"/api/v1/dossiers?{query}")
        assert response.status_code == 400, query
        assert field in response.json()["errors"], query


def test_list_costs_the_same_queries_for_three_or_thirty_dossiers(province, django_assert_max_num_queries):
    leader = make_officer(province["top"], Role.LEADER)
    client = api(leader)
    with django_assert_max_num_queries(4):
        assert len(_codes(client.get("/api/v1/dossiers"))) == 3
    for index in range(27):
        receive(province["b" if index % 2 else "a"], received_at=TUESDAY + dt.timedelta(minutes=index))
    specialist = make_officer(province["a"].agency, Role.SPECIALIST)
    Dossier.objects.update(assignee=specialist)
    with django_assert_max_num_queries(4):
        assert len(_codes(client.get("/api/v1/dossiers"))) == 30


def test_list_needs_sign_in():
    response = api().get("/api/v1/dossiers")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Basic realm="egov"'
