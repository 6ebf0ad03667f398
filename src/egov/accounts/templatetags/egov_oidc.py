"""`{% oidc_sign_in next %}`: the "sign in with VNeID" button, shown only when single sign-on is on."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse

from egov.accounts import oidc

register = template.Library()


@register.inclusion_tag("accounts/oidc/button.html")
def oidc_sign_in(next_url: str = "") -> dict[str, Any]:
    provider = oidc.provider_from(settings)
    if provider is None:
        return {"provider": None}
    url = reverse("accounts:oidc:start")
    return {"provider": provider, "url": f"{url}?{urlencode({'next': next_url})}" if next_url else url}
