"""Use cases of the online submission (nộp hồ sơ trực tuyến): start or resume a draft, save the
declaration, attach and remove the papers' files, submit, delete.

Each function is one transaction, checks that the draft belongs to the citizen and is still usable,
and writes files to the storage only when it commits (and deletes them only then). `submit` hands
the draft to `egov.dossiers.services.intake.receive` with the draft's idempotency key and links the
dossier to the draft in the same transaction, so confirming twice (double click, back button, retry,
two requests at once) gives one dossier.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from egov.accounts import selectors as account_selectors
from egov.core import audit
from egov.core.errors import Conflict, NotFound, ValidationFailed
from egov.dossiers import files
from egov.dossiers.models import Dossier
from egov.dossiers.services import intake
from egov.organizations.models import Agency
from egov.portal import draft_rules
from egov.portal import selectors_drafts as selectors
from egov.portal.models import Draft, DraftFile
from egov.procedures.models import Procedure, ProcedureVersion

APPLICANT_KEYS = ("full_name", "citizen_id", "phone", "email", "address")


class DraftExpired(ValidationFailed):
    """The draft was kept ``EGOV_DRAFT_DAYS`` after its last change and is gone for good."""

    code = "draft.expired"
    status = 410
    message_vi = (
        "Hồ sơ nháp này đã hết hạn lưu giữ nên không thể tiếp tục hay nộp được nữa. "
        "Vui lòng bắt đầu nộp lại hồ sơ mới."
    )
    message_en = "This draft has expired and can no longer be continued or submitted. Please start again."


class DraftSubmitted(Conflict):
    """The draft already became a dossier; it can no longer be changed."""

    code = "draft.submitted"
    message_vi = "Hồ sơ này đã được nộp nên không thể sửa hồ sơ nháp nữa."
    message_en = "This draft was already submitted and can no longer be changed."


def draft_days() -> int:
    return int(getattr(settings, "EGOV_DRAFT_DAYS", draft_rules.DEFAULT_DRAFT_DAYS))


def _expiry(at: dt.datetime) -> dt.datetime:
    return draft_rules.expires_at(at, days=draft_days())


def default_return_method(version: ProcedureVersion) -> str:
    """Online for a "toàn trình" procedure (the result comes online too), at the counter otherwise."""
    if version.online_level == ProcedureVersion.OnlineLevel.FULL:
        return Dossier.ReturnMethod.ONLINE
    return Dossier.ReturnMethod.COUNTER


def return_methods(version: ProcedureVersion) -> list[str]:
    """The ways a citizen may receive the result of ``version``: online only for "toàn trình"."""
    methods = [Dossier.ReturnMethod.COUNTER, Dossier.ReturnMethod.POST]
    if version.online_level == ProcedureVersion.OnlineLevel.FULL:
        methods.insert(0, Dossier.ReturnMethod.ONLINE)
    return [str(method) for method in methods]


# --- loading and checking a draft ----------------------------------------------------------------


def _locked(draft: Draft | Any, owner: Any) -> Draft:
    """The draft row locked for this transaction, if it is the owner's (NotFound otherwise: another
    citizen learns nothing, not even that it exists)."""
    draft_id = draft.pk if isinstance(draft, Draft) else draft
    found = (
        Draft.objects.select_for_update(of=("self",))
        .filter(pk=draft_id, owner_id=getattr(owner, "pk", None))
        .select_related("procedure", "version", "agency")
        .first()
    )
    if found is None:
        raise NotFound(
            "Không tìm thấy hồ sơ nháp này.",
            code="draft.not_found",
            message_en="This draft was not found.",
        )
    return found


def _usable(draft: Draft, at: dt.datetime) -> None:
    if draft.dossier_id is not None:
        raise DraftSubmitted()
    if draft_rules.is_expired(draft.expires_at, now=at):
        raise DraftExpired()


def _touch(draft: Draft, at: dt.datetime, *fields: str) -> None:
    draft.expires_at = _expiry(at)
    draft.save(update_fields=[*fields, "expires_at", "updated_at"])


def _delete_on_commit(names: Sequence[str]) -> None:
    for name in names:
        if name:
            transaction.on_commit(lambda name=name: default_storage.delete(name))


def _remove(draft: Draft) -> None:
    """Delete ``draft`` and, once the deletion commits, its files' bytes."""
    names = list(draft.files.values_list("file", flat=True))
    draft.delete()
    _delete_on_commit(names)


