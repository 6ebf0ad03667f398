"""Form 02 (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ): the officer asks the applicant, once, for
everything missing; the dossier takes its process's action to the supplement step (status 5, clock
paused)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from egov.core.errors import Conflict, ValidationFailed
from egov.dossiers import domain
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.dossiers.services import processing
from egov.dossiers.services.common import clean_note
from egov.dossiers.services.exception_rules import (
    FORM_SUPPLEMENT,
    MAX_SUPPLEMENT_ITEMS,
    _require_open,
    _require_received,
)
from egov.procedures import workflow

# --- Form 02: supplement request -----------------------------------------------------------------


def clean_items(items: Iterable[Any]) -> list[dict[str, str]]:
    """The missing items as ``[{"content", "reason"}]``: rows left blank are dropped; a row with a
    reason but no content, an empty list or more than 50 rows are refused (field ``items``)."""
    cleaned: list[dict[str, str]] = []
    for position, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            content, why = item.get("content", ""), item.get("reason", "")
        elif hasattr(item, "content"):
            content, why = item.content, getattr(item, "reason", "")
        else:
            content, why = item
        content = clean_note(str(content or ""), field="items")
        why = clean_note(str(why or ""), field="items")
        if not content and not why:
            continue
        if not content:
            raise ValidationFailed(
                f"Dòng {position}: hãy ghi nội dung cần bổ sung, hoàn thiện "
                "(đã có lý do nhưng chưa có nội dung).",
                code="dossier.supplement_item_without_content",
                message_en=f"Row {position}: state what must be added (a reason was given without content).",
                field="items",
            )
        cleaned.append({"content": content, "reason": why})
    if not cleaned:
        raise ValidationFailed(
            "Hãy liệt kê đầy đủ một lần mọi nội dung cần bổ sung, hoàn thiện hồ sơ và lý do.",
            code="dossier.supplement_items_required",
            message_en="List, in one request, everything the applicant must add, with reasons.",
            field="items",
        )
    if len(cleaned) > MAX_SUPPLEMENT_ITEMS:
        raise ValidationFailed(
            f"Phiếu yêu cầu bổ sung có {len(cleaned)} nội dung, "
            f"quá {MAX_SUPPLEMENT_ITEMS} nội dung cho phép.",
            code="dossier.supplement_too_many_items",
            message_en=f"The request lists {len(cleaned)} items, over the {MAX_SUPPLEMENT_ITEMS} allowed.",
            field="items",
        )
    return cleaned


def supplement_action(process: workflow.ProcessSpec, step: str) -> workflow.ActionSpec | None:
    """The process action that asks the applicant for a supplement from ``step``: it leaves ``step``
    for a step of national status 5 (Yêu cầu bổ sung giấy tờ). None when the process has none there."""
    for action in process.actions:
        target = process.step(action.to_step)
        if (
            action.from_step == step
            and target is not None
            and target.national_status == NationalStatus.SUPPLEMENT_REQUESTED
        ):
            return action
    return None


def request_supplement(
    *,
    dossier: Dossier,
    actor: Any,
    items: Sequence[Any],
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """Form 02 (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ): ask the applicant once for everything
    missing, each item with its reason.

    Takes the process action from the current step to the supplement step (status 5, clock paused)
    through `processing.act`, which checks the actor's role and permission and writes the timeline
    row (``details``: ``form`` "02", ``items``), the audit entry, the rollups and the outbox events
    ``dossier.step_completed`` and ``dossier.supplement_requested`` (with ``details``). Refused when
    the list is empty, when a request is still waiting for the applicant, and when the process has no
    supplement action from the current step.
    """
    moment = at or timezone.now()
    missing = clean_items(items)
    text = clean_note(note)
    doing = "yêu cầu bổ sung hồ sơ"
    with transaction.atomic():
        locked = processing.lock(dossier)
        _require_open(locked, doing)
        if (
            locked.national_status == NationalStatus.SUPPLEMENT_REQUESTED
            or locked.paused_for == NationalStatus.SUPPLEMENT_REQUESTED
        ):
            raise Conflict(
                "Hồ sơ đang chờ người nộp bổ sung theo phiếu yêu cầu đã gửi; chỉ yêu cầu bổ sung một lần, "
                "liệt kê đầy đủ mọi nội dung.",
                code="dossier.supplement_pending",
                message_en="A supplement request is already waiting for the applicant.",
            )
        _require_received(locked, doing)
        process = processing.process_of(locked)
        action = supplement_action(process, locked.step)
        if action is None:
            here = process.step(locked.step)
            raise domain.InvalidTransition(
                f"Quy trình “{process.code}” không có thao tác yêu cầu bổ sung hồ sơ ở bước "
                f"“{here.name if here is not None else locked.step}”.",
                code="dossier.supplement_not_in_process",
                message_en=f"Process {process.code!r} has no supplement action from step {locked.step!r}.",
            )
        return processing.act(
            dossier=locked,
            action_code=action.code,
            actor=actor,
            note=text,
            at=moment,
            details={"form": FORM_SUPPLEMENT, "items": missing},
        )
