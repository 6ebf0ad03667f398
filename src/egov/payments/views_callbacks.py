"""Server-to-server notifications of the gateways (IPN, webhooks): /thanh-toan/thong-bao/<gateway>/.

No session, no CSRF token, no language prefix: each gateway verifies its own signature in
`handle_notification` and formats its own reply. Parameters and bodies are never logged here.
Each client address may send at most ``EGOV_RATE_LIMITS["payment_notification"]`` notifications per
window (default 600 a minute): a flood of forged ones is answered 429 before any signature check.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from egov.core import ratelimit
from egov.payments import gateways
from egov.payments.gateways import Reply


def notify(
    gateway_code: str,
    *,
    params: Mapping[str, str],
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """Hand a notification to its gateway (the view below, and the sandbox page, call this)."""
    return gateways.get(gateway_code).handle_notification(params=params, body=body, headers=headers or {})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification(request: HttpRequest, gateway_code: str) -> HttpResponse:
    try:
        gateways.get(gateway_code)
    except gateways.UnknownGateway:
        raise Http404(gateway_code) from None
    try:
        ratelimit.hit_client("payment_notification", request)
    except ratelimit.RateLimited as refused:
        response = HttpResponse("Too many notifications", status=429, content_type="text/plain")
        response["Retry-After"] = str(refused.retry_after)
        return response
    body = request.body  # read first: the form fields below are parsed from it
    params = {key: request.GET[key] for key in request.GET}
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        params.update({key: request.POST[key] for key in request.POST})
    reply = notify(gateway_code, params=params, body=body, headers=dict(request.headers))
    return HttpResponse(reply.body, status=reply.status, content_type=reply.content_type)
