"""The applicant answers a supplement request (form 02) online: the papers asked for are uploaded and
the dossier goes back to the step that asked, the clock resuming (or restarting) as its process says.

This is a thin wrapper around `processing.act`, the very path the counter officer's "Nộp giấy tờ bổ
sung" takes: it finds the process action that leaves the supplement step (status 5) and is open to the
``applicant`` role, and takes it as the dossier's owner with the uploaded files. `processing.act`
locks the row, applies the clock effect (pause/resume with the remaining time, or restart, per the
process's ``supplement_clock``), stores the files as kind "supplement" when the transaction commits,
writes the timeline row, the audit entry ``dossier.action``, the rollups and the outbox events
``dossier.step_completed`` and ``dossier.resumed``. What this module adds is what only the citizen
path needs: the owner alone may answer (anyone else is told the dossier does not exist), only while
the request waits, with at least one file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from egov.core.errors import NotFound, ValidationFailed
from egov.dossiers import domain, files
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier, DossierEvent
from egov.dossiers.services import processing
from egov.dossiers.services.common import clean_note
from egov.dossiers.services.exceptions import FORM_SUPPLEMENT
from egov.procedures import workflow


def _not_found(dossier: Dossier) -> NotFound:
    return NotFound(
        f"Không tìm thấy hồ sơ có mã {dossier.code}.",
        code="dossier.not_found",
        message_en=f"No dossier has the code {dossier.code}.",
    )


def return_action(process: workflow.ProcessSpec, step: str) -> workflow.ActionSpec | None:
    """The action that brings a dossier back from the supplement step ``step`` (status 5) once the
    applicant has answered: it leaves ``step``, the applicant may take it, and it resumes or restarts
    the clock. None when the process has no such action there."""
    here = process.step(step)
    if here is None or here.national_status != NationalStatus.SUPPLEMENT_REQUESTED:
        return None
    for action in process.actions:
        if (
            action.from_step == step
            and workflow.APPLICANT in action.roles
            and str(action.clock_effect) in ("resume", "restart")
        ):
            return action
    return None


def pending_request(dossier: Dossier) -> DossierEvent | None:
    """The form-02 timeline row the dossier is waiting on (the latest one), None when none waits."""
    if dossier.national_status != NationalStatus.SUPPLEMENT_REQUESTED:
        return None
    return dossier.events.filter(details__form=FORM_SUPPLEMENT).order_by("-at", "-pk").first()


def submit_supplement(
    *,
    dossier: Dossier,
    citizen: Any,
    uploads: Sequence[files.Upload],
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The owner sends the papers asked for on form 02 (Thông tư 03/2025/TT-VPCP annex I).

    Refused, with nothing written and no file stored: a caller who is not the dossier's owner
    (`NotFound`, so a guessed code reveals nothing), a dossier not waiting for a supplement
    (``dossier.supplement_not_waiting``), no file (``dossier.files_missing``), a file that is not a
    PDF/JPEG/PNG or is too large (`files.check_uploads`), a note over 2,000 characters. The timeline row
    records ``details["answers"]``, the form-02 row answered.
    """
    checked = files.check_uploads(uploads)
    if not checked:
        raise ValidationFailed(
            "Hãy chọn ít nhất một tệp giấy tờ bổ sung.",
            code="dossier.files_missing",
            message_en="Choose at least one file to send.",
            field="files",
        )
    text = clean_note(note)
    with transaction.atomic():
        locked = processing.lock(dossier)
        if locked.owner_id is None or locked.owner_id != getattr(citizen, "pk", None):
            raise _not_found(locked)
        if not getattr(citizen, "is_active", False):
            raise _not_found(locked)
        if not locked.is_open or locked.national_status != NationalStatus.SUPPLEMENT_REQUESTED:
            raise domain.InvalidTransition(
                "Hồ sơ không ở trạng thái chờ bổ sung giấy tờ nên không nộp bổ sung được.",
                code="dossier.supplement_not_waiting",
                message_en="The dossier is not waiting for a supplement.",
            )
        action = return_action(processing.process_of(locked), locked.step)
        if action is None:
            raise domain.InvalidTransition(
                "Quy trình của hồ sơ không cho phép nộp bổ sung trực tuyến; "
                "hãy nộp giấy tờ bổ sung tại bộ phận một cửa.",
                code="dossier.supplement_not_online",
                message_en="The dossier's process does not take supplements online.",
            )
        request = pending_request(locked)
        return processing.act(
            dossier=locked,
            action_code=action.code,
            actor=citizen,
            note=text,
            at=at,
            uploads=[item.upload for item in checked],
            details={"answers": request.pk} if request is not None else None,
        )
