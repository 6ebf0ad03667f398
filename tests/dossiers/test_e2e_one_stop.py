"""End to end through HTTP on the demo province: a walk-in dossier received at the counter, form 01
printed, every step of the procedure's process taken by the officer whose role it is, the result
returned, and a citizen looking the dossier up by its code — for a province-level procedure
(received by the service centre, processed by Sở Xây dựng) and a commune-level one."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from pypdf import PdfReader

from egov.accounts.demo import create_demo_people
from egov.accounts.models import User
from egov.dossiers.models import Dossier, DossierEvent
from egov.organizations.demo import create_demo_agencies
from egov.procedures.demo import load_demo_catalogue
from egov.procedures.models import Procedure

pytestmark = [pytest.mark.django_db]

APPLICANT = {
    "full_name": "Phan Thị Thu Hà",
    "citizen_id": "046185000321",
    "phone": "0914 222 333",
    "email": "thuha@example.vn",
    "address": "25 Hùng Vương, phường Thuận Hóa, thành phố Huế",
}


@pytest.fixture
def province():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        agencies = create_demo_agencies()
        load_demo_catalogue()
        create_demo_people(agencies)
        yield agencies


def _as(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _receive_at_counter(client: Client, national_code: str) -> Dossier:
    procedure = Procedure.objects.get(national_code=national_code)
    page = client.get(reverse("dossiers:counter_intake"), {"procedure": national_code})
    assert page.status_code == 200
    html = page.content.decode()
    agency = re.search(r'name="agency"[^>]*>.*?<option value="(\d+)"', html, re.S)
    if agency is None:  # a single receiving agency is preselected
        agency = re.search(r'<option value="(\d+)" selected', html)
    assert agency is not None, "the counter offers its agency"
    papers = re.findall(r'name="papers" value="(\d+)"', html)
    assert papers, "the counter lists the procedure's papers"
    response = client.post(
        reverse("dossiers:counter_intake"),
        {
            "procedure": national_code,
            "agency": agency.group(1),
            "papers": papers,
            "return_method": "counter",
            **APPLICANT,
        },
    )
    assert response.status_code == 302, re.findall(r"(?:error|alert)[^>]*>([^<]+)", response.content.decode())
    dossier = Dossier.objects.get(version__procedure=procedure)
    assert response["Location"] == reverse("dossiers:detail", args=[dossier.code])
    return dossier


def _print_receipt(client: Client, dossier: Dossier) -> str:
    response = client.get(reverse("dossiers:receipt_pdf", args=[dossier.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert dossier.code in text
    assert "Phan Thị Thu Hà" in text
    return text


def _act(username: str, dossier: Dossier, action: str, note: str = "") -> Dossier:
    client = _as(username)
    page = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert page.status_code == 200
    action_url = reverse("dossiers:action", args=[dossier.code, action])
    assert action_url in page.content.decode(), f"{username} is offered {action}"
    response = client.post(action_url, {"note": note})
    assert response.status_code == 302
    return Dossier.objects.get(pk=dossier.pk)


def _look_up(dossier: Dossier) -> str:
    citizen = Client()  # no sign-in
    found = citizen.get("/tra-cuu/", {"ma": dossier.code}, follow=True)
    assert found.status_code == 200
    html = found.content.decode()
    assert dossier.code in html
    assert "Phan Thị Thu Hà" not in html and "046185000321" not in html  # no personal data
    return html


def test_province_procedure_from_the_counter_to_the_result(province):
    # 1.009994 (Sở Xây dựng, 20 working days): TTPVHCC receives, Sở Xây dựng processes and decides.
    counter = _as("sxd.tiepnhan")
    dossier = _receive_at_counter(counter, "1.009994")
    assert dossier.agency.short_name == "TTPVHCC"
    assert dossier.processing_agency.short_name == "SXD"
    assert dossier.national_status == 2
    _print_receipt(counter, dossier)

    dossier = _act("sxd.tiepnhan", dossier, "chuyen-xu-ly", "Đủ thành phần hồ sơ")
    assert (dossier.step, dossier.national_status, dossier.current_agency.short_name) == (
        "tham-dinh",
        4,
        "SXD",
    )
    # The receiver cannot act for the department; the department's people can.
    assert (
        "/thao-tac/"
        not in _as("sxd.tiepnhan").get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    )
    dossier = _act("sxd.chuyenvien", dossier, "trinh-lanh-dao-phong", "Đủ điều kiện cấp phép")
    dossier = _act("sxd.truongphong", dossier, "trinh-ky")
    dossier = _act("sxd.giamdoc", dossier, "ky-duyet")
    assert (dossier.step, dossier.national_status, dossier.current_agency.short_name) == (
        "tra-ket-qua",
        9,
        "TTPVHCC",
    )
    assert dossier.delivery_state == Dossier.DeliveryState.READY
    dossier = _act("sxd.tiepnhan", dossier, "tra-ket-qua")
    assert (dossier.national_status, dossier.delivery_state) == (10, Dossier.DeliveryState.DELIVERED)
    assert dossier.finished_at is not None

    rows = list(DossierEvent.objects.filter(dossier=dossier).order_by("at", "pk"))
    assert [row.action for row in rows] == [
        "receive",
        "chuyen-xu-ly",
        "trinh-lanh-dao-phong",
        "trinh-ky",
        "ky-duyet",
        "tra-ket-qua",
    ]
    assert rows[1].giver_name == "Nguyễn Thị Lan" and rows[1].receiver_unit.short_name == "SXD"
    assert all(row.step_result in ("early", "on_time") for row in rows[1:])  # all done at once, in time

    html = _look_up(dossier)
    assert "Đã trả kết quả" in html


def test_commune_procedure_from_the_counter_to_the_result(province):
    # 1.001193 (khai sinh, same day): the ward's one-stop section receives, its officers process.
    counter = _as("xa.tiepnhan")
    dossier = _receive_at_counter(counter, "1.001193")
    assert dossier.agency.short_name == "UBND-PTH"
    assert dossier.processing_agency is None
    text = _print_receipt(counter, dossier)
    assert "Đặng Văn Tùng" in text  # the receiving officer signs form 01

    dossier = _act("xa.tiepnhan", dossier, "chuyen-xu-ly")
    dossier = _act("xa.chuyenvien", dossier, "trinh-ky")
    dossier = _act("xa.chutich", dossier, "ky-duyet")
    dossier = _act("xa.tiepnhan", dossier, "tra-ket-qua")
    assert (dossier.step, dossier.national_status) == ("da-tra", 10)

    # An officer of another agency can neither see nor act on it.
    outsider = _as("sxd.chuyenvien")
    assert outsider.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 403
    assert _look_up(dossier)
