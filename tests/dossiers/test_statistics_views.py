"""The leaders' statistics page /ho-so/thong-ke/: who may open it, what it shows, the Excel file."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from egov.dossiers.statistics import selectors
from egov.organizations.models import Agency, Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive
from tests.dossiers.statistics_factories import EARLY, LATE, ON_TIME, staff, walk_to_result
from tests.organizations.factories import make_agency

URL = "/ho-so/thong-ke/"
JULY = {"period": "2025-07"}


@pytest.fixture
def province(db):
    """A province committee with a department that receives and processes a procedure: three results
    (early, on time, late) and one dossier still open and long overdue."""
    root = make_agency(name="Ủy ban nhân dân tỉnh Thử Nghiệm", identifier="000.00.00.H58")
    department = make_agency(root, name="Sở Xây dựng")
    make_agency(root, name="Sở Tư pháp")
    counter = make_counter(agency_identifier=department.identifier)
    people = staff(counter)
    for moment in (EARLY, ON_TIME, LATE):
        walk_to_result(receive(counter), counter, people, finished_at=moment)
    receive(counter, received_at=MONDAY_MORNING + dt.timedelta(hours=1))
    return root, department, counter


def test_the_address_is_the_named_route():
    assert reverse("dossiers:statistics") == URL


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]


@pytest.mark.django_db
def test_a_specialist_may_not_open_the_statistics(client, province):
    _root, department, _counter = province
    client.force_login(make_officer(department, Role.SPECIALIST))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_a_leader_sees_received_finished_rate_and_overdue_with_the_inbox_link(client, province):
    _root, department, _counter = province
    client.force_login(make_officer(department, Role.LEADER))
    response = client.get(URL, {**JULY, "agency": department.pk})
    assert response.status_code == 200
    page = response.content.decode()
    report = response.context["report"]
    assert report.total.received == 4
    assert (report.total.finished_early, report.total.finished_on_time, report.total.finished_late) == (
        1,
        1,
        1,
    )
    assert report.total.open_overdue == 1
    assert "Sở Xây dựng" in page
    assert "Tháng 7/2025" in page
    assert "66,7" in page  # (1 + 1) / 3, written the Vietnamese way
    assert 'href="/ho-so/?tab=overdue"' in page


@pytest.mark.django_db
def test_a_division_head_of_the_province_sees_each_department_with_its_subtree(client, province):
    root, _department, _counter = province
    client.force_login(make_officer(root, Role.DIVISION_HEAD))
    response = client.get(URL, JULY)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.agency == root
    by_name = {row.label: row for row in report.rows}
    assert by_name["Sở Xây dựng"].figures.received == 4
    assert by_name["Sở Tư pháp"].figures.received == 0
    assert by_name[root.name].own and by_name[root.name].figures.received == 0
    assert report.total.received == 4


@pytest.mark.django_db
def test_a_leader_may_not_read_an_agency_outside_their_tree(client, province):
    _root, department, _counter = province
    other = make_agency(name="Ủy ban nhân dân tỉnh Khác", identifier="000.00.00.H59")
    client.force_login(make_officer(department, Role.LEADER))
    assert client.get(URL, {**JULY, "agency": other.pk}).status_code == 403
    assert client.get(URL, {**JULY, "agency": 987654}).status_code == 404


@pytest.mark.django_db
def test_by_procedure_lists_each_procedure_with_its_code(client, province):
    _root, department, counter = province
    client.force_login(make_officer(department, Role.LEADER))
    response = client.get(URL, {**JULY, "agency": department.pk, "by": "procedure"})
    assert response.status_code == 200
    rows = response.context["report"].rows
    assert [(row.code, row.figures.received) for row in rows] == [(counter.procedure.national_code, 4)]
    assert counter.procedure.national_code in response.content.decode()


@pytest.mark.django_db
def test_another_month_shows_no_receipts_but_the_same_open_dossiers(client, province):
    _root, department, _counter = province
    client.force_login(make_officer(department, Role.LEADER))
    response = client.get(URL, {"period": "2025-09", "agency": department.pk})
    total = response.context["report"].total
    assert (total.received, total.finished, total.open_overdue) == (0, 0, 1)


@pytest.mark.django_db
def test_a_malformed_period_is_shown_beside_the_field(client, province):
    _root, department, _counter = province
    client.force_login(make_officer(department, Role.LEADER))
    response = client.get(URL, {"period": "2025-13", "agency": department.pk})
    assert response.status_code == 400
    assert "field--error" in response.content.decode()


@pytest.mark.django_db
def test_the_excel_file_opens_and_holds_the_same_numbers(client, province):
    root, _department, _counter = province
    client.force_login(make_officer(root, Role.LEADER))
    response = client.get(URL, {"period": "2025-Q3", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "thong-ke-ho-so-000.00.00.H58-2025-Q3.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert "Quý III/2025" in rows[0][0]
    headers = rows[5]
    department_row = next(row for row in rows if row[0] == "Sở Xây dựng")
    total_row = next(row for row in rows if row[0] == "Tổng cộng")
    received = headers.index("Tổng số")  # the first "Tổng số" is the received column
    for row in (department_row, total_row):
        assert row[received] == 4
        assert row[headers.index("Trước hạn")] == 1
        assert row[headers.index("Tỉ lệ đúng hạn (%)")] == pytest.approx(66.7)
        assert row[headers.index("Chưa đến hạn") + 1] == 1  # open, overdue


@pytest.mark.django_db
def test_the_statistics_agencies_are_the_highest_ones_held():
    root = make_agency(name="Ủy ban nhân dân tỉnh", identifier="000.00.00.H60")
    department = make_agency(root, name="Sở Nội vụ")
    officer = make_officer(department, Role.LEADER)
    from tests.accounts.factories import add_role

    add_role(officer, root, Role.DIVISION_HEAD)
    assert selectors.statistics_agencies(officer) == [root]


@pytest.mark.django_db
def test_a_division_head_sees_the_statistics_of_the_department_above_the_division(client, province):
    root, department, _counter = province
    division = make_agency(department, name="Phòng Quản lý xây dựng", kind=Agency.Kind.DIVISION)
    client.force_login(make_officer(division, Role.DIVISION_HEAD))
    response = client.get(URL, JULY)
    assert response.status_code == 200
    assert response.context["report"].agency == department
    assert response.context["report"].total.received == 4
    assert client.get(URL, {**JULY, "agency": root.pk}).status_code == 403
