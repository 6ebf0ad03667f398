"""Organisations: administrative units, the agency tree, positions and staff memberships.

Persistence only; rules live in ``rules.py`` and every change goes through ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


class AdministrativeUnit(models.Model):
    """A province or a commune/ward (two-tier local government since 2025-07-01), seeded from the
    ``vietnam-provinces`` package by ``egov load_admin_units``."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        WARD = "ward", _("Xã, phường, đặc khu")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    division_type = models.CharField(_("loại đơn vị"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    codename = models.CharField(_("tên không dấu"), max_length=200, db_index=True)
    name_folded = models.CharField(_("tên để tìm kiếm"), max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "parent"], name="org_adminunit_level_parent")]

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An agency or unit of any depth: the province's people's committee, its departments, the
    communes' people's committees, internal divisions.

    ``path`` is a materialised path of primary keys (``/1/5/12/``) kept by the services, so that a
    subtree is one indexed ``LIKE 'prefix%'`` query.
    """

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân tỉnh, thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE_COMMITTEE = "commune_committee", _("Ủy ban nhân dân xã, phường")
        DIVISION = "division", _("Phòng, ban chuyên môn")
        SERVICE_CENTRE = "service_centre", _("Trung tâm phục vụ hành chính công")
        OTHER = "other", _("Khác")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=32,
        help_text=_("Dùng trong mã hồ sơ và ký hiệu văn bản, ví dụ UBND, SXD."),
    )
    identifier = models.CharField(
        _("mã định danh điện tử"),
        max_length=13,
        unique=True,
        help_text=_("Dạng LLL.KK.JJ.Xnn theo QCVN 102:2016/BTTTT, ví dụ 000.00.00.H57."),
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    path = models.CharField(_("đường dẫn cây"), max_length=512, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("độ sâu"), default=0, editable=False)
    name_folded = models.CharField(_("tên để tìm kiếm"), max_length=255, db_index=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "is_active"], name="org_agency_kind_active")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organizations_agency_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def path_ids(self) -> list[int]:
        """Primary keys from the root down to this agency (inclusive)."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def ancestors(self) -> list[Agency]:
        """The agencies above this one, root first."""
        ids = self.path_ids()[:-1]
        found = Agency.objects.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def descendants(self) -> QuerySet[Agency]:
        """Every agency below this one, at any depth (this one excluded)."""
        return Agency.objects.filter(path__startswith=self.path).exclude(pk=self.pk)


class Role(models.TextChoices):
    """What an officer may do inside an agency; permissions are granted per role."""

    RECEIVER = "receiver", _("Cán bộ tiếp nhận một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    DIVISION_HEAD = "division_head", _("Lãnh đạo phòng")
    LEADER = "leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class Position(models.Model):
    """A named position (chức vụ) in an agency: Giám đốc, Phó Giám đốc, Trưởng phòng, Chuyên viên…
    A position without an agency is a common title any agency may use."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="positions",
    )
    name = models.CharField(_("tên chức vụ"), max_length=128)
    rank = models.PositiveSmallIntegerField(
        _("thứ tự"), default=100, help_text=_("Số nhỏ đứng trước (lãnh đạo trước, chuyên viên sau).")
    )

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["rank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                condition=Q(agency__isnull=False),
                name="organizations_position_agency_name_unique",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(agency__isnull=True),
                name="organizations_position_common_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person holding a role in an agency. One person may hold several roles in several agencies
    (e.g. a specialist of a department who is also the one-stop receiver)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    position = models.ForeignKey(
        Position,
        verbose_name=_("chức vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    title = models.CharField(_("chức danh"), max_length=128, blank=True)
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        ordering = ["agency__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="organizations_membership_user_agency_role_unique"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="organizations_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
