"""What the dossier page shows of the delivery log (`dossiers/_notifications.html`).

The dossier page calls `notifications_context(dossier)` and includes the template; recipients are
partly masked, since the page is read by officers who do not need the full address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egov.core.vietnamese_dates import table_moment
from egov.notifications import messages, selectors
from egov.notifications.models import Delivery


@dataclass(frozen=True)
class NoticeRow:
    """One line of the table “Thông báo đã gửi”."""

    moment: str
    topic: str
    channel: str
    recipient: str
    status: str
    status_code: str
    detail: str


def _row(delivery: Delivery) -> NoticeRow:
    if delivery.status == Delivery.Status.SKIPPED:
        detail = delivery.get_skip_reason_display()
    elif delivery.status == Delivery.Status.FAILED:
        detail = delivery.error.splitlines()[-1] if delivery.error else ""
    else:
        detail = ""
    return NoticeRow(
        moment=table_moment(delivery.sent_at or delivery.created_at),
        topic=messages.topic_label(delivery.topic),
        channel=delivery.get_channel_display(),
        recipient=messages.mask_recipient(delivery.channel, delivery.recipient),
        status=delivery.get_status_display(),
        status_code=delivery.status,
        detail=str(detail),
    )


def notifications_context(dossier: Any) -> dict[str, list[NoticeRow]]:
    """Template context for `dossiers/_notifications.html`: ``{"notifications": [...]}``."""
    return {"notifications": [_row(delivery) for delivery in selectors.deliveries_of(dossier)]}