# --- use cases ----------------------------------------------------------------------------------


def start_draft(
    *, owner: Any, procedure: Procedure, agency: Agency | None = None, at: dt.datetime | None = None
) -> Draft:
    """The citizen's open draft for ``procedure`` (resumed), or a new one for the version in force,
    with the applicant block filled from the profile. ``agency`` is the receiving agency the citizen
    chose; it may be left out only when the version has a single one. Expired drafts of the same
    procedure, and those of a version no longer in force, are deleted with their files."""
    moment = at or timezone.now()
    if getattr(owner, "pk", None) is None:
        raise ValidationFailed(
            "Hãy đăng nhập để nộp hồ sơ trực tuyến.",
            code="dossier.online_requires_account",
            message_en="Sign in to file a dossier online.",
        )
    version = selectors.version_for_submission(procedure, moment)
    if version is None:
        raise ValidationFailed(
            "Thủ tục này chưa nhận hồ sơ trực tuyến; vui lòng nộp hồ sơ trực tiếp hoặc qua dịch vụ "
            "bưu chính tại cơ quan tiếp nhận.",
            code="draft.not_online",
            message_en="This procedure does not take dossiers online.",
            field="procedure",
        )
    agencies = selectors.receiving_agencies(version)
    if agency is None:
        agency = agencies[0] if len(agencies) == 1 else None
    elif agency.pk not in {candidate.pk for candidate in agencies}:
        raise ValidationFailed(
            f"{agency.name} không tiếp nhận hồ sơ của thủ tục này; vui lòng chọn cơ quan khác.",
            code="dossier.agency_not_receiving",
            message_en=f"{agency.name} does not receive dossiers of this procedure.",
            field="agency",
        )
    if agency is None:
        raise ValidationFailed(
            "Vui lòng chọn cơ quan tiếp nhận hồ sơ.",
            code="draft.agency_required",
            message_en="Choose the agency that receives the dossier.",
            field="agency",
        )
    with transaction.atomic():
        mine = Draft.objects.select_for_update().filter(
            owner=owner, procedure=procedure, dossier__isnull=True
        )
        # Expired drafts, and drafts of a version no longer in force, cannot be submitted any more.
        for stale in mine.filter(Q(expires_at__lte=moment) | ~Q(version=version)):
            _remove(stale)
        current = mine.filter(expires_at__gt=moment).order_by("-updated_at").first()
        if current is not None:
            if current.agency_id != agency.pk:
                current.agency = agency
                _touch(current, moment, "agency")
            return current
        draft = Draft.objects.create(
            owner=owner,
            procedure=procedure,
            version=version,
            agency=agency,
            applicant=account_selectors.applicant_prefill(owner),
            return_method=default_return_method(version),
            step=draft_rules.FORM,
            expires_at=_expiry(moment),
        )
    return draft


