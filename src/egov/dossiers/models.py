"""Tables of the one-stop dossier engine: the dossier, its append-only timeline and its papers.

Persistence only. What an action does to a dossier's step, status and clock is decided by the pure
rules in `egov.dossiers.domain`; `Dossier.state()` hands them the stored state and
`Dossier.apply_state()` writes back what they decided. The national status, the workflow step and
the payment, delivery and sync states are separate fields (DOMAIN.md §3).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egov.dossiers.domain.state import (
    NATIONAL_STATUS_LABELS,
    Clock,
    ClockSnapshot,
    Closure,
    DossierState,
    Extension,
    NationalStatus,
)

NATIONAL_STATUS_CHOICES = [(int(status), label) for status, label in NATIONAL_STATUS_LABELS.items()]

CLOCK_MOMENTS = (
    "received_at",
    "started_at",
    "due_at",
    "original_due_at",
    "step_started_at",
    "step_due_at",
    "paused_at",
    "finished_at",
)
"""The clock's moments stored as-is in a `Dossier` field of the same name (the other clock fields
need converting, see `Dossier.state()`)."""


# --- Clock extensions and snapshots as JSON ------------------------------------------------------


def _to_json(value: Any) -> Any:
    """A frozen dataclass of the domain as JSON: datetimes in ISO 8601, decimals as text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _to_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, NationalStatus):
        return int(value)
    return value


