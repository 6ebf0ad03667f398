"""Admin for people, with Vietnamese labels. The admin's own sign-in page is replaced by the
portal's (password, then the second factor), so the admin cannot be reached with a password alone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from egov.accounts import services
from egov.accounts.models import ExternalIdentity, OneTimeCode, SignInThrottle, User
from egov.core.errors import DomainError


def admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin site's login: always the portal's sign-in page, coming back afterwards."""
    target = request.GET.get("next") or reverse("admin:index")
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


admin.site.login = admin_sign_in  # type: ignore[method-assign]


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("username", "full_name", "kind", "email")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    actions = ("reset_second_factor",)
    list_display = ("username", "full_name", "kind", "email", "phone", "is_active", "has_totp_display")
    list_filter = ("kind", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "citizen_id", "phone")
    ordering = ("full_name", "username")
    readonly_fields = (
        "last_login",
        "date_joined",
        "totp_confirmed_at",
        "failed_sign_ins",
        "email_verified_at",
        "phone_verified_at",
    )
    raw_id_fields = ("province", "ward")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "kind", "citizen_id", "email", "phone")}),
        (
            _("Địa chỉ và xác minh liên hệ"),
            {"fields": ("address", "province", "ward", "email_verified_at", "phone_verified_at")},
        ),
        (
            _("Bảo vệ đăng nhập"),
            {"fields": ("failed_sign_ins", "locked_until", "totp_confirmed_at")},
        ),
        ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "kind", "email", "password1", "password2"),
            },
        ),
    )

    @admin.action(description=_("Đặt lại xác thực hai lớp (mất điện thoại)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = 0
        for user in queryset:
            try:
                services.reset_totp(actor=request.user, user=user)  # type: ignore[arg-type]
            except DomainError as error:
                self.message_user(request, f"{user}: {error.message_vi}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                _("Đã đặt lại xác thực hai lớp cho %(count)d người.") % {"count": done},
                messages.SUCCESS,
            )

    @admin.display(description=_("xác thực hai lớp"), boolean=True)
    def has_totp_display(self, obj: User) -> bool:
        return obj.has_totp


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    list_display = ("key", "failed_sign_ins", "locked_until", "updated_at")
    readonly_fields = ("key", "failed_sign_ins", "updated_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the use cases: administrators look, never edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(ReadOnlyAdmin):
    """Accounts linked to an identity provider (VNeID…). Deleting a link makes the next single
    sign-on of that person link or create an account again (an officer's fix for a wrong link)."""

    list_display = ("user", "provider", "subject", "linked_at", "last_sign_in_at")
    list_filter = ("provider",)
    search_fields = ("subject", "user__username", "user__full_name", "user__citizen_id")
    fields = ("user", "provider", "subject", "claims", "linked_at", "last_sign_in_at")
    list_select_related = ("user",)


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(ReadOnlyAdmin):
    """Codes sent, for answering "I did not get the code": never the code's hash or the pending
    registration (it holds a password hash)."""

    list_display = ("destination", "purpose", "channel", "created_at", "expires_at", "used_at", "attempts")
    list_filter = ("purpose", "channel")
    search_fields = ("destination",)
    fields = ("destination", "purpose", "channel", "user", "created_at", "expires_at", "used_at", "attempts")
