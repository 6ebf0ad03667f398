"""Pages of forms 06 and 07: the control form PDF, the tracking book page and its PDF and Excel."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from egov.dossiers import views_register
from egov.organizations.models import Role
from tests.accounts.factories import make_citizen, make_officer
from tests.dossiers.factories import MONDAY_MORNING
from tests.dossiers.register_factories import (
    make_department_office,
    make_office,
    pdf_text,
    received,
    walk,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]

JULY = {"start": "2025-07-01", "end": "2025-07-31"}


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _july(office, **extra):
    return {"agency": office.counter.agency.identifier, **JULY, **extra}


# --- Form 06 ------------------------------------------------------------------------------------


def test_control_form_pdf_lists_the_hand_overs(client):
    office = make_office()
    dossier = walk(office, received(office), ("chuyen-xu-ly", "trinh-ky"))
    client.force_login(office.specialist)

    response = client.get(reverse("dossiers:control_pdf", args=[dossier.code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"phieu-kiem-soat-{dossier.code}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text.upper()
    assert "10 giờ 00 phút, ngày 07 tháng 7 năm 2025" in text
    assert "Trần Văn Bình" in text


def test_control_form_pdf_is_refused_to_an_officer_of_another_agency(client):
    office = make_office()
    dossier = received(office)
    stranger = make_office(agency_identifier="000.00.13.H57").counter.officer
    client.force_login(stranger)

    assert client.get(reverse("dossiers:control_pdf", args=[dossier.code])).status_code == 403


def test_control_form_pdf_of_an_unknown_code_is_not_found(client):
    office = make_office()
    client.force_login(office.counter.officer)

    assert client.get(reverse("dossiers:control_pdf", args=["KHONG-CO"])).status_code == 404


# --- Form 07 ------------------------------------------------------------------------------------


def test_register_page_defaults_to_this_month_and_the_officers_agency(client):
    office = make_office()
    client.force_login(office.counter.officer)

    response = client.get(reverse("dossiers:register"))

    assert response.status_code == 200
    first, last = views_register.this_month(timezone.localdate())
    form = response.context["form"]
    assert form.cleaned_data["start"] == first
    assert form.cleaned_data["end"] == last
    assert response.context["agency"] == office.counter.agency


def test_register_page_shows_the_rows_and_links_to_pdf_and_excel(client):
    office = make_office()
    dossier = walk(office, received(office))
    client.force_login(office.leader)

    response = client.get(reverse("dossiers:register"), _july(office))

    assert response.status_code == 200
    html = response.content.decode()
    assert dossier.code in html
    assert "Nguyễn Thị Hương" in html
    assert "09:00 07/07/2025" in html
    assert f"/so-theo-doi.pdf?agency={office.counter.agency.identifier}" in html
    assert f"/so-theo-doi.xlsx?agency={office.counter.agency.identifier}" in html
    assert "start=2025-07-01" in html


def test_register_page_is_paginated(client, monkeypatch):
    monkeypatch.setattr(views_register, "PAGE_SIZE", 2)
    office = make_office()
    codes = [received(office, received_at=MONDAY_MORNING + dt.timedelta(minutes=n)).code for n in range(3)]
    client.force_login(office.counter.officer)

    first = client.get(reverse("dossiers:register"), _july(office))
    second = client.get(reverse("dossiers:register"), _july(office, page=2))

    assert [row[1] for row in first.context["rows"]] == codes[:2]
    assert [row[1] for row in second.context["rows"]] == codes[2:]
    assert second.context["rows"][0][0] == "3"  # numbering goes on across pages
    assert "page=2" in first.content.decode()


def test_register_pdf_and_excel_hold_the_book(client):
    office = make_office()
    dossier = walk(office, received(office))
    client.force_login(office.counter.officer)

    pdf = client.get(reverse("dossiers:register_pdf"), _july(office))
    xlsx = client.get(reverse("dossiers:register_xlsx"), _july(office))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "SỔ THEO DÕI HỒ SƠ" in text.upper()
    assert dossier.code in text.replace(" ", "")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-theo-doi-000.00.12.H57-20250701-20250731.xlsx" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B7"].value == dossier.code
    assert sheet["H7"].value == dt.datetime(2025, 7, 7, 9, 0)


def test_register_of_another_agency_is_refused(client):
    office = make_office()
    other = make_office(agency_identifier="000.00.13.H57")
    client.force_login(other.counter.officer)

    for name in ("dossiers:register", "dossiers:register_pdf", "dossiers:register_xlsx"):
        assert client.get(reverse(name), _july(office)).status_code == 403


def test_register_is_refused_to_a_citizen_and_an_officer_without_a_dossier_role(client):
    office = make_office()
    clerk = make_officer(office.counter.agency, Role.CLERK)
    for user in (make_citizen(), clerk):
        client.force_login(user)
        assert client.get(reverse("dossiers:register"), _july(office)).status_code == 403


def test_division_specialist_may_open_the_departments_book(client):
    office = make_department_office()
    dossier = walk(office, received(office), ("chuyen-xu-ly",))
    client.force_login(office.specialist)

    response = client.get(reverse("dossiers:register"), {"agency": office.department.identifier, **JULY})

    assert response.status_code == 200
    assert dossier.code in response.content.decode()


def test_period_ending_before_it_starts_is_shown_beside_the_field(client):
    office = make_office()
    client.force_login(office.counter.officer)

    response = client.get(
        reverse("dossiers:register"),
        {"agency": office.counter.agency.identifier, "start": "2025-07-31", "end": "2025-07-01"},
    )

    assert response.status_code == 400
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu." in response.content.decode()
    xlsx = client.get(
        reverse("dossiers:register_xlsx"),
        {"agency": office.counter.agency.identifier, "start": "2025-07-31", "end": "2025-07-01"},
    )
    assert xlsx.status_code == 400


def test_this_month_ends_on_the_months_last_day():
    assert views_register.this_month(dt.date(2025, 2, 14)) == (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    assert views_register.this_month(dt.date(2024, 12, 31)) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))


def test_dossier_page_links_to_its_control_form(client):
    office = make_office()
    dossier = received(office)
    client.force_login(office.counter.officer)

    response = client.get(reverse("dossiers:detail", args=[dossier.code]))

    assert reverse("dossiers:control_pdf", args=[dossier.code]) in response.content.decode()
