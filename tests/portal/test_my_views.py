"""The citizen's "Hồ sơ của tôi" pages: the list with its filters, the dossier page in the citizen's
words, the papers issued (forms 01–05 as PDF), the full online answer to form 02, the result
download and the withdrawal request."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from egov.core.calendar_store import get_calendar
from egov.dossiers.files import Upload
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services import exceptions
from egov.dossiers.services.attachments import attach_scans
from tests.dossiers.exceptions_factories import ITEMS
from tests.portal.my_factories import PDF, CitizenCase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _url(name: str, dossier: Dossier, *args) -> str:
    return reverse(name, args=[dossier.code, *args])


def _page(response) -> str:
    return response.content.decode()


# --- List -----------------------------------------------------------------------------------------


def test_list_shows_my_dossiers_being_processed_and_flags_the_one_waiting_for_me(client):
    case = CitizenCase()
    waiting = case.supplement_requested()
    other = CitizenCase(citizen=case.citizen, office=case.office).accepted()
    client.force_login(case.citizen)
    response = client.get(reverse("my:list"))
    assert response.status_code == 200
    page = _page(response)
    assert waiting.code in page and other.code in page
    assert page.count("Cần bạn bổ sung giấy tờ") == 1
    assert 'aria-current="page">Đang giải quyết' in page


def test_list_filters_open_and_ended_dossiers(client):
    case = CitizenCase()
    open_one = case.examining()
    ended = exceptions.withdraw(
        dossier=case.accepted(), actor=case.citizen, reason="Nộp nhầm", at=case.tick()
    )
    client.force_login(case.citizen)
    open_page = _page(client.get(reverse("my:list")))
    ended_page = _page(client.get(reverse("my:list"), {"tinh-trang": "da-ket-thuc"}))
    all_page = _page(client.get(reverse("my:list"), {"tinh-trang": "tat-ca"}))
    assert open_one.code in open_page and ended.code not in open_page
    assert ended.code in ended_page and open_one.code not in ended_page
    assert open_one.code in all_page and ended.code in all_page


def test_list_pages_by_twenty(client):
    case = CitizenCase()
    codes = [case.submitted().code for _ in range(21)]
    client.force_login(case.citizen)
    first = _page(client.get(reverse("my:list")))
    second = _page(client.get(reverse("my:list"), {"page": "2"}))
    assert sum(code in first for code in codes) == 20
    assert codes[0] in second and codes[-1] not in second  # newest first
    assert "?page=2" in first


def test_an_empty_list_says_so(client):
    case = CitizenCase()
    client.force_login(case.citizen)
    assert "Bạn không có hồ sơ nào đang được giải quyết." in _page(client.get(reverse("my:list")))


# --- Detail and papers ------------------------------------------------------------------------------


def test_detail_tells_status_due_timeline_and_the_papers_issued_without_officer_names(client):
    case = CitizenCase()
    dossier = case.supplement_requested()
    client.force_login(case.citizen)
    response = client.get(_url("my:detail", dossier))
    assert response.status_code == 200
    page = _page(response)
    assert "Yêu cầu bổ sung giấy tờ" in page
    assert ITEMS[0][0] in page and ITEMS[1][1] in page
    assert "Nộp bản scan màu" in page  # the officer's guidance on form 02
    assert "Bạn đã nộp hồ sơ trực tuyến." in page
    assert "đã tiếp nhận hồ sơ trực tuyến của bạn" in page
    assert "Cơ quan yêu cầu bạn bổ sung, hoàn thiện hồ sơ (mẫu 02)" in page
    assert "Hẹn trả kết quả lúc" in page and "Thời hạn tạm dừng từ" in page
    assert _url("my:receipt_pdf", dossier) in page
    assert _url("my:supplement", dossier) in page and _url("my:withdraw", dossier) in page
    assert reverse("feedback:rate", args=[dossier.code]) not in page
    for officer in (case.office.specialist, case.office.receiver):
        assert officer.full_name not in page
    assert "style=" not in page


def test_receipt_and_form_02_download_as_pdf(client):
    case = CitizenCase()
    dossier = case.supplement_requested()
    event = dossier.events.get(details__form="02")
    client.force_login(case.citizen)
    receipt = client.get(_url("my:receipt_pdf", dossier))
    assert (receipt.status_code, receipt["Content-Type"]) == (200, "application/pdf")
    assert dossier.code in _pdf_text(receipt.content)
    form = client.get(_url("my:form_pdf", dossier, "02", event.pk))
    assert (form.status_code, form["Content-Type"]) == (200, "application/pdf")
    assert ITEMS[0][1] in _pdf_text(form.content)
    assert client.get(_url("my:form_pdf", dossier, "03", event.pk)).status_code == 404  # not what it issued
    assert client.get(_url("my:form_pdf", dossier, "06", event.pk)).status_code == 404


def test_an_online_dossier_not_yet_received_has_no_receipt(client):
    case = CitizenCase()
    dossier = case.submitted()
    client.force_login(case.citizen)
    assert client.get(_url("my:receipt_pdf", dossier)).status_code == 404
    assert _url("my:receipt_pdf", dossier) not in _page(client.get(_url("my:detail", dossier)))


def test_forms_03_04_05_are_listed_with_what_they_say(client):
    case = CitizenCase()
    extended = case.examining()
    new_due = extended.due_at + dt.timedelta(days=2)
    exceptions.apologise_and_extend(
        dossier=extended, actor=case.office.specialist, new_due=new_due, reason="Chờ đo đạc", at=case.tick()
    )
    exceptions.stop(dossier=extended, actor=case.office.leader, reason="Đất đang tranh chấp", at=case.tick())
    refused = case.accepted()
    exceptions.refuse(dossier=refused, actor=case.office.receiver, reason="Sai thẩm quyền", at=case.tick())
    client.force_login(case.citizen)
    page = _page(client.get(_url("my:detail", extended)))
    assert "Chờ đo đạc" in page and "Đất đang tranh chấp" in page
    assert "Hạn ban đầu (trước khi gia hạn)" not in page  # closed: no due any more
    for number in ("04", "05"):
        event = extended.events.get(details__form=number)
        assert _url("my:form_pdf", extended, number, event.pk) in page
        assert client.get(_url("my:form_pdf", extended, number, event.pk)).status_code == 200
    assert "Sai thẩm quyền" in _page(client.get(_url("my:detail", refused)))


# --- Answering form 02 ------------------------------------------------------------------------------


def test_the_full_online_answer_to_form_02(client, django_capture_on_commit_callbacks):
    case = CitizenCase()
    dossier = case.supplement_requested()
    asked, due_before = dossier.paused_at, dossier.due_at
    client.force_login(case.citizen)
    form_page = client.get(_url("my:supplement", dossier))
    assert form_page.status_code == 200
    assert ITEMS[0][0] in _page(form_page) and 'type="file"' in _page(form_page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("my:supplement", dossier),
            {
                "files": [SimpleUploadedFile("ban-sao-chung-thuc.pdf", PDF, content_type="application/pdf")],
                "note": "Gửi bản chứng thực",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == _url("my:detail", dossier)
    assert _messages(response)[0][0] == "success"
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.step, after.national_status, after.paused_at) == ("xu-ly", 4, None)
    calendar = get_calendar()
    paused = calendar.working_time_between(asked, after.events.latest("pk").at)
    assert after.paused_hours == paused
    assert calendar.working_time_between(due_before, after.due_at) == paused
    assert after.due_at >= due_before

    sent = DossierFile.objects.get(dossier=dossier, kind="supplement")
    page = _page(client.get(_url("my:detail", dossier)))
    assert "Bạn đã nộp giấy tờ bổ sung trực tuyến" in page
    assert _url("my:file", dossier, sent.pk) in page
    download = client.get(_url("my:file", dossier, sent.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert _url("my:supplement", dossier) not in page  # answered: no second answer offered
    assert client.get(_url("my:supplement", dossier)).status_code == 302


def test_a_fake_pdf_is_refused_on_the_same_page_and_nothing_is_stored(
    client, django_capture_on_commit_callbacks
):
    case = CitizenCase()
    dossier = case.supplement_requested()
    client.force_login(case.citizen)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            _url("my:supplement", dossier),
            {
                "files": [
                    SimpleUploadedFile(
                        "giay-to.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
                    )
                ]
            },
        )
    assert response.status_code == 400
    page = _page(response)
    assert "Tệp “giay-to.pdf” không phải là tệp PDF, JPG, PNG" in page
    assert 'class="error-summary"' in page and 'aria-invalid="true"' in page
    assert callbacks == []
    assert not DossierFile.objects.filter(dossier=dossier, kind="supplement").exists()
    assert Dossier.objects.get(pk=dossier.pk).national_status == 5


def test_an_oversized_file_is_refused_on_the_same_page(client, settings):
    settings.EGOV_UPLOAD_MAX_BYTES = 1024 * 1024
    case = CitizenCase()
    dossier = case.supplement_requested()
    client.force_login(case.citizen)
    big = SimpleUploadedFile("ban-ve.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = client.post(_url("my:supplement", dossier), {"files": [big]})
    assert response.status_code == 400
    assert "Tệp “ban-ve.pdf” lớn hơn 1 MB cho phép." in _page(response)
    assert not DossierFile.objects.filter(dossier=dossier, kind="supplement").exists()
    assert Dossier.objects.get(pk=dossier.pk).national_status == 5


def test_sending_no_file_is_refused_on_the_same_page(client):
    case = CitizenCase()
    dossier = case.supplement_requested()
    client.force_login(case.citizen)
    response = client.post(_url("my:supplement", dossier), {"note": "Quên chọn tệp"})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một tệp giấy tờ bổ sung." in _page(response)
    assert Dossier.objects.get(pk=dossier.pk).national_status == 5


# --- Result and other files --------------------------------------------------------------------------


def test_the_result_paper_downloads_once_ready_and_an_officers_loose_scan_does_not(
    client, django_capture_on_commit_callbacks
):
    case = CitizenCase()
    with django_capture_on_commit_callbacks(execute=True):
        dossier = case.examining()
        [draft] = attach_scans(
            dossier=dossier, actor=case.office.specialist, uploads=[Upload(name="du-thao.pdf", content=PDF)]
        )
    client.force_login(case.citizen)
    assert client.get(_url("my:file", dossier, draft.pk)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        dossier = case.result_ready(result=PDF + b"% giay phep\n")
    result = DossierFile.objects.get(dossier=dossier, kind="result")
    page = _page(client.get(_url("my:detail", dossier)))
    assert _url("my:file", dossier, result.pk) in page
    assert _url("my:file", dossier, draft.pk) not in page
    scan = DossierFile.objects.filter(dossier=dossier, kind="scan", uploaded_by=case.citizen).first()
    assert scan is not None and _url("my:file", dossier, scan.pk) in page  # my own paper
    response = client.get(_url("my:file", dossier, result.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF + b"% giay phep\n"
    assert "Hồ sơ đã giải quyết xong" in page
    assert reverse("feedback:rate", args=[dossier.code]) in page
    assert _url("my:withdraw", dossier) not in page  # the result is ready: too late to withdraw


# --- Withdrawal -------------------------------------------------------------------------------------------


def test_withdrawal_request_asks_for_a_reason_then_closes_the_dossier(client):
    case = CitizenCase()
    dossier = case.examining()
    client.force_login(case.citizen)
    assert client.get(_url("my:withdraw", dossier)).status_code == 200
    empty = client.post(_url("my:withdraw", dossier), {"reason": "  "})
    assert empty.status_code == 400
    assert "Hãy nêu lý do" in _page(empty)
    assert Dossier.objects.get(pk=dossier.pk).national_status == 4

    response = client.post(_url("my:withdraw", dossier), {"reason": "Tôi nộp nhầm thủ tục"})
    assert response.status_code == 302
    assert response["Location"] == _url("my:detail", dossier)
    after = Dossier.objects.get(pk=dossier.pk)
    assert (after.national_status, after.closure_reason) == (7, "Tôi nộp nhầm thủ tục")
    page = _page(client.get(_url("my:detail", dossier)))
    assert "Bạn đã yêu cầu rút hồ sơ." in page and "Tôi nộp nhầm thủ tục" in page
    assert _url("my:withdraw", dossier) not in page
    again = client.post(_url("my:withdraw", dossier), {"reason": "Lần nữa"})
    assert again.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="withdraw").count() == 1
