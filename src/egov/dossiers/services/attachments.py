"""Attachments: scans added to a dossier while it is being processed (a page scanned late, a paper
the applicant brought to the counter without an action of the process).

Not a hand-over, so no timeline row (form 06); an audit entry and ``dossier.files_attached`` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from egov.accounts import permissions
from egov.core import audit, outbox
from egov.core.errors import PermissionDenied, ValidationFailed
from egov.dossiers import domain, files
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.models import Dossier, DossierFile
from egov.dossiers.services.common import clean_note
from egov.dossiers.services.processing import lock

ATTACH_ACTIONS = ("dossiers.receive", "dossiers.process")


def attach_scans(
    *, dossier: Dossier, actor: Any, uploads: Sequence[files.Upload], note: str = ""
) -> list[DossierFile]:
    """Add scans (PDF/JPEG/PNG, checked before anything is written, stored on commit) to an open
    dossier; an upload naming a paper of the procedure's list is linked to that paper as received.
    The actor must hold a receiving or processing role for the agency handling the current step
    (held there, above it or in a division below it, as for `act`)."""
    checked = files.check_uploads(uploads)
    if not checked:
        raise ValidationFailed(
            "Hãy chọn ít nhất một tệp.",
            code="dossier.files_missing",
            message_en="Choose at least one file.",
            field="files",
        )
    text = clean_note(note)
    with transaction.atomic():
        locked = lock(dossier)
        responsible = locked.permission_agency()
        allowed = {role for name in ATTACH_ACTIONS for role in permissions.action(name).roles}
        acting = [
            grant for grant in dossier_selectors.acting_grants(actor, responsible) if grant.role in allowed
        ]
        if not acting:
            raise PermissionDenied(
                "Bạn không xử lý hồ sơ này nên không bổ sung tệp được.",
                code="dossier.attach_not_allowed",
                message_en="Only officers handling the dossier may add files to it.",
            )
        if not locked.is_open:
            raise domain.InvalidTransition(
                "Hồ sơ đã kết thúc nên không bổ sung tệp được.",
                message_en="The dossier is finished; no file can be added.",
            )
        received = {paper.paper_id: paper for paper in locked.papers.all() if paper.paper_id is not None}
        stored = files.attach(locked, checked, kind=DossierFile.Kind.SCAN, by=actor, papers=received)
        audit.record(
            actor,
            "dossier.files_attached",
            locked,
            files=[row.sha256 for row in stored],
            names=[row.name for row in stored],
            note=text,
        )
        outbox.emit(
            "dossier.files_attached",
            locked,
            payload={"code": locked.code, "files": [row.pk for row in stored]},
        )
    return stored
