"""What the applicant is told, and when: the topics that concern them and the message for each.

No database writes and no sending here: `build()` turns a dossier, the outbox event's payload and the
timeline row it names into a subject and a plain-text body, rendered in Vietnamese from the templates
`notifications/email/<topic>.txt` (e-mails are Vietnamese-only content, like the official forms). The
handlers (`egov.notifications.handlers`) decide whether and how to send it.

Internal topics (``dossier.step_completed``, ``dossier.assigned``, liên thông hand-overs) are not here:
they say nothing the applicant needs to act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from egov.core.vietnamese_dates import written_moment
from egov.dossiers.domain.state import NationalStatus

TOPIC_LABELS: dict[str, Any] = {
    "dossier.received": _("Đã tiếp nhận hồ sơ"),
    "dossier.accepted": _("Hồ sơ trực tuyến được tiếp nhận"),
    "dossier.supplement_requested": _("Yêu cầu bổ sung hồ sơ"),
    "dossier.financial_obligation_requested": _("Thông báo thực hiện nghĩa vụ tài chính"),
    "dossier.resumed": _("Tiếp tục giải quyết hồ sơ"),
    "dossier.extended": _("Xin lỗi và hẹn lại ngày trả kết quả"),
    "dossier.refused": _("Từ chối tiếp nhận, giải quyết hồ sơ"),
    "dossier.stopped": _("Dừng giải quyết hồ sơ"),
    "dossier.withdrawn": _("Rút hồ sơ"),
    "dossier.result_issued": _("Có kết quả giải quyết"),
    "dossier.returned": _("Đã trả kết quả"),
}
"""The topics that concern the applicant, each with its label on the dossier page (translated UI)."""

APPLICANT_TOPICS: tuple[str, ...] = tuple(TOPIC_LABELS)

SUBJECTS: dict[str, str] = {
    "dossier.received": "Hồ sơ {code}: đã tiếp nhận hồ sơ",
    "dossier.accepted": "Hồ sơ {code}: hồ sơ trực tuyến đã được tiếp nhận",
    "dossier.supplement_requested": "Hồ sơ {code}: đề nghị bổ sung, hoàn thiện hồ sơ",
    "dossier.financial_obligation_requested": "Hồ sơ {code}: thông báo thực hiện nghĩa vụ tài chính",
    "dossier.resumed": "Hồ sơ {code}: hồ sơ tiếp tục được giải quyết",
    "dossier.extended": "Hồ sơ {code}: thư xin lỗi và hẹn lại ngày trả kết quả",
    "dossier.refused": "Hồ sơ {code}: từ chối tiếp nhận, giải quyết hồ sơ",
    "dossier.stopped": "Hồ sơ {code}: thông báo dừng giải quyết hồ sơ",
    "dossier.withdrawn": "Hồ sơ {code}: xác nhận rút hồ sơ",
    "dossier.result_issued": "Hồ sơ {code}: đã có kết quả giải quyết",
    "dossier.returned": "Hồ sơ {code}: đã trả kết quả",
}
"""E-mail subjects (Vietnamese only, like the bodies); ``{code}`` is the dossier code."""

RETURN_METHOD_TEXTS = {
    "counter": "Ông/Bà vui lòng đến Bộ phận Một cửa của {agency} để nhận kết quả, mang theo Giấy tiếp "
    "nhận hồ sơ và hẹn trả kết quả và giấy tờ tùy thân.",
    "online": "Kết quả điện tử được trả trên hệ thống; Ông/Bà đăng nhập tài khoản dịch vụ công hoặc "
    "tra cứu theo mã hồ sơ để nhận kết quả.",
    "post": "Kết quả sẽ được gửi qua dịch vụ bưu chính đến địa chỉ Ông/Bà đã đăng ký{address}.",
}
"""How the applicant receives the result, by the dossier's ``return_method``."""

ITEM_KEYS = ("items", "missing", "papers")
"""Keys of a timeline row's ``details`` that may list what is asked of the applicant (form 02)."""


@dataclass(frozen=True)
class Message:
    """An e-mail ready to send: subject and plain-text body (HTML left for later)."""

    topic: str
    subject: str
    body: str


def concerns_applicant(topic: str) -> bool:
    return topic in TOPIC_LABELS


def topic_label(topic: str) -> str:
    return str(TOPIC_LABELS.get(topic, topic))


def email_address(dossier: Any) -> str:
    """Where the applicant reads e-mail: the address given with the dossier, else their account's."""
    address = (dossier.applicant_email or "").strip()
    if not address and dossier.owner_id is not None:
        address = (dossier.owner.email or "").strip()
    return address


def public_url() -> str:
    """The address citizens reach the site at (`EGOV_PUBLIC_URL`), without a trailing slash."""
    return str(getattr(settings, "EGOV_PUBLIC_URL", "http://127.0.0.1:8000")).rstrip("/")