def _from_json[T](cls: type[T], data: dict[str, Any]) -> T:
    """Read back what `_to_json` wrote, field by field, following the dataclass's type hints."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if field.name not in data:
            continue
        raw = data[field.name]
        kind = hints[field.name]
        if raw is None:
            values[field.name] = None
        elif kind is dt.datetime or kind == dt.datetime | None:
            values[field.name] = dt.datetime.fromisoformat(raw)
        elif kind is Decimal:
            values[field.name] = Decimal(raw)
        elif kind is NationalStatus:
            values[field.name] = NationalStatus(raw)
        else:
            values[field.name] = raw
    return cls(**values)


class Dossier(models.Model):
    """A dossier (hồ sơ) received by the one-stop shop of an agency, bound to the procedure version
    in force when it was received (Nghị định 118/2025, Thông tư 03/2025/TT-VPCP)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        COUNTER = "counter", _("Trực tiếp tại bộ phận một cửa")
        INTER_AGENCY = "inter_agency", _("Liên thông")
        POSTAL = "postal", _("Qua dịch vụ bưu chính")

    class PaymentState(models.TextChoices):
        NOT_REQUIRED = "not_required", _("Không phải thanh toán")
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    class DeliveryState(models.TextChoices):
        NOT_READY = "not_ready", _("Chưa có kết quả")
        READY = "ready", _("Kết quả chờ trả")
        SENT = "sent", _("Đã gửi kết quả")
        DELIVERED = "delivered", _("Đã trả kết quả")

    class ReturnMethod(models.TextChoices):
        COUNTER = "counter", _("Tại bộ phận một cửa")
        ONLINE = "online", _("Trực tuyến")
        POST = "post", _("Qua dịch vụ bưu chính")

    class SyncState(models.TextChoices):
        PENDING = "pending", _("Chờ đồng bộ")
        SYNCED = "synced", _("Đã đồng bộ")
        FAILED = "failed", _("Đồng bộ lỗi")

    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    version = models.ForeignKey(
        "procedures.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    processing_agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processed_dossiers",
        help_text=_("Cơ quan chuyên môn xử lý, khi khác cơ quan tiếp nhận (ví dụ sở, ngành)."),
    )
    current_agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan đang xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="current_dossiers",
        help_text=_("Cơ quan chịu trách nhiệm bước hiện tại: hồ sơ nằm trong hộp hồ sơ của cơ quan này."),
    )
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=Channel.choices)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("hồ sơ gốc (liên thông)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="linked_dossiers",
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_dossiers",
    )

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được phân công"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )
    idempotency_key = models.CharField(
        _("khóa chống trùng (Idempotency-Key)"),
        max_length=200,
        blank=True,
        help_text=_("Khóa do hệ thống gửi hồ sơ đặt; gửi lại cùng khóa không tạo hồ sơ thứ hai."),
    )
    idempotency_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    return_method = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=16,
        choices=ReturnMethod.choices,
        default=ReturnMethod.COUNTER,
    )

    applicant_name = models.CharField(_("họ và tên người nộp"), max_length=200)
    applicant_citizen_id = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)
    applicant_email = models.CharField(_("thư điện tử"), max_length=254, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_dossiers",
    )

    step = models.CharField(_("bước xử lý"), max_length=64)
    national_status = models.PositiveSmallIntegerField(_("trạng thái"), choices=NATIONAL_STATUS_CHOICES)
    payment_state = models.CharField(
        _("thanh toán"), max_length=16, choices=PaymentState.choices, default=PaymentState.NOT_REQUIRED
    )
    delivery_state = models.CharField(
        _("trả kết quả"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.NOT_READY
    )
    sync_state = models.CharField(
        _("đồng bộ cổng quốc gia"), max_length=16, choices=SyncState.choices, default=SyncState.PENDING
    )

    # The clock (domain.state.Clock), DOMAIN.md §4.
    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    started_at = models.DateTimeField(_("bắt đầu tính thời gian lúc"))
    due_at = models.DateTimeField(_("hẹn trả kết quả lúc"))
    original_due_at = models.DateTimeField(_("hạn giải quyết theo quy định"))
    step_started_at = models.DateTimeField(_("bắt đầu bước lúc"))
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng lúc"), null=True, blank=True)
    paused_for = models.PositiveSmallIntegerField(
        _("tạm dừng vì"), choices=NATIONAL_STATUS_CHOICES, null=True, blank=True
    )
    paused_hours = models.DecimalField(_("số giờ tạm dừng"), max_digits=9, decimal_places=2, default=0)
    extensions = models.JSONField(_("các lần gia hạn (mẫu 04)"), default=list, blank=True)
    frozen = models.JSONField(_("ảnh chụp thời hạn để thống kê"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng hồ sơ lúc"), null=True, blank=True)
    closure_status = models.PositiveSmallIntegerField(
        _("đóng với trạng thái"), choices=NATIONAL_STATUS_CHOICES, null=True, blank=True
    )
    closure_reason = models.TextField(_("lý do"), blank=True)

    eform_document = models.JSONField(_("tờ khai điện tử"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "national_status", "due_at"], name="dossier_inbox_idx"),
            models.Index(fields=["owner", "-received_at"], name="dossier_owner_idx"),
            models.Index(fields=["assignee", "due_at"], name="dossier_assignee_idx"),
            models.Index(fields=["current_agency", "national_status", "due_at"], name="dossier_current_idx"),
            models.Index(fields=["origin"], name="dossier_origin_idx"),
            # Open dossiers only (a few per cent of a province's history): the statistics' live counts
            # of the whole province read it instead of scanning every dossier (bench/README.md).
            models.Index(
                fields=["current_agency", "national_status"],
                condition=models.Q(finished_at__isnull=True, closed_at__isnull=True),
                name="dossier_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_status__gte=1, national_status__lte=10),
                name="dossier_national_status_1_10",
            ),
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="dossier_idempotency_key_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.code)

    def permission_agency(self) -> Any:
        """The agency whose officers act on the dossier now (`accounts.permissions`)."""
        return self.current_agency or self.agency

    @property
    def is_open(self) -> bool:
        return self.finished_at is None and self.closed_at is None

    @property
    def status(self) -> NationalStatus:
        return NationalStatus(self.national_status)

    def state(self) -> DossierState:
        """The stored dossier as the pure transition rules see it."""
        clock = Clock(
            **{name: getattr(self, name) for name in CLOCK_MOMENTS},
            paused_for=NationalStatus(self.paused_for) if self.paused_for is not None else None,
            paused_hours=Decimal(self.paused_hours),
            extensions=tuple(_from_json(Extension, item) for item in self.extensions or ()),
            frozen=_from_json(ClockSnapshot, self.frozen) if self.frozen else None,
        )
        closure = None
        if self.closed_at is not None and self.closure_status is not None:
            closure = Closure(
                status=NationalStatus(self.closure_status), at=self.closed_at, reason=self.closure_reason
            )
        return DossierState(step=self.step, status=self.status, clock=clock, closure=closure)

    def apply_state(self, state: DossierState) -> None:
        """Copy a state decided by the rules onto the fields (the caller saves)."""
        clock = state.clock
        self.step = state.step
        self.national_status = int(state.status)
        for name in CLOCK_MOMENTS:
            setattr(self, name, getattr(clock, name))
        self.paused_for = int(clock.paused_for) if clock.paused_for is not None else None
        self.paused_hours = clock.paused_hours
        self.extensions = [_to_json(extension) for extension in clock.extensions]
        self.frozen = _to_json(clock.frozen) if clock.frozen is not None else None
        closure = state.closure
        self.closed_at = closure.at if closure is not None else None
        self.closure_status = int(closure.status) if closure is not None else None
        self.closure_reason = closure.reason if closure is not None else ""


class DossierEvent(models.Model):
    """One entry of a dossier's timeline, never edited: a hand-over between steps is a row of form 06
    (phiếu kiểm soát quá trình giải quyết hồ sơ) with giver, receiver, moment and step result."""

    class StepResult(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("thao tác"), max_length=64)
    at = models.DateTimeField(_("thời điểm"))
    from_step = models.CharField(_("từ bước"), max_length=64, blank=True)
    to_step = models.CharField(_("sang bước"), max_length=64)
    status_before = models.PositiveSmallIntegerField(
        _("trạng thái trước"), choices=NATIONAL_STATUS_CHOICES, null=True, blank=True
    )
    status_after = models.PositiveSmallIntegerField(_("trạng thái sau"), choices=NATIONAL_STATUS_CHOICES)
    giver_unit = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("đơn vị giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    giver_unit_name = models.CharField(_("tên đơn vị giao"), max_length=255, blank=True)
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    giver_name = models.CharField(_("họ tên người giao"), max_length=200, blank=True)
    receiver_unit = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("đơn vị nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiver_unit_name = models.CharField(_("tên đơn vị nhận"), max_length=255, blank=True)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receiver_name = models.CharField(_("họ tên người nhận"), max_length=200, blank=True)
    step_started_at = models.DateTimeField(_("bước bắt đầu lúc"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    step_result = models.CharField(_("kết quả bước"), max_length=8, choices=StepResult.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    details = models.JSONField(
        _("chi tiết"),
        default=dict,
        blank=True,
        help_text=_(
            "Nội dung riêng của thao tác: giấy tờ cần bổ sung (mẫu 02), lý do, hẹn mới, đơn vị liên thông…"
        ),
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class DossierPaper(models.Model):
    """A paper of the procedure version's list as handed in: how many originals and copies."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    paper = models.ForeignKey(
        "procedures.RequiredPaper",
        verbose_name=_("giấy tờ theo danh mục"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giấy tờ đã nhận")
        verbose_name_plural = _("giấy tờ đã nhận")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "paper"], name="dossier_paper_once"),
        ]

    def __str__(self) -> str:
        return str(self.name)


def dossier_file_path(instance: DossierFile, filename: str) -> str:
    """Where a dossier's file is stored: one folder per dossier, a random name (never the upload's)."""
    return f"dossiers/{instance.dossier_id}/{instance.storage_token}{instance.extension}"


class DossierFile(models.Model):
    """A file of a dossier: a scan of a paper handed in, a result paper, a signed official form.

    The row is written in the use case's transaction; the bytes reach the storage only when that
    transaction commits (`egov.dossiers.files`), so a refused receipt leaves no orphan file."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("Bản quét giấy tờ")
        EFORM = "eform", _("Tờ khai")
        RESULT = "result", _("Kết quả giải quyết")
        SUPPLEMENT = "supplement", _("Giấy tờ bổ sung")
        FORM = "form", _("Biểu mẫu một cửa")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="files")
    paper = models.ForeignKey(
        DossierPaper,
        verbose_name=_("giấy tờ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    storage_token = models.CharField(max_length=32, unique=True, editable=False)
    extension = models.CharField(max_length=10, editable=False)
    file = models.FileField(_("tệp"), upload_to=dossier_file_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.ForeignKey(
        DossierEvent,
        verbose_name=_("thao tác"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="files",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.name)


from egov.dossiers.statistics.models import DailyRollup  # noqa: E402,F401  (statistics rollups, same app)
