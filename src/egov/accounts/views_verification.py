"""Pages where a one-time code is entered: finishing a registration, resetting a password by
phone, confirming a new e-mail address or phone number. The session holds only the id of the
pending code (and where to go next), never the code or the pending data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from egov.accounts import forms, services, services_verification
from egov.accounts import one_time_codes as otc
from egov.accounts.forms_verification import CodeForm, PhoneResetForm, PhoneResetRequestForm
from egov.accounts.models import OneTimeCode, User
from egov.accounts.views import BACKEND, REGISTRATION_FORM_KEY
from egov.core import ratelimit
from egov.core.errors import DomainError

SESSION_KEY = "accounts.one_time_code"
Purpose = OneTimeCode.Purpose


def remember(request: HttpRequest, purpose: str, row: OneTimeCode, *, next_url: str = "") -> None:
    """Point the session at the pending code of `purpose`."""
    pointers = dict(request.session.get(SESSION_KEY) or {})
    pointers[purpose] = {"pk": row.pk, "next": next_url}
    request.session[SESSION_KEY] = pointers


def _pointer(request: HttpRequest, purpose: str) -> dict[str, Any]:
    return dict((request.session.get(SESSION_KEY) or {}).get(purpose) or {})


def _forget(request: HttpRequest, purpose: str) -> None:
    pointers = dict(request.session.get(SESSION_KEY) or {})
    pointers.pop(purpose, None)
    request.session[SESSION_KEY] = pointers


def _context(row: OneTimeCode, *, resend_error: DomainError | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "resend_error": resend_error.message(get_language()) if resend_error else "",
        "row": row,
        "sent_to": otc.mask_destination(row.destination),
        "by_sms": row.channel == OneTimeCode.Channel.SMS,
        "wait": services_verification.seconds_until_resend(row),
        "minutes": int(otc.LIFETIME.total_seconds() // 60),
        **extra,
    }


def _resend(request: HttpRequest, purpose: str, row: OneTimeCode) -> tuple[OneTimeCode, DomainError | None]:
    """Handle the "Gửi lại mã" button: a new code, or the reason why not."""
    try:
        new_row = services_verification.resend(row=row, client=ratelimit.client_address(request))
    except DomainError as error:
        return row, error
    remember(request, purpose, new_row, next_url=_pointer(request, purpose).get("next", ""))
    messages.success(request, _("Đã gửi mã xác thực mới. Mã cũ không còn dùng được."))
    return new_row, None


_SPENT = (
    services_verification.TooManyTries,
    services_verification.CodeUsed,
    services_verification.NoPendingCode,
)


def _status(error: DomainError | None) -> int:
    return 429 if error is not None and error.status == 429 else 200


def _code_page(
    request: HttpRequest,
    template: str,
    row: OneTimeCode,
    *,
    form: Any,
    error: DomainError | None,
    resend: bool,
    **extra: Any,
) -> HttpResponse:
    """A "type the code" page: the refusal of a resend shown beside its button, a spent code offering
    to start again, 429 when rate-limited."""
    return render(
        request,
        template,
        _context(
            row,
            resend_error=error if resend else None,
            form=form,
            spent=isinstance(error, _SPENT),
            **extra,
        ),
        status=_status(error),
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def register_verify(request: HttpRequest) -> HttpResponse:
    """Registration, step 2: "Nhập mã xác thực". The right code creates the account and signs
    the citizen in; a wrong one says how many tries are left."""
    pointer = _pointer(request, Purpose.REGISTER)
    row = services_verification.pending(pointer.get("pk"), Purpose.REGISTER)
    if row is None:
        messages.warning(request, _("Không còn yêu cầu đăng ký nào đang chờ xác thực. Vui lòng đăng ký lại."))
        return redirect("accounts:register")
    resend = request.method == "POST" and request.POST.get("action") == "resend"
    form = CodeForm(request.POST if request.method == "POST" and not resend else None)
    error: DomainError | None = None
    if resend:
        row, error = _resend(request, Purpose.REGISTER, row)
    elif request.method == "POST" and form.is_valid():
        try:
            user = services_verification.confirm_registration(pk=row.pk, code=form.cleaned_data["code"])
        except services.IdentityTaken as taken:  # someone registered the same id meanwhile
            messages.error(request, taken.message(get_language()))
            return redirect("accounts:register")
        except DomainError as refused:
            forms.add_domain_error(form, refused)
            error = refused
        else:
            _forget(request, Purpose.REGISTER)
            request.session.pop(REGISTRATION_FORM_KEY, None)
            login(request, user, backend=BACKEND)
            services.record_successful_sign_in(user=user, method="registration")
            messages.success(
                request,
                _(
                    "Đã tạo tài khoản. Lần sau, hãy đăng nhập bằng số định danh %(id)s, "
                    "thư điện tử hoặc số điện thoại."
                )
                % {"id": user.citizen_id},
            )
            return HttpResponseRedirect(pointer.get("next") or reverse("accounts:profile"))
    return _code_page(
        request,
        "accounts/verification/code.html",
        row,
        form=form,
        error=error,
        resend=resend,
        title=_("Nhập mã xác thực"),
        lead=_("Để hoàn tất đăng ký, hãy nhập mã xác thực vừa được gửi tới bạn."),
        restart_url=reverse("accounts:register"),
        restart_label=_("Đăng ký lại"),
    )


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def phone_reset(request: HttpRequest) -> HttpResponse:
    """Password reset by phone, step 1: the registered phone number. The next page is the same
    whether or not an account has this number."""
    form = PhoneResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            row = services_verification.request_phone_reset(
                phone=form.cleaned_data["phone"], client=ratelimit.client_address(request)
            )
        except DomainError as error:
            forms.add_domain_error(form, error)
            status = _status(error)
        else:
            remember(request, Purpose.RESET_PASSWORD, row)
            return redirect("accounts:phone_reset_confirm")
    return render(request, "accounts/password_reset_phone.html", {"form": form}, status=status)


@sensitive_post_parameters("code", "password", "password_again")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def phone_reset_confirm(request: HttpRequest) -> HttpResponse:
    """Password reset by phone, step 2: the code from the SMS and the new password."""
    row = services_verification.pending(
        _pointer(request, Purpose.RESET_PASSWORD).get("pk"), Purpose.RESET_PASSWORD
    )
    if row is None:
        messages.warning(request, _("Không còn yêu cầu đặt lại mật khẩu nào đang chờ. Vui lòng bắt đầu lại."))
        return redirect("accounts:phone_reset")
    resend = request.method == "POST" and request.POST.get("action") == "resend"
    form = PhoneResetForm(request.POST if request.method == "POST" and not resend else None)
    error: DomainError | None = None
    if resend:
        row, error = _resend(request, Purpose.RESET_PASSWORD, row)
    elif request.method == "POST" and form.is_valid():
        try:
            services_verification.reset_password_by_phone(
                pk=row.pk, code=form.cleaned_data["code"], password=form.cleaned_data["password"]
            )
        except DomainError as refused:
            forms.add_domain_error(form, refused)
            error = refused
        else:
            _forget(request, Purpose.RESET_PASSWORD)
            return redirect("accounts:password_reset_complete")
    return _code_page(
        request,
        "accounts/password_reset_phone_confirm.html",
        row,
        form=form,
        error=error,
        resend=resend,
        restart_url=reverse("accounts:phone_reset"),
    )


@login_required
@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def contact_verify(request: HttpRequest) -> HttpResponse:
    """The code sent to a new e-mail address or phone number; the right one saves it."""
    user: User = request.user  # type: ignore[assignment]
    row = services_verification.pending(
        _pointer(request, Purpose.CHANGE_CONTACT).get("pk"), Purpose.CHANGE_CONTACT
    )
    if row is None or row.user_id != user.pk:
        messages.warning(request, _("Không có thay đổi thông tin liên hệ nào đang chờ xác thực."))
        return redirect("accounts:profile")
    resend = request.method == "POST" and request.POST.get("action") == "resend"
    form = CodeForm(request.POST if request.method == "POST" and not resend else None)
    error: DomainError | None = None
    if resend:
        row, error = _resend(request, Purpose.CHANGE_CONTACT, row)
    elif request.method == "POST" and form.is_valid():
        try:
            services_verification.confirm_contact_change(user=user, pk=row.pk, code=form.cleaned_data["code"])
        except DomainError as refused:
            forms.add_domain_error(form, refused)
            error = refused
        else:
            _forget(request, Purpose.CHANGE_CONTACT)
            messages.success(request, _("Đã xác minh và lưu thông tin liên hệ mới."))
            return redirect("accounts:profile")
    return _code_page(
        request,
        "accounts/verification/code.html",
        row,
        form=form,
        error=error,
        resend=resend,
        title=_("Nhập mã xác thực"),
        lead=_("Để lưu thông tin liên hệ mới, hãy nhập mã xác thực vừa được gửi tới địa chỉ đó."),
        restart_url=reverse("accounts:profile"),
        restart_label=_("Quay lại hồ sơ cá nhân"),
    )
