"""The TTHC catalogue: procedures, their published versions, fees, papers, and each version's internal
workflow (process steps and actions) as data.

Persistence only. Rules (what makes a process valid, how a version comes into force) live in
``workflow.py`` and ``rules.py``; every change goes through ``services.py``.

A procedure (identified by its national code) changes by publishing a new *version* with an effective
date; a dossier binds to the version in force when it was received. Published versions are never
edited: a change is a new draft copied from the latest version.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from egov.core.text import fold
from egov.organizations.models import Agency, Role


class ProcedureField(models.Model):
    """A field (lĩnh vực) of administrative procedures: Hộ tịch, Xây dựng, Đất đai…"""

    code = models.CharField(_("mã lĩnh vực"), max_length=32, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep the folded name in step with the name, whoever saves (services, imports, admin)."""
        self.name_folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)


class Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) as the national database identifies it.

    Everything that may change over time lives in ``ProcedureVersion``.
    """

    national_code = models.CharField(
        _("mã thủ tục"),
        max_length=32,
        unique=True,
        help_text=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001193."),
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["national_code"]

    def __str__(self) -> str:
        return self.national_code


class Process(models.Model):
    """An internal workflow (quy trình nội bộ) approved by the province: ordered steps and the actions
    that move a dossier between them. A template (``is_template``) is shared by many versions; a
    version may also own a process of its own."""

    class SupplementClock(models.TextChoices):
        PAUSE_RESUME = "pause_resume", _("Tạm dừng, tiếp tục tính thời gian còn lại")
        RESTART = "restart", _("Tính lại từ đầu khi nhận đủ hồ sơ")

    code = models.CharField(_("mã quy trình"), max_length=64, unique=True)
    name = models.CharField(_("tên quy trình"), max_length=255)
    is_template = models.BooleanField(_("là quy trình mẫu"), default=False)
    description = models.TextField(_("mô tả"), blank=True)
    supplement_clock = models.CharField(
        _("khi yêu cầu bổ sung hồ sơ"),
        max_length=16,
        choices=SupplementClock.choices,
        default=SupplementClock.PAUSE_RESUME,
    )

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class ProcedureVersion(models.Model):
    """One version of a procedure's content, in force from ``effective_from`` once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")
        WITHDRAWN = "withdrawn", _("Đã bãi bỏ")

    class Level(models.TextChoices):
        CENTRAL = "central", _("Cấp trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("ngày làm việc")
        WORKING_HOURS = "working_hours", _("giờ làm việc")

    class OnlineLevel(models.TextChoices):
        """Nghị định 42/2022: online public service levels."""

        FULL = "full", _("Toàn trình")
        PARTIAL = "partial", _("Một phần")
        NONE = "none", _("Chỉ cung cấp thông tin")

    class LegacyLevel(models.IntegerChoices):
        """Nghị định 43/2011: levels 1–4, kept for reports of older periods."""

        LEVEL_1 = 1, _("Mức độ 1")
        LEVEL_2 = 2, _("Mức độ 2")
        LEVEL_3 = 3, _("Mức độ 3")
        LEVEL_4 = 4, _("Mức độ 4")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("quyết định công bố"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: 1234/QĐ-UBND ngày 01/7/2025."),
    )

    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(ProcedureField, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT)
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=Level.choices)
    description = models.TextField(_("trình tự thực hiện"), blank=True)
    processing_time = models.DecimalField(
        _("thời hạn giải quyết"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    processing_time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    single_day_cutoff = models.TimeField(
        _("giờ chốt trong ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Thủ tục giải quyết trong ngày: nhận sau giờ này thì trả kết quả ngày làm việc tiếp theo "
            "(thường là 15:00). Để trống nếu không phải thủ tục trong ngày."
        ),
    )
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result = models.TextField(_("kết quả thực hiện"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.PARTIAL,
    )
    legacy_level = models.PositiveSmallIntegerField(
        _("mức độ (Nghị định 43/2011)"), choices=LegacyLevel.choices, null=True, blank=True
    )
    accepts_online = models.BooleanField(_("cho phép nộp hồ sơ trực tuyến"), default=True)
    eform_schema = models.JSONField(
        _("biểu mẫu điện tử (JSON Schema)"),
        default=dict,
        blank=True,
        help_text=_("Tờ khai công dân điền trực tuyến."),
    )
    process = models.ForeignKey(
        Process,
        verbose_name=_("quy trình nội bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
    )
    source_note = models.TextField(
        _("nguồn và ghi chú dữ liệu"),
        blank=True,
        help_text=_("Nguồn công bố (quyết định, Cơ sở dữ liệu quốc gia) và phần đã giản lược, nếu có."),
    )
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__national_code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedures_version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(status="draft"),
                name="procedures_one_draft_per_procedure",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(effective_from__isnull=False),
                name="procedures_published_has_effective_date",
            ),
            models.CheckConstraint(condition=Q(processing_time__gte=0), name="procedures_time_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "effective_from"], name="procedures_version_in_force"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.national_code} v{self.number} — {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep ``search_folded`` filled whoever saves (services, the import, the admin)."""
        self.search_folded = self.folded_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_folded"}
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def folded_text(self) -> str:
        """What accent-free search looks in: name, national code, field name and result."""
        parts = [self.name, self.procedure.national_code if self.procedure_id else ""]
        parts += [self.field.name if self.field_id else "", self.result]
        return fold(" ".join(part for part in parts if part))


class VersionAgency(models.Model):
    """An agency that receives, processes or decides a version's dossiers: either one named agency, or
    every agency of a kind (a commune-level procedure is received by each commune's committee)."""

    class Part(models.TextChoices):
        RECEIVING = "receiving", _("Cơ quan tiếp nhận")
        PROCESSING = "processing", _("Cơ quan giải quyết")
        DECIDING = "deciding", _("Cơ quan có thẩm quyền quyết định")
        COORDINATING = "coordinating", _("Cơ quan phối hợp (liên thông)")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="agencies")
    part = models.CharField(_("vai trò"), max_length=16, choices=Part.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency_kind = models.CharField(
        _("hoặc mọi cơ quan loại"), max_length=32, choices=Agency.Kind.choices, blank=True
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cơ quan thực hiện")
        verbose_name_plural = _("cơ quan thực hiện")
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(agency_kind=""))
                | (Q(agency__isnull=True) & ~Q(agency_kind="")),
                name="procedures_version_agency_one_target",
            )
        ]

    def __str__(self) -> str:
        target = self.agency.name if self.agency_id else self.get_agency_kind_display()
        return f"{self.get_part_display()}: {target}"


class Fee(models.Model):
    """A fee (phí) or charge (lệ phí) of a version; amounts in VND, zero allowed."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Phí")
        CHARGE = "charge", _("Lệ phí")

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    code = models.CharField(_("mã phí, lệ phí"), max_length=32)
    name = models.CharField(_("tên"), max_length=500)
    amount = models.DecimalField(
        _("mức thu (đồng)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="procedures_fee_code_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="procedures_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,.0f} đ"


class RequiredPaper(models.Model):
    """One paper of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="papers")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã giấy tờ"), max_length=32)
    name = models.CharField(_("tên giấy tờ"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    reusable = models.BooleanField(
        _("dùng lại từ kho dữ liệu số"),
        default=False,
        help_text=_("Công dân có thể dùng bản điện tử đã lưu trong kho dữ liệu cá nhân thay vì nộp lại."),
    )
    form_template = models.FileField(_("mẫu đơn, tờ khai"), upload_to="procedures/forms/", blank=True)
    form_template_name = models.CharField(_("tên mẫu"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="procedures_paper_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """A step of a process: who is responsible, how much working time it has, what it reports."""

    class Responsible(models.TextChoices):
        RECEIVING = "receiving", _("Cơ quan tiếp nhận")
        PROCESSING = "processing", _("Cơ quan giải quyết")
        DECIDING = "deciding", _("Cơ quan quyết định")
        OTHER_AGENCY = "other_agency", _("Cơ quan khác (liên thông)")
        APPLICANT = "applicant", _("Người nộp hồ sơ")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="steps")
    code = models.SlugField(_("mã bước"), max_length=64)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=255)
    responsible = models.CharField(
        _("đơn vị chịu trách nhiệm"),
        max_length=16,
        choices=Responsible.choices,
        default=Responsible.PROCESSING,
    )
    other_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan liên thông"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_agency_kind = models.CharField(
        _("hoặc loại cơ quan liên thông"), max_length=32, choices=Agency.Kind.choices, blank=True
    )
    role = models.CharField(_("vai trò xử lý"), max_length=32, choices=Role.choices, blank=True)
    allotted_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    national_status = models.PositiveSmallIntegerField(
        _("trạng thái báo cáo Cổng quốc gia"),
        help_text=_("1 Mới đăng ký … 10 Đã trả kết quả (Thông tư 03/2025/TT-VPCP)."),
    )
    is_initial = models.BooleanField(_("bước bắt đầu"), default=False)
    is_terminal = models.BooleanField(_("bước kết thúc"), default=False)
    counts_toward_time = models.BooleanField(
        _("tính vào thời hạn giải quyết"),
        default=True,
        help_text=_("Bỏ chọn cho các bước chờ công dân (bổ sung hồ sơ, nộp phí) và bước kết thúc."),
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="procedures_step_code_unique"),
            models.CheckConstraint(
                condition=Q(allotted_hours__gte=0), name="procedures_step_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(national_status__gte=1) & Q(national_status__lte=10),
                name="procedures_step_national_status_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Action(models.Model):
    """An action an officer (or the applicant) may take in a step, and what it does to the clock."""

    class ClockEffect(models.TextChoices):
        NONE = "none", _("Không đổi")
        START = "start", _("Bắt đầu tính thời gian")
        PAUSE = "pause", _("Tạm dừng")
        RESUME = "resume", _("Tiếp tục")
        RESTART = "restart", _("Tính lại từ đầu")
        FREEZE = "freeze", _("Chốt trạng thái")
        EXTEND = "extend", _("Gia hạn (mẫu 04)")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="actions")
    code = models.SlugField(_("mã thao tác"), max_length=64)
    name = models.CharField(_("tên thao tác"), max_length=255)
    from_step = models.ForeignKey(
        Step, verbose_name=_("từ bước"), on_delete=models.CASCADE, related_name="outgoing"
    )
    to_step = models.ForeignKey(
        Step, verbose_name=_("đến bước"), on_delete=models.CASCADE, related_name="incoming"
    )
    roles = models.JSONField(
        _("vai trò được thực hiện"),
        default=list,
        help_text=_('Danh sách mã vai trò, ví dụ ["specialist"]; "applicant" cho người nộp hồ sơ.'),
    )
    clock_effect = models.CharField(
        _("ảnh hưởng tới thời hạn"), max_length=16, choices=ClockEffect.choices, default=ClockEffect.NONE
    )
    requires_papers = models.BooleanField(_("cần kèm giấy tờ"), default=False)
    requires_signature = models.BooleanField(_("cần ký số"), default=False)
    requires_payment = models.BooleanField(_("cần hoàn thành nghĩa vụ tài chính"), default=False)

    class Meta:
        verbose_name = _("thao tác")
        verbose_name_plural = _("thao tác")
        ordering = ["process", "from_step__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="procedures_action_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name