def save_form(
    *,
    draft: Draft,
    owner: Any,
    applicant: Mapping[str, Any],
    eform_document: Mapping[str, Any],
    return_method: str,
    complete: bool,
    at: dt.datetime | None = None,
) -> Draft:
    """Keep the applicant block, the declaration and the return method. ``complete`` (the form was
    checked and is valid) opens the papers step; otherwise the draft keeps what was typed and goes
    back to the declaration step until it is completed."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = _locked(draft, owner)
        _usable(locked, moment)
        if return_method and return_method not in return_methods(locked.version):
            raise ValidationFailed(
                "Hình thức nhận kết quả không hợp lệ.",
                code="dossier.return_method_invalid",
                message_en=f"Unknown return method {return_method!r}.",
                field="return_method",
            )
        locked.applicant = {key: str(applicant.get(key) or "") for key in APPLICANT_KEYS}
        locked.eform_document = dict(eform_document)
        locked.return_method = return_method or locked.return_method
        # An unchecked declaration closes the later steps until it is completed (the files stay).
        locked.step = draft_rules.furthest(locked.step, draft_rules.PAPERS) if complete else draft_rules.FORM
        _touch(locked, moment, "applicant", "eform_document", "return_method", "step")
    return locked


def attach_files(
    *, draft: Draft, owner: Any, uploads: Sequence[files.Upload], at: dt.datetime | None = None
) -> list[DraftFile]:
    """Attach one file to each named paper of the version's list, replacing a file it had. Every
    upload is checked first (type from the bytes, size, antivirus where configured): one bad file
    and nothing is attached. Bytes are written when the transaction commits; a replaced file's bytes
    are deleted then."""
    moment = at or timezone.now()
    checked = files.check_uploads(uploads)
    with transaction.atomic():
        locked = _locked(draft, owner)
        _usable(locked, moment)
        papers = {paper.pk: paper for paper in locked.version.papers.all()}
        rows: list[DraftFile] = []
        replaced: list[str] = []
        for item in checked:
            paper = papers.get(item.upload.paper_id) if item.upload.paper_id is not None else None
            if paper is None:
                raise ValidationFailed(
                    "Giấy tờ đã chọn không thuộc thành phần hồ sơ của thủ tục này.",
                    code="dossier.paper_unknown",
                    message_en=f"Paper {item.upload.paper_id} is not in this procedure's list.",
                    field="files",
                )
            for old in locked.files.filter(paper=paper):
                replaced.append(old.file.name)
                old.delete()
            row = DraftFile(
                draft=locked,
                paper=paper,
                name=item.upload.name,
                content_type=item.content_type,
                size=len(item.upload.content),
                sha256=item.sha256,
                storage_token=secrets.token_hex(16),
                extension=item.extension,
            )
            row.file.name = f"drafts/{locked.pk}/{row.storage_token}{row.extension}"
            row.save()
            rows.append(row)
            transaction.on_commit(_store(row.file.name, item.upload.content))
        _delete_on_commit(replaced)
        _touch(locked, moment)
    return rows


def attach_file(
    *, draft: Draft, owner: Any, upload: files.Upload, at: dt.datetime | None = None
) -> DraftFile:
    """`attach_files` for one file."""
    return attach_files(draft=draft, owner=owner, uploads=[upload], at=at)[0]


def _require_papers(draft: Draft) -> None:
    missing = selectors.missing_papers(draft)
    if missing:
        names = "; ".join(slot.name for slot in missing)
        raise ValidationFailed(
            f"Hồ sơ còn thiếu tệp của giấy tờ bắt buộc: {names}.",
            code="draft.papers_missing",
            message_en=f"Required papers have no file yet: {names}.",
            field="papers",
            missing=[slot.paper_id for slot in missing],
        )


def finish_papers(*, draft: Draft, owner: Any, at: dt.datetime | None = None) -> Draft:
    """The citizen is done with the papers: the review opens once every required paper has a file
    (refused naming every one still missing)."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = _locked(draft, owner)
        _usable(locked, moment)
        if not draft_rules.may_open(draft_rules.PAPERS, reached=locked.step):
            raise ValidationFailed(
                "Vui lòng hoàn thành tờ khai trước khi đính kèm giấy tờ.",
                code="draft.form_incomplete",
                message_en="Complete the declaration first.",
                field="eform",
            )
        _require_papers(locked)
        locked.step = draft_rules.furthest(locked.step, draft_rules.REVIEW)
        _touch(locked, moment, "step")
    return locked


def _store(name: str, content: bytes) -> Any:
    def store() -> None:
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # pragma: no cover - random names do not collide
            raise RuntimeError(f"storage renamed {name} to {saved}")

    return store


