"""Officer pages of the counter: intake, the dossier page and form 01 as PDF."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from egov.dossiers import views
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import APPLICANT, make_counter, receive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_receipt_pdf_is_form_01_with_the_dossier_code(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    response = client.get(reverse("dossiers:receipt_pdf", args=[dossier.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert dossier.code in text
    assert "Nguyễn Thị Hương" in text


def test_receipt_pdf_is_refused_to_an_officer_of_another_agency(client):
    dossier = receive(make_counter())
    stranger = make_counter(agency_identifier="000.00.13.H57").officer
    client.force_login(stranger)
    assert client.get(reverse("dossiers:receipt_pdf", args=[dossier.code])).status_code == 403


def test_receipt_pdf_needs_sign_in(client):
    dossier = receive(make_counter())
    response = client.get(reverse("dossiers:receipt_pdf", args=[dossier.code]))
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]


def test_unknown_code_is_not_found(client):
    counter = make_counter()
    client.force_login(counter.officer)
    assert client.get(reverse("dossiers:detail", args=["000.00.12.H57-250707-9999"])).status_code == 404


def test_dossier_page_shows_code_due_moment_in_vietnamese_and_timeline(client):
    counter = make_counter()
    dossier = receive(counter)
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    client.force_login(specialist)
    response = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert dossier.code in page
    # Monday 09:00 + 24 working hours: 6.5 on Monday, 8 on Tuesday and Wednesday, 1.5 on Thursday.
    assert "09 giờ 00 phút, ngày 10 tháng 7 năm 2025" in page
    assert "Được tiếp nhận" in page
    assert "<dd>Tiếp nhận hồ sơ</dd>" in page  # the current step by its name, not its code
    assert "Lê Thị Mai" in page  # the receiving officer on the first timeline row
    assert reverse("dossiers:receipt_pdf", args=[dossier.code]) in page


def test_intake_lists_the_papers_of_the_chosen_procedure(client):
    counter = make_counter()
    client.force_login(counter.officer)
    response = client.get(reverse("dossiers:counter_intake"), {"procedure": counter.procedure.national_code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bản sao giấy chứng nhận quyền sử dụng đất" in page
    assert "Ảnh chụp hiện trạng (không bắt buộc)" in page


def _intake_post(counter, **changes):
    data = {
        "procedure": counter.procedure.national_code,
        "agency": str(counter.agency.pk),
        **APPLICANT,
        "papers": [str(paper.pk) for paper in counter.version.papers.all()],
    }
    data.update(changes)
    return data


def test_intake_receives_and_redirects_to_the_dossier_page(client):
    counter = make_counter()
    client.force_login(counter.officer)
    response = client.post(reverse("dossiers:counter_intake"), _intake_post(counter))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    assert dossier.received_by == counter.officer


def test_intake_shows_missing_papers_beside_the_paper_list(client):
    counter = make_counter()
    client.force_login(counter.officer)
    response = client.post(reverse("dossiers:counter_intake"), _intake_post(counter, papers=[]))
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc" in response.content.decode()
    assert response.context["intake_form"].errors["papers"]
    assert not Dossier.objects.exists()


def test_intake_shows_a_wrong_phone_beside_the_phone_field(client):
    counter = make_counter()
    client.force_login(counter.officer)
    response = client.post(reverse("dossiers:counter_intake"), _intake_post(counter, phone="123"))
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in response.context["intake_form"].errors["phone"][0]


def test_intake_is_refused_to_an_officer_without_a_receiver_role(client):
    counter = make_counter()
    client.force_login(make_officer(counter.agency, Role.SPECIALIST))
    assert client.get(reverse("dossiers:counter_intake")).status_code == 403


def test_lookup_url_is_the_absolute_public_lookup_address(rf):
    dossier = receive(make_counter())
    assert views.lookup_url(rf.get("/"), dossier) == f"http://testserver/tra-cuu/{dossier.code}/"
