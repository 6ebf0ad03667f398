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
