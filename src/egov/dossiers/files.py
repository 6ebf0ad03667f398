"""Files of a dossier: checked before anything is written, stored only when the transaction commits.

`check_uploads` refuses a wrong type or size with a Vietnamese message before a use case touches
the database; `attach` writes the `DossierFile` rows inside the caller's transaction and hands the
bytes to the storage in `transaction.on_commit`, so a rolled-back use case leaves no file behind and
a committed one never points at a file that was not written (DESIGN.md "Data flow of a dossier").
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from egov.core import antivirus
from egov.core.errors import ValidationFailed
from egov.dossiers.models import Dossier, DossierEvent, DossierFile, DossierPaper

#: What a dossier file may be, recognised by its first bytes (never by the name the browser sent).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
ALLOWED_TEXT = "PDF, JPG, PNG"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Upload:
    """A file as received from a form or the API, before it is checked."""

    name: str
    content: bytes
    paper_id: int | None = None
    """The paper of the procedure's list this file is a scan of (None for a loose file)."""


@dataclass(frozen=True)
class CheckedUpload:
    upload: Upload
    content_type: str
    extension: str
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "EGOV_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _display_name(name: str) -> str:
    cleaned = PurePath(name.replace("\\", "/")).name.strip()
    return cleaned[:255] or "tep"


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) of ``content`` when it is an allowed kind, else None."""
    for magic, content_type, extension in SIGNATURES:
        if content.startswith(magic):
            return content_type, extension
    return None


def check_uploads(uploads: Sequence[Upload]) -> list[CheckedUpload]:
    """Every upload checked: not empty, not over the size limit, a PDF/JPEG/PNG by content, and
    clean for ClamAV where it is configured (`egov.core.antivirus`). Refused as a whole (field
    ``files``) on the first bad file, naming it."""
    limit = max_bytes()
    checked = []
    for upload in uploads:
        name = _display_name(upload.name)
        if not upload.content:
            raise ValidationFailed(
                f"Tệp “{name}” rỗng.",
                code="dossier.file_empty",
                message_en=f"File {name!r} is empty.",
                field="files",
            )
        if len(upload.content) > limit:
            raise ValidationFailed(
                f"Tệp “{name}” lớn hơn {limit // (1024 * 1024)} MB cho phép.",
                code="dossier.file_too_large",
                message_en=f"File {name!r} is larger than the {limit // (1024 * 1024)} MB allowed.",
                field="files",
                max_bytes=limit,
            )
        _scan(name, upload.content)  # before the type: an infected file is named as such
        kind = sniff(upload.content)
        if kind is None:
            raise ValidationFailed(
                f"Tệp “{name}” không phải là tệp {ALLOWED_TEXT}; chỉ nhận các loại tệp này.",
                code="dossier.file_type_not_allowed",
                message_en=f"File {name!r} is not one of {ALLOWED_TEXT}.",
                field="files",
            )
        checked.append(
            CheckedUpload(
                upload=Upload(name=name, content=upload.content, paper_id=upload.paper_id),
                content_type=kind[0],
                extension=kind[1],
                sha256=hashlib.sha256(upload.content).hexdigest(),
            )
        )
    return checked


def _scan(name: str, content: bytes) -> None:
    """Where clamd is configured (``EGOV_CLAMD_URL``), an infected file is refused, and so is every
    file while clamd cannot scan: nothing is accepted unscanned."""
    if not antivirus.is_configured():
        return
    try:
        verdict = antivirus.scan(content)
    except antivirus.AntivirusUnavailable as error:
        logger.error("antivirus unavailable: %s", error)
        raise ValidationFailed(
            "Hệ thống kiểm tra virus đang tạm thời không hoạt động nên chưa nhận được tệp "
            f"“{name}”. Vui lòng thử lại sau ít phút.",
            code="dossier.antivirus_unavailable",
            message_en=f"The virus scanner is unavailable, so {name!r} cannot be accepted now. "
            "Please try again in a few minutes.",
            field="files",
            status=503,
        ) from error
    if not verdict.clean:
        logger.warning("infected upload refused: %s (%s)", name, verdict.signature)
        raise ValidationFailed(
            f"Tệp “{name}” bị phát hiện có mã độc ({verdict.signature}) nên không được nhận.",
            code="dossier.file_infected",
            message_en=f"File {name!r} contains malware ({verdict.signature}) and was refused.",
            field="files",
            signature=verdict.signature,
        )


def attach(
    dossier: Dossier,
    uploads: Sequence[CheckedUpload],
    *,
    kind: str,
    by: Any = None,
    event: DossierEvent | None = None,
    papers: dict[int, DossierPaper] | None = None,
) -> list[DossierFile]:
    """Rows for ``uploads`` now, bytes to the storage when the surrounding transaction commits.

    ``papers`` maps a procedure paper id to the dossier's received paper, to link a scan to it."""
    rows = []
    for checked in uploads:
        paper = (papers or {}).get(checked.upload.paper_id) if checked.upload.paper_id else None
        row = DossierFile(
            dossier=dossier,
            paper=paper,
            kind=kind,
            name=checked.upload.name,
            content_type=checked.content_type,
            size=len(checked.upload.content),
            sha256=checked.sha256,
            storage_token=secrets.token_hex(16),
            extension=checked.extension,
            uploaded_by=by if getattr(by, "pk", None) else None,
            event=event,
        )
        row.file.name = f"dossiers/{dossier.pk}/{row.storage_token}{row.extension}"
        rows.append(row)
        transaction.on_commit(_store(row.file.name, checked.upload.content))
    DossierFile.objects.bulk_create(rows)
    return rows


def _store(name: str, content: bytes) -> Any:
    def store() -> None:
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # pragma: no cover - random names do not collide
            raise RuntimeError(f"storage renamed {name} to {saved}")

    return store


def read(row: DossierFile) -> bytes:
    with default_storage.open(row.file.name, "rb") as handle:
        return bytes(handle.read())
