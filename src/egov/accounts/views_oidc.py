"""Single sign-on with OpenID Connect (VNeID or another configured provider), through Authlib.

start    → remembers where to go afterwards, redirects to the provider's authorization endpoint
           (found through discovery) with state, nonce and a PKCE S256 challenge;
callback → checks the state, exchanges the code (with the PKCE verifier), verifies the ID token
           against the provider's published keys (issuer, audience, expiry, nonce), completes the
           claims from the user info endpoint, then signs the person in (services_oidc).

Every failure (the person declined, a stale or forged state, the provider unreachable, claims we
cannot use) ends on the sign-in page with a Vietnamese message, never an error page.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError

from egov.accounts import oidc, services_oidc, sessions
from egov.core.errors import DomainError

logger = logging.getLogger(__name__)

# The same backend as password sign-in, so the session survives the backend list being changed.
BACKEND = "egov.accounts.backends.LockoutAwareBackend"
NEXT_KEY = "egov_oidc_next"
CLIENT_NAME = "egov_oidc"
# Discovery documents are re-read after this long (keys are re-read whenever an unknown key id shows up).
METADATA_MAX_AGE_SECONDS = 3600

_clients: dict[tuple[Any, ...], Any] = {}
_clients_lock = threading.Lock()


def provider() -> oidc.Provider | None:
    return oidc.provider_from(settings)


def _client(config: oidc.Provider) -> Any:
    """The Authlib client of the configured provider, one per configuration and process."""
    key = (
        config.discovery_url,
        config.client_id,
        config.client_secret,
        config.scope,
        config.timeout,
        config.token_auth_method,
    )
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            registry = OAuth()
            client = registry.register(
                name=CLIENT_NAME,
                client_id=config.client_id,
                client_secret=config.client_secret or None,
                server_metadata_url=config.discovery_url,
                client_kwargs={
                    "scope": config.scope,
                    "code_challenge_method": "S256",
                    "default_timeout": config.timeout,
                    "token_endpoint_auth_method": config.token_auth_method,
                },
            )
            _clients[key] = client
        loaded_at = client.server_metadata.get("_loaded_at")
        if loaded_at is not None and time.time() - loaded_at > METADATA_MAX_AGE_SECONDS:
            client.server_metadata.clear()
    return client


def _required_provider() -> oidc.Provider:
    config = provider()
    if config is None:
        raise Http404("single sign-on is not configured")
    return config


def _callback_url(request: HttpRequest) -> str:
    # Always the default language's address: it must equal the one registered with the provider.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("accounts:oidc:callback"))


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _back_to_sign_in(request: HttpRequest, message: str, next_url: str = "") -> HttpResponse:
    messages.error(request, message)
    url = reverse("accounts:login")
    return HttpResponseRedirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def _unreachable_message(config: oidc.Provider) -> str:
    return _(
        "Không kết nối được với %(provider)s. Vui lòng thử lại sau ít phút, "
        "hoặc đăng nhập bằng số định danh và mật khẩu."
    ) % {"provider": config.name}


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the person to the provider to sign in there."""
    config = _required_provider()
    next_url = _safe_next(request, request.GET.get("next", ""))
    request.session[NEXT_KEY] = next_url
    try:
        return _client(config).authorize_redirect(request, _callback_url(request))
    except (requests.RequestException, ValueError, RuntimeError, KeyError):
        logger.warning("oidc: provider unreachable at start", exc_info=True, extra={"provider": config.key})
        return _back_to_sign_in(request, _unreachable_message(config), next_url)


def _token_and_claims(request: HttpRequest, config: oidc.Provider) -> dict[str, Any]:
    client = _client(config)
    token = client.authorize_access_token(request)
    id_claims = token.get("userinfo")
    if not id_claims:
        raise OAuthError(error="missing_id_token", description="no ID token in the token response")
    user_info = None
    if client.server_metadata.get("userinfo_endpoint") and token.get("access_token"):
        user_info = client.userinfo(token=token)
    return oidc.merge_user_info(dict(id_claims), dict(user_info) if user_info else None)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the person back here with a code (or an error)."""
    config = _required_provider()
    next_url = _safe_next(request, request.session.pop(NEXT_KEY, "") or "")
    try:
        claims = _token_and_claims(request, config)
    except MismatchingStateError:
        logger.warning("oidc: state mismatch", extra={"provider": config.key})
        return _back_to_sign_in(
            request,
            _(
                "Phiên đăng nhập qua %(provider)s không hợp lệ hoặc đã hết hạn. "
                "Vui lòng bấm lại nút đăng nhập bằng %(provider)s."
            )
            % {"provider": config.name},
            next_url,
        )
    except OAuthError as error:
        logger.warning(
            "oidc: provider refused or answered wrongly",
            extra={"provider": config.key, "error": error.error, "description": error.description},
        )
        if error.error == "access_denied":
            message = _(
                "Bạn đã không đồng ý đăng nhập bằng %(provider)s nên chưa đăng nhập. "
                "Bạn có thể thử lại hoặc đăng nhập bằng số định danh và mật khẩu."
            ) % {"provider": config.name}
        else:
            message = _(
                "%(provider)s không xác nhận được việc đăng nhập. Vui lòng thử lại, "
                "hoặc đăng nhập bằng số định danh và mật khẩu."
            ) % {"provider": config.name}
        return _back_to_sign_in(request, message, next_url)
    except requests.RequestException:
        logger.warning(
            "oidc: provider unreachable at callback", exc_info=True, extra={"provider": config.key}
        )
        return _back_to_sign_in(request, _unreachable_message(config), next_url)
    except (JoseError, AuthlibBaseError, ValueError, KeyError):
        # A token that does not verify (signature, issuer, audience, expiry, nonce) or is malformed.
        logger.warning("oidc: ID token refused", exc_info=True, extra={"provider": config.key})
        return _back_to_sign_in(
            request,
            _(
                "Không kiểm chứng được thông tin đăng nhập do %(provider)s gửi về. Vui lòng thử lại, "
                "hoặc đăng nhập bằng số định danh và mật khẩu."
            )
            % {"provider": config.name},
            next_url,
        )
    try:
        user = services_oidc.sign_in_with_identity(provider=config, claims=claims)
    except DomainError as error:
        logger.info("oidc: sign-in refused", extra={"provider": config.key, "code": error.code})
        return _back_to_sign_in(request, error.message(translation.get_language()), next_url)
    target = next_url or reverse(settings.LOGIN_REDIRECT_URL)
    if user.has_totp:
        sessions.start_pending(request, user_id=user.pk, backend=BACKEND, next_url=target)
        return HttpResponseRedirect(reverse("accounts:verify"))
    login(request, user, backend=BACKEND)
    return HttpResponseRedirect(target)