def lookup_url(code: str) -> str:
    """The public lookup page of a dossier, `<EGOV_PUBLIC_URL>/tra-cuu/<code>/` (the QR of form 01)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("dossier_lookup:detail", args=[code])
    return public_url() + path


def item_texts(details: Mapping[str, Any] | None) -> list[str]:
    """The papers or obligations a timeline row asks for, one line each.

    Accepts the shapes a form-02 request may take in ``DossierEvent.details``: a list of names, or a
    list of objects with ``content`` (or ``name``/``paper``/``title``) and an optional ``reason`` (or
    ``note``), as `dossiers.services.exceptions.request_supplement` writes them."""
    if not details:
        return []
    raw: Any = None
    for key in ITEM_KEYS:
        if details.get(key):
            raw = details[key]
            break
    if raw is None:
        return []
    if isinstance(raw, str | Mapping):
        raw = [raw]
    lines = []
    for item in raw:
        if isinstance(item, Mapping):
            name = str(
                item.get("content") or item.get("name") or item.get("paper") or item.get("title") or ""
            ).strip()
            why = str(item.get("reason") or item.get("note") or "").strip()
            text = f"{name}: {why}" if name and why else name or why
        else:
            text = str(item).strip()
        if text:
            lines.append(text)
    return lines


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _written(value: Any) -> str:
    moment = _moment(value)
    return written_moment(moment) if moment is not None else ""


def _reason(payload: Mapping[str, Any], event: Any, dossier: Any) -> str:
    details = (event.details or {}) if event is not None else {}
    note = getattr(event, "note", "")
    candidates = (payload.get("reason"), details.get("reason"), note, dossier.closure_reason)
    for text in candidates:
        if text and str(text).strip():
            return str(text).strip()
    return ""


def _extension(payload: Mapping[str, Any], dossier: Any) -> dict[str, str]:
    """The new appointment of form 04: from the payload if it says, else the dossier's last extension."""
    last: Mapping[str, Any] = dossier.extensions[-1] if dossier.extensions else {}
    previous = payload.get("old_due_at") or payload.get("previous_due") or last.get("previous_due")
    new = payload.get("new_due_at") or payload.get("new_due") or last.get("new_due") or dossier.due_at
    return {
        "previous_due_text": _written(previous) or _written(dossier.original_due_at),
        "new_due_text": _written(new),
        "reason": str(payload.get("reason") or last.get("reason") or "").strip(),
    }


def context(
    topic: str, dossier: Any, *, payload: Mapping[str, Any] | None = None, event: Any = None
) -> dict[str, Any]:
    """Everything a template may show: the dossier's facts written the Vietnamese way."""
    payload = payload or {}
    details = (event.details or {}) if event is not None else dict(payload.get("details") or {})
    agency = dossier.agency.name
    address = (dossier.applicant_address or "").strip()
    method = dossier.return_method or "counter"
    return {
        "topic": topic,
        "code": dossier.code,
        "applicant_name": dossier.applicant_name,
        "procedure_name": dossier.version.name,
        "procedure_code": dossier.version.procedure.national_code,
        "agency_name": agency,
        "processing_agency_name": dossier.processing_agency.name if dossier.processing_agency_id else agency,
        "channel": dossier.channel,
        "is_registered_online": dossier.national_status == NationalStatus.REGISTERED,
        "received_text": written_moment(dossier.received_at),
        "due_text": _written(payload.get("due_at")) or written_moment(dossier.due_at),
        "finished_text": written_moment(dossier.finished_at) if dossier.finished_at else "",
        "lookup_url": lookup_url(dossier.code),
        "items": item_texts(details),
        "note": (getattr(event, "note", "") or "").strip() if event is not None else "",
        "reason": _reason(payload, event, dossier),
        "amount": details.get("amount") or payload.get("amount") or "",
        "legal_basis": str(details.get("legal_basis") or payload.get("legal_basis") or "").strip(),
        "extension": _extension(payload, dossier),
        "return_method": method,
        "return_text": RETURN_METHOD_TEXTS.get(method, RETURN_METHOD_TEXTS["counter"]).format(
            agency=agency, address=f" ({address})" if address else ""
        ),
    }


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Template output as a neat e-mail: no trailing blanks, at most one empty line in a row."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def build(
    topic: str, dossier: Any, *, payload: Mapping[str, Any] | None = None, event: Any = None
) -> Message:
    """The e-mail telling the applicant about `topic` (one of `APPLICANT_TOPICS`)."""
    if topic not in SUBJECTS:
        raise ValueError(f"No applicant message for topic {topic!r}.")
    values = context(topic, dossier, payload=payload, event=event)
    with translation.override("vi"):
        body = render_to_string(f"notifications/email/{topic}.txt", values)
    return Message(topic=topic, subject=SUBJECTS[topic].format(code=dossier.code), body=tidy(body))


def mask_email(address: str) -> str:
    """'huong.nguyen@example.vn' → 'hu***@example.vn': enough to recognise, not to copy."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return mask_text(address)
    keep = 2 if len(local) > 3 else 1
    return f"{local[:keep]}***@{domain}"


def mask_text(value: str) -> str:
    """A phone number or other handle: the first three and last three characters, the rest hidden."""
    text = value.strip()
    if len(text) <= 6:
        return text[:1] + "***" if text else ""
    return f"{text[:3]}***{text[-3:]}"


def mask_recipient(channel: str, value: str) -> str:
    if not value:
        return ""
    return mask_email(value) if channel == "email" else mask_text(value)
