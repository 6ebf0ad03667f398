"""The inbox page /ho-so/: tabs and counts, rows with the Vietnamese due moment and badge, GET
parameters, permission, the header links, and a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from egov.dossiers import views_inbox
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from tests.accounts.factories import make_citizen, make_officer
from tests.dossiers.factories import MONDAY_MORNING, make_counter, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp", "_thursday")]

NOW = MONDAY_MORNING + dt.timedelta(days=3)  # Thursday 10 July 2025, 09:00
H = dt.timedelta(hours=1)
_copies = itertools.count(1)


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


@pytest.fixture
def _thursday(monkeypatch):
    monkeypatch.setattr(views_inbox, "_now", lambda: NOW)


def clone(dossier: Dossier, count: int, **fields: Any) -> None:
    values = Dossier.objects.filter(pk=dossier.pk).values().get()
    values.pop("id")
    values["idempotency_key"] = ""
    rows = [
        Dossier(**{**values, **fields, "code": f"{dossier.code}-{next(_copies):04d}"}) for _ in range(count)
    ]
    Dossier.objects.bulk_create(rows)


def _in_progress(counter, **fields: Any) -> Dossier:
    dossier = receive(counter)
    Dossier.objects.filter(pk=dossier.pk).update(national_status=4, step="xu-ly", **fields)
    dossier.refresh_from_db()
    return dossier


def test_inbox_lists_the_agencys_dossiers_with_tabs_counts_and_vietnamese_due(client):
    counter = make_counter()
    overdue = _in_progress(counter, due_at=NOW - 48 * H)
    receive(counter)  # new, due Thursday 09:00 = now: due soon
    client.force_login(counter.officer)
    response = client.get(reverse("dossiers:inbox"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hộp hồ sơ" in page
    assert re.search(r'data-tab="new">Mới tiếp nhận <span class="badge">1</span>', page)
    assert re.search(r'data-tab="overdue">Quá hạn <span class="badge">1</span>', page)
    assert re.search(r'data-tab="due_soon">Sắp đến hạn <span class="badge">1</span>', page)
    assert reverse("dossiers:detail", args=[overdue.code]) in page
    assert "Thẩm định, xử lý" in page  # the step by its name
    assert "09 giờ 00 phút, ngày 08 tháng 7 năm 2025" in page
    assert ">quá hạn 2 ngày</span>" in page
    assert "Chưa phân công" in page
    assert reverse("dossiers:counter_intake") in page  # a receiver gets the intake link


def test_overdue_tab_by_get_parameters_and_the_hours_left_badge(client):
    counter = make_counter()
    late = _in_progress(counter, due_at=NOW - H)
    soon = _in_progress(counter, due_at=NOW + 3 * H)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:inbox"), {"tab": "overdue", "scope": "agency"}).content.decode()
    assert late.code in page and soon.code not in page
    assert ">quá hạn 1 ngày</span>" in page
    page = client.get(reverse("dossiers:inbox"), {"tab": "due_soon"}).content.decode()
    assert soon.code in page and late.code not in page
    assert ">còn 3 giờ</span>" in page


def test_page_two_keeps_the_tab_and_sort(client):
    counter = make_counter()
    first = _in_progress(counter, due_at=NOW + 100 * H)
    clone(first, 29)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:inbox"), {"tab": "in_progress", "sort": "-due"}).content.decode()
    assert page.count('href="/ho-so/000.00.12.H57-') == 25
    assert "page=2" in page and "sort=-due" in page and "tab=in_progress" in page
    second = client.get(reverse("dossiers:inbox"), {"tab": "in_progress", "sort": "-due", "page": "2"})
    assert second.content.decode().count('href="/ho-so/000.00.12.H57-') == 5


def test_mine_lists_only_my_dossiers(client):
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    mine = _in_progress(counter, assignee=specialist)
    other = _in_progress(counter)
    client.force_login(specialist)
    page = client.get(reverse("dossiers:inbox"), {"scope": "mine"}).content.decode()
    assert mine.code in page and other.code not in page
    page = client.get(reverse("dossiers:inbox")).content.decode()
    assert mine.code in page and other.code in page
    assert reverse("dossiers:counter_intake") not in page  # a specialist does not receive


def test_officer_of_another_agency_sees_none_and_a_citizen_is_refused(client):
    counter = make_counter()
    dossier = _in_progress(counter)
    stranger = make_counter(agency_identifier="000.00.13.H57").officer
    client.force_login(stranger)
    page = client.get(reverse("dossiers:inbox")).content.decode()
    assert dossier.code not in page
    assert "Không có hồ sơ nào." in page
    client.force_login(make_citizen())
    assert client.get(reverse("dossiers:inbox")).status_code == 403


def test_sign_in_is_required(client):
    response = client.get(reverse("dossiers:inbox"))
    assert response.status_code == 302


def test_header_links_for_officers_only(client):
    counter = make_counter()
    client.force_login(counter.officer)
    page = client.get(reverse("web:home")).content.decode()
    assert 'href="/ho-so/">Hộp hồ sơ</a>' in page
    assert 'href="/ho-so/?scope=mine">Hồ sơ của tôi</a>' in page
    assert 'href="/ho-so/tiep-nhan/">Tiếp nhận hồ sơ</a>' in page
    client.force_login(make_citizen())
    assert "Hộp hồ sơ" not in client.get(reverse("web:home")).content.decode()


def test_the_inbox_page_costs_the_same_queries_for_60_dossiers_as_for_2(
    client, django_assert_max_num_queries
):
    """Session, user, calendar version (in a savepoint), memberships, initial steps, the tab counts,
    the rows, their step names, the procedure filter, the header's roles: 11, whatever the size."""
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    first = _in_progress(counter, due_at=NOW + 50 * H, assignee=specialist)
    clone(first, 1)
    client.force_login(counter.officer)
    client.get(reverse("dossiers:inbox"))  # warm the session, calendar and province caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("dossiers:inbox")).status_code == 200
    clone(first, 58)
    # 13: the page picks its 25 ids from the dossier table before joining them (bench/inbox.py).
    with django_assert_max_num_queries(13), CaptureQueriesContext(connection) as many:
        response = client.get(reverse("dossiers:inbox"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/ho-so/000.00.12.H57-') == 25
    assert len(many.captured_queries) == len(few.captured_queries)
