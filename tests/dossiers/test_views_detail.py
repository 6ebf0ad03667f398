"""The officer's dossier page: scans and their download, due moments with badges, the assignment and
claim forms, files attached to an action, and the counter intake with scans and the return method."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from egov.organizations.models import Agency, Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import APPLICANT, make_counter, receive
from tests.organizations.factories import make_agency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp", "_media")]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _with_scan(counter, capture) -> Dossier:
    paper = counter.version.papers.order_by("order", "pk").first()
    with capture(execute=True):
        return receive(
            counter,
            uploads=[services.Upload(name="Giấy chứng nhận QSDĐ.pdf", content=PDF, paper_id=paper.pk)],
        )


def test_scans_are_listed_under_their_paper_and_downloaded_with_their_name(
    client, django_capture_on_commit_callbacks
):
    counter = make_counter()
    dossier = _with_scan(counter, django_capture_on_commit_callbacks)
    scan = DossierFile.objects.get(dossier=dossier)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    url = reverse("dossiers:file", args=[dossier.code, scan.pk])
    assert url in page
    assert "Giấy chứng nhận QSDĐ.pdf" in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn%20QSD%C4%90.pdf" in disposition


def test_file_download_needs_permission_on_the_dossier(client, django_capture_on_commit_callbacks):
    counter = make_counter()
    dossier = _with_scan(counter, django_capture_on_commit_callbacks)
    scan = DossierFile.objects.get(dossier=dossier)
    url = reverse("dossiers:file", args=[dossier.code, scan.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(make_counter(agency_identifier="000.00.13.H57").officer)
    assert client.get(url).status_code == 403


def test_a_file_is_only_served_under_its_own_dossier(client, django_capture_on_commit_callbacks):
    counter = make_counter()
    first = _with_scan(counter, django_capture_on_commit_callbacks)
    second = receive(counter)
    scan = DossierFile.objects.get(dossier=first)
    client.force_login(counter.officer)
    assert client.get(reverse("dossiers:file", args=[second.code, scan.pk])).status_code == 404


def test_page_shows_step_due_dossier_due_badges_and_the_original_due_after_an_extension(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Hạn của bước" in page
    assert 'data-due="dossier"' in page and "quá hạn" in page  # received in 2025, open today
    assert 'data-timeliness="overdue"' in page
    assert "Hạn theo quy định (trước khi gia hạn)" not in page
    new_due = dossier.due_at + dt.timedelta(days=7)
    extension = {
        "at": dossier.received_at.isoformat(),
        "previous_due": dossier.due_at.isoformat(),
        "new_due": new_due.isoformat(),
        "reason": "Chờ ý kiến",
    }
    Dossier.objects.filter(pk=dossier.pk).update(due_at=new_due, extensions=[extension])
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Hạn theo quy định (trước khi gia hạn)" in page
    assert "09 giờ 00 phút, ngày 10 tháng 7 năm 2025" in page  # the original due stays visible
    assert "09 giờ 00 phút, ngày 17 tháng 7 năm 2025" in page


def test_leader_sees_the_assignment_form_with_the_agencys_officers_and_assigns(client):
    counter = make_counter()
    leader = make_officer(counter.agency, Role.LEADER)
    division = make_agency(counter.agency, kind=Agency.Kind.DIVISION, name="Phòng Một cửa")
    specialist = make_officer(division, Role.SPECIALIST, full_name="Hoàng Thị Lan")
    outsider = make_officer(make_agency(name="Sở Tài chính"), Role.SPECIALIST, full_name="Đỗ Văn Ngoài")
    dossier = receive(counter)
    client.force_login(leader)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:assign", args=[dossier.code]) in page
    assert "Hoàng Thị Lan — Phòng Một cửa" in page
    assert "Đỗ Văn Ngoài" not in page
    response = client.post(
        reverse("dossiers:assign", args=[dossier.code]), {"assignee": str(specialist.pk), "note": "Gấp"}
    )
    assert response.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).assignee == specialist
    assert _messages(response) == ["Đã phân công hồ sơ cho Hoàng Thị Lan."]
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Phân công xử lý" in page  # the timeline row's action
    refused = client.post(reverse("dossiers:assign", args=[dossier.code]), {"assignee": str(outsider.pk)})
    assert "không có vai trò xử lý hồ sơ" in _messages(refused)[0]
    assert Dossier.objects.get(pk=dossier.pk).assignee == specialist


def test_specialist_has_no_assignment_form_but_claims_the_dossier(client):
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    dossier = receive(counter)
    client.force_login(specialist)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:assign", args=[dossier.code]) not in page
    assert reverse("dossiers:claim", args=[dossier.code]) in page
    response = client.post(reverse("dossiers:assign", args=[dossier.code]), {"assignee": str(specialist.pk)})
    assert "lãnh đạo" in _messages(response)[0]
    response = client.post(reverse("dossiers:claim", args=[dossier.code]))
    assert _messages(response)[-1] == "Bạn đã nhận xử lý hồ sơ này."
    assert Dossier.objects.get(pk=dossier.pk).assignee == specialist
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:claim", args=[dossier.code]) not in page


def test_an_action_takes_a_note_and_a_file(client, django_capture_on_commit_callbacks):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]),
            {
                "note": "Đủ giấy tờ",
                "files": [SimpleUploadedFile("bien-ban.png", PNG, content_type="image/png")],
            },
        )
    assert response.status_code == 302
    event = DossierEvent.objects.get(dossier=dossier, action="chuyen-xu-ly")
    attached = DossierFile.objects.get(event=event)
    assert (attached.name, attached.content_type) == ("bien-ban.png", "image/png")
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("dossiers:file", args=[dossier.code, attached.pk]) in page


def test_an_action_with_a_wrong_file_is_refused_and_nothing_moves(client):
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    response = client.post(
        reverse("dossiers:action", args=[dossier.code, "chuyen-xu-ly"]),
        {"files": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")]},
    )
    assert "không phải là tệp PDF, JPG, PNG" in _messages(response)[0]
    assert Dossier.objects.get(pk=dossier.pk).step == "tiep-nhan"


def test_counter_intake_takes_scans_per_paper_and_the_return_method(
    client, django_capture_on_commit_callbacks
):
    counter = make_counter()
    papers = list(counter.version.papers.order_by("order", "pk"))
    client.force_login(counter.officer)
    form_page = client.get(reverse("dossiers:counter_intake"), {"procedure": counter.procedure.national_code})
    page = form_page.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'name="scans_{papers[0].pk}"' in page and "multiple" in page
    assert 'name="return_method"' in page
    data = {
        "procedure": counter.procedure.national_code,
        "agency": str(counter.agency.pk),
        **APPLICANT,
        "papers": [str(paper.pk) for paper in papers],
        "return_method": "post",
        f"scans_{papers[0].pk}": [
            SimpleUploadedFile("trang-1.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("trang-2.png", PNG, content_type="image/png"),
        ],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dossiers:counter_intake"), data)
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.return_method == Dossier.ReturnMethod.POST
    scans = list(DossierFile.objects.filter(dossier=dossier).order_by("pk"))
    assert [scan.name for scan in scans] == ["trang-1.pdf", "trang-2.png"]
    assert {scan.paper.paper_id for scan in scans} == {papers[0].pk}


def test_counter_intake_shows_a_wrong_scan_beside_the_form(client):
    counter = make_counter()
    papers = list(counter.version.papers.order_by("order", "pk"))
    client.force_login(counter.officer)
    data = {
        "procedure": counter.procedure.national_code,
        "agency": str(counter.agency.pk),
        **APPLICANT,
        "papers": [str(paper.pk) for paper in papers],
        f"scans_{papers[0].pk}": [SimpleUploadedFile("ghi-chu.txt", b"hello", content_type="text/plain")],
    }
    response = client.post(reverse("dossiers:counter_intake"), data)
    assert response.status_code == 400
    assert "không phải là tệp PDF, JPG, PNG" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_dossier_pages_queries_are_bounded(client, django_assert_max_num_queries):
    """21 today (33 before the officer's memberships were read once per request by
    `permissions.GrantsCacheMiddleware`)."""
    counter = make_counter()
    dossier = receive(counter)
    client.force_login(counter.officer)
    client.get(reverse("dossiers:detail", args=[dossier.code]))
    with django_assert_max_num_queries(24):
        assert client.get(reverse("dossiers:detail", args=[dossier.code])).status_code == 200
