"""HTML views for accounts: thin — parse the form, call a service or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from egov.accounts import forms, rules, selectors, services, sessions
from egov.accounts.models import User
from egov.core import ratelimit
from egov.core.errors import DomainError

BACKEND = "egov.accounts.backends.LockoutAwareBackend"


class WrongCredentials(DomainError):
    code = "auth.invalid_credentials"
    status = 400
    message_vi = "Tên đăng nhập hoặc mật khẩu không đúng."
    message_en = "Wrong sign-in name or password."


def _next_url(request: HttpRequest, fallback: str = "") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}" if next_url else reverse(url_name)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: sign-in name and password. Locked names (real or not) get the same message."""
    next_url = _next_url(request)
    form = forms.SignInForm(request.POST or None)
    status = 200
    limited = None
    if request.method == "POST":
        try:
            ratelimit.hit_client("sign_in", request)
        except ratelimit.RateLimited as error:
            limited = error
    if limited is not None:
        form.is_valid()
        forms.add_domain_error(form, limited)
        status = 429
    elif request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        until = selectors.locked_until(identifier)
        if until is not None:
            forms.add_domain_error(form, services.AccountLocked(until))
        else:
            user = authenticate(request, username=identifier, password=form.cleaned_data["password"])
            if user is None:
                until = services.record_failed_sign_in(identifier=identifier)
                forms.add_domain_error(form, services.AccountLocked(until) if until else WrongCredentials())
            elif user.has_totp:
                sessions.start_pending(request, user_id=user.pk, backend=BACKEND, next_url=next_url)
                return redirect("accounts:verify")
            else:
                login(request, user, backend=BACKEND)
                services.record_successful_sign_in(user=user)
                return HttpResponseRedirect(next_url)
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=status)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Step 2 for people with an authenticator app: the current 6-digit code."""
    pending = sessions.pending(request)
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first() if pending else None
    if pending is None or user is None:
        messages.warning(request, _("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại."))
        return redirect("accounts:login")
    form = forms.TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.verify_totp(user=user, code=form.cleaned_data["code"])
        except services.AccountLocked as error:
            sessions.clear_pending(request)
            messages.error(request, error.message(get_language()))
            return redirect("accounts:login")
        except services.InvalidTotpCode as error:
            forms.add_domain_error(form, error)
        else:
            sessions.clear_pending(request)
            login(request, user, backend=pending["backend"])
            sessions.mark_second_factor_done(request)
            return HttpResponseRedirect(pending["next"] or reverse(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/verify.html", {"form": form})


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.user.is_authenticated:
            services.record_sign_out(user=request.user)
        logout(request)
        messages.success(request, _("Bạn đã đăng xuất."))
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.html")


def _qr_svg(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=2, title=_("Mã QR để thêm vào ứng dụng xác thực")
    )
    return mark_safe(svg)  # generated by segno from our own URI, no user-supplied markup


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and typed secret, then one code to confirm."""
    user: User = request.user  # type: ignore[assignment]
    next_url = _next_url(request, reverse("accounts:account"))
    if user.has_totp:
        return render(request, "accounts/totp_enabled.html", {"next": next_url})
    if not user.totp_secret:
        services.enroll_totp(user=user)
        user.refresh_from_db()
    form = forms.TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            forms.add_domain_error(form, error)
        else:
            sessions.mark_second_factor_done(request)
            messages.success(request, _("Đã bật xác thực hai lớp cho tài khoản của bạn."))
            return HttpResponseRedirect(next_url)
    uri = rules.totp_provisioning_uri(
        user.totp_secret, account_name=user.username, issuer=settings.EGOV_PROVINCE_NAME or "egov"
    )
    secret_groups = " ".join(user.totp_secret[i : i + 4] for i in range(0, len(user.totp_secret), 4))
    return render(
        request,
        "accounts/totp_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(uri),
            "secret_groups": secret_groups,
            "next": next_url,
            "required": selectors.second_factor_status(user).required,
        },
    )


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest) -> HttpResponse:
    """My account: identity, contacts, roles in agencies, second-factor status. The profile page
    (`views_profile`) edits the name, address and contacts."""
    user: User = request.user  # type: ignore[assignment]
    from egov.organizations import selectors as organization_selectors

    return render(
        request,
        "accounts/account.html",
        {
            "memberships": organization_selectors.memberships_of(user),
            "second_factor": selectors.second_factor_status(user),
            "prefill": selectors.applicant_prefill(user),
        },
    )


REGISTRATION_FORM_KEY = "accounts.registration_form"


@sensitive_post_parameters("password", "password_again")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Citizen self-registration, step 1: check every field, then send a one-time code to the
    chosen contact. Nothing is created until the code comes back (`views_verification`)."""
    from egov.accounts import services_verification, views_verification

    if request.user.is_authenticated:
        return redirect("accounts:account")
    next_url = _next_url(request, reverse("accounts:profile"))
    kept = request.session.get(REGISTRATION_FORM_KEY) or {}
    form = forms.CitizenRegistrationForm(request.POST or None, initial={**kept, "next": next_url})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services_verification.start_registration(
                full_name=data["full_name"],
                citizen_id=data["citizen_id"],
                email=data["email"],
                phone=data["phone"],
                password=data["password"],
                channel=data["channel"],
                client=ratelimit.client_address(request),
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
            status = 429 if error.status == 429 else 200
        else:
            request.session[REGISTRATION_FORM_KEY] = {
                key: data[key] for key in ("full_name", "citizen_id", "email", "phone", "channel")
            }
            views_verification.remember(request, "register", row, next_url=next_url)
            return redirect("accounts:register_verify")
    return render(request, "accounts/register.html", {"form": form, "next": next_url}, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_extra_email_context(self) -> dict[str, str]:
        return {"province_name": settings.EGOV_PROVINCE_NAME or "egov"}

    def form_valid(self, form: forms.PasswordResetRequestForm) -> HttpResponse:
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
