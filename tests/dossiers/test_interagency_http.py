"""Liên thông end to end through HTTP: a commune receives a procedure of process LT-XA-SNV-12N at the
counter, hands it to Sở Nội vụ, whose specialist acts on the linked child; the commune returns the
result. Then the include that shows linked dossiers on a dossier's page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from egov.core.calendar_store import get_calendar
from egov.dossiers import linked
from egov.dossiers.models import Dossier, DossierEvent, DossierFile
from tests.dossiers.factories import APPLICANT
from tests.dossiers.interagency_setup import make_liaison

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_no_admin_totp")]

PDF = b"%PDF-1.7\n% quyet dinh tro cap tho cung liet si\n"


@pytest.fixture
def _no_admin_totp():
    with override_settings(EGOV_REQUIRE_ADMIN_TOTP=False):
        yield


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def _post_action(client, code: str, action: str, **data):
    response = client.post(reverse("dossiers:action", args=[code, action]), {"note": "", **data})
    assert response.status_code == 302
    return response


def test_commune_hands_over_to_so_noi_vu_which_acts_on_the_linked_child_then_the_commune_returns(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    liaison = make_liaison()
    version = liaison.version
    calendar = get_calendar()

    # 1. The commune's receiver takes the applicant's papers at the counter.
    client.force_login(liaison.receiver)
    response = client.post(
        reverse("dossiers:counter_intake"),
        {
            "procedure": version.procedure.national_code,
            "agency": liaison.commune.pk,
            **APPLICANT,
            "papers": [str(paper.pk) for paper in version.papers.all()],
        },
    )
    assert response.status_code == 302
    parent = Dossier.objects.get(origin__isnull=True)
    assert response["Location"] == reverse("dossiers:detail", args=[parent.code])
    assert parent.code.startswith("000.00.31.H57-")
    assert (parent.channel, parent.step, parent.national_status) == ("counter", "tiep-nhan", 2)
    assert parent.original_due_at == calendar.add_working_time(parent.received_at, Decimal("96"))

    # 2. Receiver → commune civil servant → Sở Nội vụ.
    _post_action(client, parent.code, "chuyen-xu-ly")
    client.force_login(liaison.commune_specialist)
    response = _post_action(client, parent.code, "chuyen-so", note="Đã xác nhận, chuyển Sở Nội vụ")
    assert _messages(response)[-1][0] == "success"

    child = Dossier.objects.get(origin=parent)
    parent.refresh_from_db()
    handover = DossierEvent.objects.get(dossier=parent, action="chuyen-so")
    assert child.code.startswith("000.00.03.H57-")
    assert (child.channel, child.agency, child.step, child.national_status) == (
        "inter_agency",
        liaison.home_affairs,
        "so-noi-vu",
        4,
    )
    assert child.received_at == handover.at
    assert child.due_at == calendar.add_working_time(handover.at, Decimal("56"))
    assert (parent.step, parent.current_agency) == ("so-noi-vu", liaison.commune)

    # 3. The commune cannot take Sở Nội vụ's decision on the parent.
    response = _post_action(client, parent.code, "co-quyet-dinh")
    level, text = _messages(response)[-1]
    assert level == "error"
    assert child.code in text and "Sở Nội vụ" in text
    assert Dossier.objects.get(pk=parent.pk).step == "so-noi-vu"

    # 4. Sở Nội vụ's specialist opens the child and takes the decision, uploading it.
    client.force_login(liaison.specialist)
    page = client.get(reverse("dossiers:detail", args=[child.code]))
    assert page.status_code == 200
    assert reverse("dossiers:action", args=[child.code, "co-quyet-dinh"]) in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the file's bytes are stored on commit
        response = client.post(
            reverse("dossiers:action", args=[child.code, "co-quyet-dinh"]),
            {"note": "Quyết định số 15/QĐ-SNV", "files": _upload()},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:detail", args=[child.code])
    assert _messages(response)[-1][0] == "success"

    child.refresh_from_db()
    parent.refresh_from_db()
    assert (child.national_status, child.delivery_state) == (9, "delivered")
    assert child.finished_at is not None and child.finished_at <= child.due_at
    assert (parent.step, parent.national_status, parent.current_agency) == ("tra-ket-qua", 9, liaison.commune)
    assert DossierFile.objects.filter(dossier=child, kind="result").count() == 1

    # 5. The commune's receiver sees the child and downloads Sở Nội vụ's decision from the parent's
    # page, then returns the result to the applicant.
    client.force_login(liaison.receiver)
    page = client.get(reverse("dossiers:detail", args=[parent.code])).content.decode()
    decision = DossierFile.objects.get(dossier=child)
    link = reverse("dossiers:file", args=[parent.code, decision.pk])
    assert child.code in page and "Sở Nội vụ" in page and link in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    _post_action(client, parent.code, "tra-ket-qua")
    parent.refresh_from_db()
    assert (parent.step, parent.national_status, parent.delivery_state) == ("da-tra", 10, "delivered")

    parent_rows = list(DossierEvent.objects.filter(dossier=parent).order_by("at", "pk"))
    assert [row.action for row in parent_rows] == [
        "receive",
        "chuyen-xu-ly",
        "chuyen-so",
        "co-quyet-dinh",
        "tra-ket-qua",
    ]
    back = parent_rows[3]
    assert (back.giver_unit, back.giver, back.receiver_unit) == (
        liaison.home_affairs,
        liaison.specialist,
        liaison.commune,
    )
    assert back.details["linked"] == child.code
    child_rows = list(DossierEvent.objects.filter(dossier=child).order_by("at", "pk"))
    assert [(row.action, row.status_after) for row in child_rows] == [("receive", 4), ("co-quyet-dinh", 9)]
    assert child_rows[1].step_result == "early"
    assert child_rows[1].note == "Quyết định số 15/QĐ-SNV"


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")


def test_linked_include_shows_the_child_on_the_parent_and_the_origin_on_the_child():
    from egov.dossiers import services
    from tests.dossiers.factories import MONDAY_MORNING

    liaison = make_liaison()
    parent = liaison.receive()
    parent = services.act(
        dossier=parent, action_code="chuyen-xu-ly", actor=liaison.receiver, at=MONDAY_MORNING
    )
    parent = services.act(
        dossier=parent, action_code="chuyen-so", actor=liaison.commune_specialist, at=MONDAY_MORNING
    )
    child = Dossier.objects.get(origin=parent)

    html = render_to_string(
        "dossiers/_linked.html", linked.linked_context(parent, user=liaison.specialist, at=MONDAY_MORNING)
    )
    assert "Hồ sơ liên thông" in html
    assert reverse("dossiers:detail", args=[child.code]) in html  # Sở Nội vụ may open its child
    assert "Sở Nội vụ" in html and "Đang xử lý" in html and "Chưa đến hạn" in html

    html = render_to_string(
        "dossiers/_linked.html", linked.linked_context(parent, user=liaison.commune_specialist)
    )
    assert child.code in html and reverse("dossiers:detail", args=[child.code]) not in html

    html = render_to_string("dossiers/_linked.html", linked.linked_context(child))
    assert "Hồ sơ gốc (liên thông)" in html and parent.code in html

    assert render_to_string("dossiers/_linked.html", {"linked": []}).strip() == ""
