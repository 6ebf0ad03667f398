"""Outbox handlers: e-mail the applicant about each dossier event that concerns them.

One handler, ``notifications.email``, is registered for every topic of `messages.APPLICANT_TOPICS`.
It runs in `egov worker`, outside any transaction (`atomic=False`: sending cannot be rolled back), and
keeps a `Delivery` row per outbox event and channel:

- the row is created (or found) first, under a row lock; a row already ``sent`` or ``skipped`` means
  the handler ran before for this event (a retry, a duplicate task): nothing is sent again;
- no address → ``skipped`` with its reason; nothing to retry;
- the send fails → the row shows ``failed``, the error and the attempts, and the exception goes up
  so the outbox retries later with backoff (and ends ``dead`` after the maximum attempts);
- the send succeeds → ``sent`` with the moment.

A worker killed between the SMTP server's "accepted" and the ``sent`` mark leaves the row pending, so
the retry sends again (at least once). The message keeps the same Message-ID on every attempt, so the
applicant's mail system can tell the two copies are one message.
"""

from __future__ import annotations

import logging
import traceback
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from egov.core import outbox
from egov.dossiers.models import Dossier, DossierEvent
from egov.notifications import messages
from egov.notifications.models import Delivery

logger = logging.getLogger(__name__)

EMAIL_HANDLER = "notifications.email"
"""The handler's name in the outbox's delivery records (renaming it would resend old events)."""

MAILER = "default"
"""The `MAILERS` alias the e-mails are sent through."""


def _dossier(delivery: outbox.Delivery) -> Dossier | None:
    rows = Dossier.objects.select_related("agency", "processing_agency", "version__procedure", "owner")
    if delivery.object_type == Dossier._meta.label_lower and delivery.object_id:
        found = rows.filter(pk=delivery.object_id).first()
        if found is not None:
            return found
    code = delivery.payload.get("code")
    return rows.filter(code=code).first() if code else None


def _timeline_row(delivery: outbox.Delivery, dossier: Dossier) -> DossierEvent | None:
    """The form-06 row the event names (``payload["event"]`` of act-based topics), if any."""
    event_id = delivery.payload.get("event")
    if not event_id:
        return None
    return DossierEvent.objects.filter(pk=event_id, dossier=dossier).first()


def _message_id(delivery: outbox.Delivery) -> str:
    """The same Message-ID on every attempt for this event and channel."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "egov.local"
    return f"<{delivery.event_id}.{Delivery.Channel.EMAIL}@{domain}>"


def _open_row(delivery: outbox.Delivery, dossier: Dossier) -> Delivery | None:
    """The event's e-mail row, created if new; None if it was sent or skipped already."""
    with transaction.atomic():
        row, _created = Delivery.objects.select_for_update().get_or_create(
            event_id=delivery.event_id,
            channel=Delivery.Channel.EMAIL,
            defaults={"dossier": dossier, "topic": delivery.topic},
        )
        if row.status in (Delivery.Status.SENT, Delivery.Status.SKIPPED):
            return None
        return row


def _save(row: Delivery, **changes: object) -> None:
    with transaction.atomic():
        for field, value in changes.items():
            setattr(row, field, value)
        row.save(update_fields=[*changes, "updated_at"])


def send_email(delivery: outbox.Delivery) -> None:
    """Tell the applicant about the event by e-mail, once, and log it on the dossier."""
    dossier = _dossier(delivery)
    if dossier is None:
        logger.warning("notification for a missing dossier", extra={"event": delivery.event_id})
        return
    row = _open_row(delivery, dossier)
    if row is None:
        return
    if dossier.channel == Dossier.Channel.INTER_AGENCY:
        _save(row, status=Delivery.Status.SKIPPED, skip_reason=Delivery.SkipReason.INTER_AGENCY)
        return
    try:
        message = messages.build(
            delivery.topic, dossier, payload=delivery.payload, event=_timeline_row(delivery, dossier)
        )
        recipient = messages.email_address(dossier)
        if not recipient:
            _save(
                row,
                status=Delivery.Status.SKIPPED,
                skip_reason=Delivery.SkipReason.NO_ADDRESS,
                subject=message.subject[:255],
                body=message.body,
            )
            return
        _save(
            row,
            recipient=recipient,
            subject=message.subject[:255],
            body=message.body,
            attempts=row.attempts + 1,
        )
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[recipient],
            headers={"Message-ID": _message_id(delivery), "Auto-Submitted": "auto-generated"},
        )
        email.send(using=MAILER)
    except Exception as error:
        _save(
            row,
            status=Delivery.Status.FAILED,
            error="".join(traceback.format_exception_only(error)).strip()[:2000],
        )
        raise
    _save(row, status=Delivery.Status.SENT, sent_at=timezone.now(), error="")


for _topic in messages.APPLICANT_TOPICS:
    outbox.handler(_topic, name=EMAIL_HANDLER)(send_email)
