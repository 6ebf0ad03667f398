"""The citizen's online submission in progress: a draft (hồ sơ nháp) that is saved at each step,
can be resumed, expires, and becomes exactly one dossier when it is confirmed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """One citizen's submission of one procedure, step by step: applicant and e-form, attachments,
    review, confirmation. ``dossier`` is set in the transaction that receives it, so confirming the
    same draft twice (double click, back button, retry) returns that dossier instead of a second one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.CASCADE,
        related_name="portal_drafts",
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        "procedures.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant = models.JSONField(_("người nộp hồ sơ"), default=dict, blank=True)
    eform_document = models.JSONField(_("tờ khai"), default=dict, blank=True)
    return_method = models.CharField(_("hình thức nhận kết quả"), max_length=16, blank=True)
    step = models.CharField(_("bước đang làm"), max_length=32, default="form")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu lúc"), auto_now=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ đã nộp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_draft",
    )
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")
        indexes = [models.Index(fields=["owner", "-updated_at"], name="portal_draft_owner_idx")]

    def __str__(self) -> str:
        return f"{self.procedure_id} · {self.owner_id} · {self.created_at:%d/%m/%Y}"

    @property
    def idempotency_key(self) -> str:
        """The key the draft is received with: one draft, one dossier."""
        return f"portal-draft-{self.pk}"


def draft_file_path(instance: DraftFile, filename: str) -> str:  # pragma: no cover - name set by services
    return f"drafts/{instance.draft_id}/{instance.storage_token}{instance.extension}"


class DraftFile(models.Model):
    """A file attached to a draft for one paper of the procedure's list; the bytes are stored when
    the transaction that saves the row commits, and deleted with the draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    paper = models.ForeignKey(
        "procedures.RequiredPaper",
        verbose_name=_("giấy tờ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    storage_token = models.CharField(max_length=32, unique=True, editable=False)
    extension = models.CharField(max_length=10, editable=False)
    file = models.FileField(_("tệp"), upload_to=draft_file_path, max_length=300)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của hồ sơ nháp")
        verbose_name_plural = _("tệp của hồ sơ nháp")

    def __str__(self) -> str:
        return self.name
