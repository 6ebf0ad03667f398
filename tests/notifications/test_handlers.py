"""E-mails to the applicant, sent by the outbox worker, logged per dossier."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from egov.core import outbox
from egov.core.models import OutboxEvent
from egov.dossiers import services
from egov.dossiers.models import Dossier, DossierEvent
from egov.notifications import handlers
from egov.notifications.models import Delivery
from egov.organizations.models import Role
from tests.accounts.factories import make_officer
from tests.dossiers.factories import APPLICANT, MONDAY_MORNING, make_counter, receive
from tests.notifications.outbox_runs import run_outbox

BROKEN = "tests.notifications.test_handlers.RefusingBackend"


class RefusingBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("máy chủ thư không trả lời")


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    settings.EGOV_OUTBOX_BASE_DELAY_SECONDS = 10
    settings.EGOV_OUTBOX_MAX_DELAY_SECONDS = 1000
    settings.EGOV_OUTBOX_MAX_ATTEMPTS = 3
    settings.EGOV_PUBLIC_URL = "https://dichvucong.hue.gov.vn"


def _delivery_of(event: OutboxEvent) -> outbox.Delivery:
    return outbox.Delivery(
        event_id=str(event.id),
        topic=event.topic,
        key=event.key,
        payload=event.payload,
        object_type=event.object_type,
        object_id=event.object_id,
        created_at=event.created_at,
        attempt=event.attempts,
        handler=handlers.EMAIL_HANDLER,
    )


@pytest.mark.django_db
def test_counter_receipt_sends_one_vietnamese_email_with_the_code_and_the_lookup_link(mailoutbox):
    dossier = receive(make_counter())
    run_outbox()
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [APPLICANT["email"]]
    assert email.subject == f"Hồ sơ {dossier.code}: đã tiếp nhận hồ sơ"
    assert f"Mã hồ sơ: {dossier.code}" in email.body
    assert f"https://dichvucong.hue.gov.vn/tra-cuu/{dossier.code}/" in email.body
    assert "Kính gửi Ông/Bà Nguyễn Thị Hương" in email.body
    assert "Hẹn trả kết quả: " in email.body and "năm 2025" in email.body
    assert email.extra_headers["Message-ID"].endswith("@localhost>")
    row = Delivery.objects.get(dossier=dossier)
    assert (row.topic, row.channel, row.status, row.attempts) == (
        "dossier.received",
        Delivery.Channel.EMAIL,
        Delivery.Status.SENT,
        1,
    )
    assert (row.recipient, row.subject, row.body) == (APPLICANT["email"], email.subject, email.body)
    assert row.sent_at is not None and row.error == ""
    assert str(row.event_id) == str(OutboxEvent.objects.get(topic="dossier.received").pk)


@pytest.mark.django_db
def test_applicant_without_email_gets_a_skipped_row_and_no_email(mailoutbox):
    dossier = receive(make_counter(), applicant={**APPLICANT, "email": ""})
    run_outbox()
    assert mailoutbox == []
    row = Delivery.objects.get(dossier=dossier)
    assert (row.status, row.skip_reason, row.recipient, row.attempts) == (
        Delivery.Status.SKIPPED,
        Delivery.SkipReason.NO_ADDRESS,
        "",
        0,
    )
    assert row.subject.startswith(f"Hồ sơ {dossier.code}")
    assert OutboxEvent.objects.get(topic="dossier.received").status == OutboxEvent.Status.DELIVERED


@pytest.mark.django_db
def test_applicant_account_email_is_used_when_the_dossier_has_none(mailoutbox):
    dossier = receive(make_counter(), applicant={**APPLICANT, "email": ""})
    owner = make_officer(None, "", email="chu.hoso@example.vn")
    Dossier.objects.filter(pk=dossier.pk).update(owner=owner)
    run_outbox()
    assert [email.to for email in mailoutbox] == [["chu.hoso@example.vn"]]


@pytest.mark.django_db
def test_handler_run_twice_for_the_same_event_sends_once(mailoutbox):
    receive(make_counter())
    run_outbox()
    event = OutboxEvent.objects.get(topic="dossier.received")
    handlers.send_email(_delivery_of(event))  # the outbox lost the record of its success
    handlers.send_email(_delivery_of(event))
    assert len(mailoutbox) == 1
    row = Delivery.objects.get()
    assert (row.status, row.attempts) == (Delivery.Status.SENT, 1)


@pytest.mark.django_db
def test_failing_mail_server_is_retried_and_the_row_shows_the_failure(mailoutbox, settings):
    locmem = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": BROKEN}}
    dossier = receive(make_counter())
    start = timezone.now()
    run_outbox(at=start)
    event = OutboxEvent.objects.get(topic="dossier.received")
    assert (event.status, event.attempts) == (OutboxEvent.Status.FAILED, 1)
    assert "máy chủ thư không trả lời" in event.last_error
    row = Delivery.objects.get(dossier=dossier)
    assert (row.status, row.attempts, row.recipient) == (Delivery.Status.FAILED, 1, APPLICANT["email"])
    assert "SMTPServerDisconnected: máy chủ thư không trả lời" in row.error
    assert mailoutbox == []

    run_outbox(at=start + dt.timedelta(seconds=10))  # still refused: the second attempt
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Delivery.Status.FAILED, 2)

    settings.MAILERS = locmem  # the mail server is back
    run_outbox(at=start + dt.timedelta(seconds=30))
    event.refresh_from_db()
    row.refresh_from_db()
    assert event.status == OutboxEvent.Status.DELIVERED
    assert (row.status, row.attempts, row.error) == (Delivery.Status.SENT, 3, "")
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_mail_server_down_until_the_last_attempt_leaves_a_failed_row_and_a_dead_event(settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": BROKEN}}
    dossier = receive(make_counter())
    moment = timezone.now()
    for _ in range(4):
        run_outbox(at=moment)
        moment += dt.timedelta(hours=1)
    assert OutboxEvent.objects.get(topic="dossier.received").status == OutboxEvent.Status.DEAD
    row = Delivery.objects.get(dossier=dossier)
    assert (row.status, row.attempts) == (Delivery.Status.FAILED, 3)


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_sends_nothing(mailoutbox):
    counter = make_counter()
    with pytest.raises(RuntimeError), transaction.atomic():
        receive(counter)
        raise RuntimeError("the change failed after the receipt")
    call_command("worker", "--batch", "--no-startup-delay", "--queues", "outbox")
    assert mailoutbox == []
    assert not Delivery.objects.exists()
    assert not Dossier.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_egov_worker_sends_the_committed_receipt(mailoutbox):
    dossier = receive(make_counter())
    call_command("worker", "--batch", "--no-startup-delay", "--queues", "outbox")
    assert [email.subject for email in mailoutbox] == [f"Hồ sơ {dossier.code}: đã tiếp nhận hồ sơ"]
    assert Delivery.objects.get().status == Delivery.Status.SENT


@pytest.mark.django_db
def test_walk_to_the_returned_result_mails_receipt_result_and_return_but_not_internal_steps(mailoutbox):
    counter = make_counter()
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    leader = make_officer(counter.agency, Role.LEADER)
    dossier = receive(counter)
    walk = [
        ("chuyen-xu-ly", counter.officer),
        ("trinh-ky", specialist),
        ("ky-duyet", leader),
        ("tra-ket-qua", counter.officer),
    ]
    for hours, (code, actor) in enumerate(walk, start=1):
        dossier = services.act(
            dossier=dossier, action_code=code, actor=actor, at=MONDAY_MORNING + dt.timedelta(hours=hours)
        )
    run_outbox()
    assert [email.subject for email in mailoutbox] == [
        f"Hồ sơ {dossier.code}: đã tiếp nhận hồ sơ",
        f"Hồ sơ {dossier.code}: đã có kết quả giải quyết",
        f"Hồ sơ {dossier.code}: đã trả kết quả",
    ]
    assert "Bộ phận Một cửa của Trung tâm Phục vụ hành chính công để nhận kết quả" in mailoutbox[1].body
    assert list(Delivery.objects.values_list("topic", flat=True)) == [
        "dossier.received",
        "dossier.result_issued",
        "dossier.returned",
    ]


@pytest.mark.django_db
def test_linked_dossier_of_another_agency_is_not_mailed_twice(mailoutbox):
    dossier = receive(make_counter())
    Dossier.objects.filter(pk=dossier.pk).update(channel=Dossier.Channel.INTER_AGENCY)
    run_outbox()
    assert mailoutbox == []
    row = Delivery.objects.get()
    assert (row.status, row.skip_reason) == (Delivery.Status.SKIPPED, Delivery.SkipReason.INTER_AGENCY)


def _emit_supplement_request(dossier: Dossier, row: DossierEvent) -> None:
    with transaction.atomic():
        outbox.emit("dossier.supplement_requested", dossier, payload={"code": dossier.code, "event": row.pk})


def _supplement_row(dossier: Dossier) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        action="yeu-cau-bo-sung",
        at=MONDAY_MORNING + dt.timedelta(hours=2),
        to_step=dossier.step,
        status_after=5,
        details={"form": "02", "items": [{"content": "Bản vẽ mặt bằng", "reason": "thiếu chữ ký"}]},
    )


@pytest.mark.django_db
def test_supplement_email_lists_the_items_of_the_timeline_row_the_event_names(mailoutbox):
    counter = make_counter()
    dossier = receive(counter)
    _emit_supplement_request(dossier, _supplement_row(dossier))
    other = receive(counter, applicant={**APPLICANT, "email": "khac@example.vn"})
    _emit_supplement_request(other, _supplement_row(dossier))  # a row of another dossier is not shown
    run_outbox()
    bodies = {email.to[0]: email.body for email in mailoutbox if "bổ sung" in email.subject}
    assert "- Bản vẽ mặt bằng: thiếu chữ ký" in bodies[APPLICANT["email"]]
    assert "Bản vẽ mặt bằng" not in bodies["khac@example.vn"]
