"""The profile page (/tai-khoan/ho-so/): name, citizen id, address with province and ward, and
a new e-mail address or phone number confirmed by a code. Works without JavaScript: the
"Chọn xã, phường" button reloads the page with the wards of the chosen province, keeping what
was typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from egov.accounts import forms, selectors, services, services_verification
from egov.accounts.forms_profile import EmailChangeForm, PhoneChangeForm, ProfileForm
from egov.accounts.models import OneTimeCode, User
from egov.accounts.views_verification import remember
from egov.core import ratelimit
from egov.core.errors import DomainError

PROFILE_FIELDS = ("full_name", "citizen_id", "address", "province", "ward")


def _initial(user: User) -> dict[str, Any]:
    return {
        "full_name": user.full_name,
        "citizen_id": user.citizen_id,
        "address": user.address,
        "province": user.province_id,
        "ward": user.ward_id,
    }


@login_required
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    locked = user.external_identities.exists()
    options = {"citizen_id_locked": locked, "citizen_id_required": user.kind == User.Kind.CITIZEN}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    profile_form = ProfileForm(initial=_initial(user), **options)
    email_form = EmailChangeForm()
    phone_form = PhoneChangeForm()
    status = 200

    if action == "choose_ward":
        # Keep what was typed, show the wards of the chosen province; save nothing, judge nothing.
        kept = {name: request.POST.get(name, "") for name in PROFILE_FIELDS}
        if locked:
            kept["citizen_id"] = user.citizen_id
        kept["ward"] = ""
        profile_form = ProfileForm(initial=kept, **options)
    elif action == "save_profile":
        profile_form = ProfileForm(request.POST, initial=_initial(user), **options)
        if profile_form.is_valid():
            data = profile_form.cleaned_data
            try:
                services.update_profile(
                    user=user,
                    full_name=data["full_name"],
                    address=data["address"],
                    province=data["province"],
                    ward=data["ward"],
                    citizen_id=None if locked else data["citizen_id"],
                )
            except DomainError as error:
                forms.add_domain_error(profile_form, error)
            else:
                messages.success(request, _("Đã lưu hồ sơ cá nhân."))
                return redirect("accounts:profile")
    elif action in ("change_email", "change_phone"):
        form = EmailChangeForm(request.POST) if action == "change_email" else PhoneChangeForm(request.POST)
        if action == "change_email":
            email_form = form
        else:
            phone_form = form
        if form.is_valid():
            try:
                row = services_verification.start_contact_change(
                    user=user, **form.cleaned_data, client=ratelimit.client_address(request)
                )
            except DomainError as error:
                forms.add_domain_error(form, error)
                status = 429 if error.status == 429 else 200
            else:
                remember(request, OneTimeCode.Purpose.CHANGE_CONTACT, row)
                return redirect("accounts:contact_verify")

    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "email_form": email_form,
            "phone_form": phone_form,
            "citizen_id_locked": locked,
            "prefill": selectors.applicant_prefill(user),
            "breadcrumbs": [
                (_("Tài khoản của tôi"), reverse("accounts:account")),
                (_("Hồ sơ cá nhân"), ""),
            ],
        },
        status=status,
    )
