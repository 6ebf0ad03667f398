"""The exception endpoints of the dossier page (POST → redirect → message), the PDF of each form issued,
and the include ``dossiers/_exceptions.html``."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services import exceptions
from egov.dossiers.views_exceptions import exceptions_context
from egov.organizations.models import Role
from tests.accounts.factories import make_citizen, make_officer
from tests.dossiers.exceptions_factories import ITEMS, Office
from tests.dossiers.factories import APPLICANT
from tests.organizations.factories import make_agency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _examining_now(office: Office) -> Dossier:
    """A dossier received and handed to the specialist a moment ago (the views act "now")."""
    now = timezone.now()
    dossier = office.received(received_at=now - dt.timedelta(minutes=2))
    return services.act(
        dossier=dossier, action_code="chuyen-xu-ly", actor=office.receiver, at=now - dt.timedelta(minutes=1)
    )


def _detail(dossier: Dossier) -> str:
    return reverse("dossiers:detail", args=[dossier.code])


def _issued_pdf_url(dossier: Dossier, number: str) -> str:
    event = DossierEvent.objects.filter(dossier=dossier, details__form=number).latest("pk")
    return reverse("dossiers:exception_form_pdf", args=[dossier.code, number, event.pk])


def test_supplement_request_from_the_page_pauses_the_dossier_and_its_form_02_downloads(client):
    office = Office()
    dossier = _examining_now(office)
    client.force_login(office.specialist)
    rows = {
        "content_1": ITEMS[0][0],
        "reason_1": ITEMS[0][1],
        "content_3": ITEMS[1][0],
        "reason_3": ITEMS[1][1],
    }
    for row in (2, 4, 5):
        rows |= {f"content_{row}": "", f"reason_{row}": ""}
    response = client.post(
        reverse("dossiers:exception_supplement", args=[dossier.code]), {**rows, "note": "Gọi 0234 3822 123"}
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(dossier)
    assert _messages(response) == [
        ("success", "Đã gửi phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02); thời hạn giải quyết tạm dừng.")
    ]
    assert Dossier.objects.get(pk=dossier.pk).national_status == 5

    pdf = client.get(_issued_pdf_url(dossier, "02"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = _text(pdf.content)
    assert dossier.code in text and ITEMS[1][0] in text and ITEMS[1][1] in text


def test_more_rows_than_the_page_shows_are_read_too(client):
    office = Office()
    dossier = _examining_now(office)
    client.force_login(office.specialist)
    client.post(
        reverse("dossiers:exception_supplement", args=[dossier.code]),
        {"content_1": "Tờ khai", "content_7": "Bản vẽ hiện trạng", "reason_7": "Thiếu"},
    )
    event = DossierEvent.objects.get(dossier=dossier, details__form="02")
    assert [item["content"] for item in event.details["items"]] == ["Tờ khai", "Bản vẽ hiện trạng"]


def test_empty_supplement_request_is_an_error_message_and_changes_nothing(client):
    office = Office()
    dossier = _examining_now(office)
    client.force_login(office.specialist)
    response = client.post(reverse("dossiers:exception_supplement", args=[dossier.code]), {"content_1": ""})
    assert response.status_code == 302
    [(level, text)] = _messages(response)
    assert level == "error"
    assert text.startswith("Hãy liệt kê đầy đủ một lần")
    assert Dossier.objects.get(pk=dossier.pk).national_status == 4


def test_refusal_from_the_page_and_its_form_03(client):
    office = Office()
    dossier = office.received(received_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(office.receiver)
    response = client.post(
        reverse("dossiers:exception_refuse", args=[dossier.code]), {"reason": "Hồ sơ không thuộc thẩm quyền"}
    )
    assert _messages(response) == [("success", "Đã từ chối tiếp nhận, giải quyết hồ sơ (mẫu 03).")]
    assert Dossier.objects.get(pk=dossier.pk).national_status == 3
    pdf = client.get(_issued_pdf_url(dossier, "03"))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Hồ sơ không thuộc thẩm quyền" in _text(pdf.content)


def test_extension_from_the_page_and_its_form_04(client):
    office = Office()
    dossier = _examining_now(office)
    new_due = timezone.localtime(dossier.due_at + dt.timedelta(days=2)).replace(second=0, microsecond=0)
    client.force_login(office.specialist)
    response = client.post(
        reverse("dossiers:exception_extend", args=[dossier.code]),
        {"new_due": new_due.strftime("%Y-%m-%dT%H:%M"), "reason": "Chờ kết quả đo đạc"},
    )
    assert _messages(response) == [
        ("success", "Đã ban hành văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04).")
    ]
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.due_at, stored.original_due_at) == (new_due, dossier.original_due_at)
    pdf = client.get(_issued_pdf_url(dossier, "04"))
    assert pdf.status_code == 200
    assert "Chờ kết quả đo đạc" in _text(pdf.content)


def test_extension_with_an_unreadable_date_is_an_error_message(client):
    office = Office()
    dossier = _examining_now(office)
    client.force_login(office.specialist)
    response = client.post(
        reverse("dossiers:exception_extend", args=[dossier.code]), {"new_due": "mai", "reason": "Chậm"}
    )
    [(level, text)] = _messages(response)
    assert level == "error" and "Ngày, giờ hẹn mới không hợp lệ" in text
    response = client.post(reverse("dossiers:exception_extend", args=[dossier.code]), {"reason": "Chậm"})
    assert _messages(response)[-1] == ("error", "Hãy nhập ngày, giờ hẹn trả kết quả mới.")
    assert Dossier.objects.get(pk=dossier.pk).extensions == []


def test_stop_is_refused_to_a_specialist_with_a_message_and_allowed_to_the_leader(client):
    office = Office()
    dossier = _examining_now(office)
    url = reverse("dossiers:exception_stop", args=[dossier.code])
    client.force_login(office.specialist)
    [(level, text)] = _messages(client.post(url, {"reason": "Tranh chấp"}))
    assert level == "error"
    assert text.startswith("Chỉ lãnh đạo cơ quan, đơn vị đang giải quyết hồ sơ")
    client.force_login(office.leader)
    response = client.post(url, {"reason": "Tranh chấp", "legal_basis": "Điều 22 Nghị định 118/2025/NĐ-CP"})
    assert _messages(response)[-1] == ("success", "Đã thông báo dừng giải quyết hồ sơ (mẫu 05).")
    pdf = client.get(_issued_pdf_url(dossier, "05"))
    assert "Căn cứ Điều 22 Nghị định 118/2025/NĐ-CP" in _text(pdf.content)


def test_owner_withdraws_online_and_returns_to_the_public_lookup(client):
    office = Office()
    citizen = make_citizen()
    dossier = services.receive(
        channel=Dossier.Channel.ONLINE,
        actor=citizen,
        owner=citizen,
        agency=office.agency,
        procedure=office.counter.procedure,
        applicant=APPLICANT,
        papers=office.counter.all_papers(),
        received_at=timezone.now() - dt.timedelta(minutes=1),
    ).dossier
    client.force_login(citizen)
    response = client.post(
        reverse("dossiers:exception_withdraw", args=[dossier.code]), {"reason": "Nộp nhầm"}
    )
    assert response["Location"] == f"/tra-cuu/{dossier.code}/"
    assert Dossier.objects.get(pk=dossier.pk).national_status == 7


def test_officer_of_another_agency_gets_403_and_nothing_changes(client):
    office = Office()
    dossier = office.received(received_at=timezone.now() - dt.timedelta(minutes=1))
    outsider = make_officer(make_agency(name="UBND xã khác"), Role.RECEIVER)
    client.force_login(outsider)
    assert (
        client.post(reverse("dossiers:exception_refuse", args=[dossier.code]), {"reason": "x"}).status_code
        == 403
    )
    assert (
        client.post(reverse("dossiers:exception_withdraw", args=[dossier.code]), {"reason": "x"}).status_code
        == 403
    )
    assert Dossier.objects.get(pk=dossier.pk).national_status == 2
    client.force_login(make_citizen())
    event = DossierEvent.objects.get(dossier=dossier, action="receive")
    url = reverse("dossiers:exception_form_pdf", args=[dossier.code, "03", event.pk])
    assert client.get(url).status_code == 403


def test_pdf_of_a_row_that_issued_no_such_form_is_404(client):
    office = Office()
    dossier = office.received(received_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(office.receiver)
    event = DossierEvent.objects.get(dossier=dossier, action="receive")
    assert (
        client.get(reverse("dossiers:exception_form_pdf", args=[dossier.code, "03", event.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("dossiers:exception_form_pdf", args=[dossier.code, "09", event.pk])).status_code
        == 404
    )


def test_get_on_an_exception_endpoint_is_not_allowed(client):
    office = Office()
    dossier = office.received()
    client.force_login(office.receiver)
    assert client.get(reverse("dossiers:exception_refuse", args=[dossier.code])).status_code == 405


def test_include_offers_each_officer_only_their_exceptions_and_lists_the_forms_issued(rf):
    office = Office()
    dossier = _examining_now(office)

    def page(user) -> str:
        request = rf.get("/")
        request.user = user
        return render_to_string(
            "dossiers/_exceptions.html",
            {"dossier": dossier, **exceptions_context(dossier, user)},
            request=request,
        )

    specialist = page(office.specialist)
    assert exceptions_context(dossier, office.specialist)["exceptions_replaces_actions"] == [
        "yeu-cau-bo-sung"
    ]
    assert exceptions_context(dossier, office.receiver)["exceptions_replaces_actions"] == []
    assert reverse("dossiers:exception_supplement", args=[dossier.code]) in specialist
    assert 'name="content_5"' in specialist and 'name="reason_5"' in specialist
    assert reverse("dossiers:exception_extend", args=[dossier.code]) in specialist
    assert "/tu-choi/" not in specialist and "/dung-xu-ly/" not in specialist

    receiver = page(office.receiver)
    assert "/tu-choi/" in receiver and "/rut-ho-so/" in receiver and "/bo-sung/" not in receiver

    leader = page(office.leader)
    assert "/dung-xu-ly/" in leader and "/tu-choi/" in leader

    outsider = page(make_officer(make_agency(name="Sở khác"), Role.LEADER))
    assert "ngoai-le" not in outsider

    dossier = exceptions.request_supplement(dossier=dossier, actor=office.specialist, items=ITEMS)
    waiting = page(office.specialist)
    assert "/bo-sung/" not in waiting  # asked once
    assert "/gia-han/" not in waiting  # the clock is paused


def test_include_lists_issued_forms_with_their_links(rf):
    office = Office()
    dossier = _examining_now(office)
    client_user = office.specialist
    dossier = exceptions.request_supplement(dossier=dossier, actor=client_user, items=ITEMS)
    request = rf.get("/")
    request.user = client_user
    html = render_to_string(
        "dossiers/_exceptions.html",
        {"dossier": dossier, **exceptions_context(dossier, client_user)},
        request=request,
    )
    assert "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" in html
    assert _issued_pdf_url(dossier, "02") in html
    assert "Trần Văn Bình" in html


def test_dossier_page_shows_the_exceptions_panel_and_the_issued_forms(client):
    office = Office()
    dossier = _examining_now(office)
    client.force_login(office.specialist)
    page = client.get(_detail(dossier)).content.decode()
    assert reverse("dossiers:exception_supplement", args=[dossier.code]) in page
    assert 'name="content_1"' in page
    client.post(
        reverse("dossiers:exception_supplement", args=[dossier.code]),
        {"content_1": ITEMS[0][0], "reason_1": ITEMS[0][1]},
    )
    page = client.get(_detail(dossier)).content.decode()
    assert _issued_pdf_url(dossier, "02") in page
    assert reverse("dossiers:exception_supplement", args=[dossier.code]) not in page
