"""The table “Thông báo đã gửi” of the dossier page: moment, topic, masked recipient, status."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from egov.notifications import selectors
from egov.notifications.models import Delivery
from egov.notifications.views import notifications_context
from tests.dossiers.factories import APPLICANT, make_counter, receive
from tests.notifications.outbox_runs import run_outbox


@pytest.mark.django_db
def test_dossier_page_table_lists_sent_skipped_and_failed_notices_with_masked_recipients():
    dossier = receive(make_counter())
    run_outbox()
    Delivery.objects.create(
        dossier=dossier,
        topic="dossier.supplement_requested",
        event_id="00000000-0000-4000-8000-000000000001",
        status=Delivery.Status.FAILED,
        recipient=APPLICANT["email"],
        error="Traceback...\nSMTPServerDisconnected: máy chủ thư không trả lời",
        attempts=2,
    )
    Delivery.objects.create(
        dossier=dossier,
        topic="dossier.returned",
        event_id="00000000-0000-4000-8000-000000000002",
        status=Delivery.Status.SKIPPED,
        skip_reason=Delivery.SkipReason.NO_ADDRESS,
    )
    assert [row.topic for row in selectors.deliveries_of(dossier)] == [
        "dossier.received",
        "dossier.supplement_requested",
        "dossier.returned",
    ]

    rows = notifications_context(dossier)["notifications"]
    assert [(row.topic, row.recipient, row.status) for row in rows] == [
        ("Đã tiếp nhận hồ sơ", "hu***@example.vn", "Đã gửi"),
        ("Yêu cầu bổ sung hồ sơ", "hu***@example.vn", "Gửi lỗi"),
        ("Đã trả kết quả", "", "Không gửi"),
    ]
    assert rows[1].detail == "SMTPServerDisconnected: máy chủ thư không trả lời"
    assert rows[2].detail == "Người nộp không có địa chỉ nhận"
    sent = Delivery.objects.get(topic="dossier.received").sent_at
    local = timezone.localtime(sent)
    assert rows[0].moment == f"{local:%H:%M} {local:%d/%m/%Y}"

    html = render_to_string("dossiers/_notifications.html", notifications_context(dossier))
    assert "Thông báo đã gửi" in html
    assert "hu***@example.vn" in html and APPLICANT["email"] not in html
    assert "Không gửi: Người nộp không có địa chỉ nhận" in html


@pytest.mark.django_db
def test_dossier_without_notices_says_so():
    dossier = receive(make_counter())
    html = render_to_string("dossiers/_notifications.html", notifications_context(dossier))
    assert "Chưa có thông báo nào." in html


@pytest.mark.django_db
def test_officer_sees_the_notices_on_the_dossier_page(client):
    counter = make_counter()
    dossier = receive(counter)
    run_outbox()
    client.force_login(counter.officer)
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert "Thông báo đã gửi" in page
    assert "Đã tiếp nhận hồ sơ" in page and "hu***@example.vn" in page
