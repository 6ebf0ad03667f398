"""People: citizens and officers share one user model; API clients come later."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.accounts.validators import (
    validate_citizen_id,
    validate_email,
    validate_full_name,
    validate_phone,
)


class UserManager(DjangoUserManager):
    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)

    def _create_user(self, username, email, password, **extra_fields):
        user = self.model(username=username, email=email or "", **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân, tổ chức")
        OFFICER = "officer", _("Cán bộ, công chức")

    username = models.CharField(_("tên đăng nhập"), max_length=150, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200, validators=[validate_full_name])
    email = models.EmailField(_("thư điện tử"), blank=True, validators=[validate_email])
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True, validators=[validate_phone])
    citizen_id = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True, validators=[validate_citizen_id]
    )
    kind = models.CharField(_("loại tài khoản"), max_length=16, choices=Kind.choices, default=Kind.CITIZEN)
    # Citizen profile: prefills the e-forms of the portal (address from the administrative units).
    address = models.CharField(_("địa chỉ (số nhà, đường, thôn, tổ)"), max_length=300, blank=True)
    province = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ward = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("xã, phường, đặc khu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    email_verified_at = models.DateTimeField(_("xác minh thư điện tử lúc"), null=True, blank=True)
    phone_verified_at = models.DateTimeField(_("xác minh số điện thoại lúc"), null=True, blank=True)
    is_staff = models.BooleanField(_("vào trang quản trị"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    date_joined = models.DateTimeField(_("ngày tạo"), default=timezone.now)

    # Sign-in protection: lockout after repeated failures, TOTP second factor.
    failed_sign_ins = models.PositiveIntegerField(_("số lần đăng nhập sai liên tiếp"), default=0)
    locked_until = models.DateTimeField(_("khóa đến"), null=True, blank=True)
    totp_secret = models.CharField(_("khóa TOTP"), max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(_("xác nhận TOTP lúc"), null=True, blank=True)
    # RFC 6238 time step of the last accepted code: a code of that step or earlier is refused.
    totp_last_step = models.BigIntegerField(
        _("bước TOTP đã dùng gần nhất"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "email"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=~Q(citizen_id=""), name="accounts_user_citizen_id_unique"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="accounts_user_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.username

    @property
    def is_officer(self) -> bool:
        return self.kind == self.Kind.OFFICER

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)


class SignInThrottle(models.Model):
    """Failure counter for sign-in names that match no account, so that an unknown name is locked
    exactly like a real one and the lockout message reveals nothing about which accounts exist.
    The name is stored as a keyed hash, never in clear."""

    key = models.CharField(_("khóa băm tên đăng nhập"), max_length=64, unique=True)
    failed_sign_ins = models.PositiveIntegerField(_("số lần đăng nhập sai liên tiếp"), default=0)
    locked_until = models.DateTimeField(_("khóa đến"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giới hạn đăng nhập tên lạ")
        verbose_name_plural = _("giới hạn đăng nhập tên lạ")

    def __str__(self) -> str:
        return self.key[:12]


class OneTimeCode(models.Model):
    """A one-time code sent by e-mail or SMS: to verify a new account's contact, to reset a
    password by phone, to confirm a changed contact. Only a keyed hash of the code is stored; a
    code is used once, expires, and is refused after too many wrong tries."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Xác minh khi đăng ký")
        RESET_PASSWORD = "reset_password", _("Đặt lại mật khẩu")
        CHANGE_CONTACT = "change_contact", _("Xác minh thông tin liên hệ mới")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")

    purpose = models.CharField(_("mục đích"), max_length=32, choices=Purpose.choices)
    channel = models.CharField(_("kênh gửi"), max_length=16, choices=Channel.choices)
    destination = models.CharField(_("gửi đến"), max_length=254)
    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(_("mã băm của mã xác thực"), max_length=64)
    payload = models.JSONField(_("dữ liệu chờ xác minh"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác thực một lần")
        verbose_name_plural = _("mã xác thực một lần")
        indexes = [
            models.Index(fields=["destination", "purpose", "-created_at"], name="accounts_otc_dest_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.destination}"


class ExternalIdentity(models.Model):
    """An account at an OpenID Connect provider (VNeID or another configured one) linked to a user:
    the provider's stable subject identifier, never its e-mail, identifies the person."""

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.CharField(_("nhà cung cấp định danh"), max_length=64)
    subject = models.CharField(_("định danh tại nhà cung cấp (sub)"), max_length=255)
    claims = models.JSONField(_("thông tin nhận được"), default=dict, blank=True)
    linked_at = models.DateTimeField(_("liên kết lúc"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("định danh liên kết")
        verbose_name_plural = _("định danh liên kết")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="accounts_extid_provider_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"