def remove_file(*, draft: Draft, owner: Any, file_id: int, at: dt.datetime | None = None) -> None:
    """Take a file off the draft; its bytes are deleted when the transaction commits."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = _locked(draft, owner)
        _usable(locked, moment)
        row = locked.files.filter(pk=file_id).first()
        if row is None:
            raise NotFound(
                "Không tìm thấy tệp này trong hồ sơ nháp.",
                code="draft.file_not_found",
                message_en="This file is not in the draft.",
            )
        name = row.file.name
        row.delete()
        _delete_on_commit([name])
        _touch(locked, moment)


def delete_draft(*, draft: Draft, owner: Any) -> None:
    """The citizen gives up a draft: it is deleted with its files (a submitted one cannot be)."""
    with transaction.atomic():
        locked = _locked(draft, owner)
        if locked.dossier_id is not None:
            raise DraftSubmitted()
        _remove(locked)


def _uploads(draft: Draft) -> list[files.Upload]:
    uploads = []
    for row in draft.files.order_by("created_at", "pk"):
        with default_storage.open(row.file.name, "rb") as handle:
            uploads.append(files.Upload(name=row.name, content=handle.read(), paper_id=row.paper_id))
    return uploads


def submit(*, draft: Draft, owner: Any, at: dt.datetime | None = None) -> intake.Received:
    """Send the draft to the receiving agency: one online dossier (status 1, Mới đăng ký, until an
    officer accepts it), with a file linked to each received paper. The draft keeps the dossier and
    its own files are deleted once it commits.

    A second call for the same draft (a double click, the back button, a retry, a request at the
    same moment) returns the same dossier with ``created`` False. An expired draft is refused
    (`DraftExpired`); a required paper without a file is refused naming every one missing."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = _locked(draft, owner)  # a second confirm waits here until the first commits
        if locked.dossier_id is not None:
            return intake.Received(dossier=Dossier.objects.get(pk=locked.dossier_id), created=False)
        _usable(locked, moment)
        current = selectors.version_for_submission(locked.procedure, moment)
        if current is None or current.pk != locked.version_id:
            raise ValidationFailed(
                "Thủ tục này vừa được cập nhật hoặc tạm ngừng nhận hồ sơ trực tuyến nên hồ sơ nháp "
                "không còn phù hợp. Vui lòng bắt đầu nộp lại theo quy định mới.",
                code="draft.version_changed",
                message_en="The procedure changed since this draft was started; please start again.",
            )
        _require_papers(locked)
        if locked.agency is None:
            raise ValidationFailed(
                "Vui lòng chọn cơ quan tiếp nhận hồ sơ.",
                code="draft.agency_required",
                message_en="Choose the agency that receives the dossier.",
                field="agency",
            )
        uploads = _uploads(locked)
        received = intake.receive(
            channel=Dossier.Channel.ONLINE,
            actor=owner,
            owner=owner,
            agency=locked.agency,
            procedure=locked.procedure,
            applicant=locked.applicant,
            papers=[intake.PaperReceipt(paper_id=upload.paper_id) for upload in uploads if upload.paper_id],
            uploads=uploads,
            eform_document=locked.eform_document,
            received_at=moment,
            return_method=locked.return_method or default_return_method(locked.version),
            idempotency_key=locked.idempotency_key,
        )
        locked.dossier = received.dossier
        locked.submitted_at = moment
        locked.save(update_fields=["dossier", "submitted_at", "updated_at"])
        names = list(locked.files.values_list("file", flat=True))
        locked.files.all().delete()
        _delete_on_commit(names)
        audit.record(
            owner,
            "portal.draft_submitted",
            received.dossier,
            after={"draft": str(locked.pk), "code": received.dossier.code},
        )
    return received


def purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete every expired draft that was never submitted, with its files (for a periodic sweep).
    Returns how many were deleted."""
    moment = now or timezone.now()
    count = 0
    with transaction.atomic():
        for draft in Draft.objects.select_for_update().filter(dossier__isnull=True, expires_at__lte=moment):
            _remove(draft)
            count += 1
    return count
