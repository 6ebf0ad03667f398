"""What a payment gateway is: the base class every gateway folder implements.

A gateway lives in its own folder, ``egov/payments/gateways/<name>/``, whose ``gateway`` module
defines a subclass of `Gateway` decorated with `egov.payments.gateways.register`. The app imports
every ``egov.payments.gateways.<name>.gateway`` module at start-up (``PaymentsConfig.ready``), so a
new gateway is a new folder, never a new ``if gateway == ...`` branch. A folder may also hold a
``urls`` module with ``urlpatterns``; it is mounted at ``/thanh-toan/<name>/`` in the namespace
``payments:<name>`` (the sandbox's payment page, the cash form).

The three moments of a payment:

- ``start``: the citizen chose this gateway for a pending payment; say where the browser goes
  (``redirect_url``), or what to show instead (a VietQR ``qr_payload``, ``instructions``).
  `egov.payments.services.start_payment` records the attempt and calls it; ``start`` never changes
  the payment's state.
- ``handle_notification``: the gateway's server tells us the result (IPN, webhook, signed form).
  Verify the signature first, then call `egov.payments.services.record_gateway_result(...)`,
  which locks the payment, checks the amount, is idempotent and never pays twice, and map its
  `Outcome` to the reply this gateway's protocol expects (e.g. VNPay's ``{"RspCode": "00"}``).
  Only a verified notification (or cash recorded by an officer) makes a payment paid.
- ``describe_return``: the browser came back from the gateway. Read the parameters only to say
  which payment it was and what the gateway claims; never change state (the return page shows
  what the database says).

Secrets come from settings / environment only and are never logged nor stored in ``raw``.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings

if TYPE_CHECKING:  # pragma: no cover
    from egov.payments.models import Payment


def setting(name: str, default: str = "") -> str:
    """A gateway's setting: the Django setting (settings.py reads each from the environment), else
    the environment variable of that name (a test or a deployment may set either)."""
    value = getattr(settings, name, None)
    return str(value) if value not in (None, "") else os.environ.get(name, default)


@dataclass(frozen=True)
class Start:
    """Where the citizen goes after choosing a gateway.

    ``redirect_url``: send the browser there (VNPay, national platform, sandbox page).
    ``qr_payload``: a VietQR / EMVCo string shown as a QR code on our page, with ``instructions``.
    ``instructions``: text shown to the citizen (Vietnamese), e.g. "Nộp tiền mặt tại quầy".
    ``order_ref``: the order reference sent to the gateway when it is not the payment's own
    ``reference`` (a gateway that needs a fresh reference per attempt); the attempt stores it and
    ``record_gateway_result(reference=...)`` accepts either.
    """

    redirect_url: str = ""
    qr_payload: str = ""
    instructions: str = ""
    order_ref: str = ""


@dataclass(frozen=True)
class Reply:
    """The HTTP answer to a gateway's server-to-server notification, in the gateway's own format."""

    status: int = 200
    content_type: str = "application/json"
    body: str = ""


@dataclass(frozen=True)
class ReturnInfo:
    """What the browser return page may say, read from the return URL's parameters.

    ``reference``: the payment (or attempt order) reference the gateway sent back, "" if unknown.
    ``claimed_success``: what the gateway claims (True / False / None = cannot tell). The page
    shows the payment's state from the database; this is only a hint ("the bank reports success,
    we are waiting for its confirmation").
    ``message``: a short Vietnamese text to show, e.g. the meaning of a response code.
    """

    reference: str = ""
    claimed_success: bool | None = None
    message: str = ""


class Gateway(abc.ABC):
    """One way of paying. Subclasses set the ClassVars and implement `start` and
    `handle_notification` (an abstract base: a gateway missing either cannot be instantiated)."""

    code: ClassVar[str] = ""
    label: ClassVar[str] = ""  # Vietnamese, shown to citizens and officers
    citizen_can_choose: ClassVar[bool] = True  # offered on the citizen's "choose a gateway" page
    officer_only: ClassVar[bool] = False  # only an officer records it (cash at the counter)

    def is_enabled(self) -> bool:
        """Whether the gateway is configured (e.g. its merchant code and secret are set).

        A disabled gateway is not offered to citizens and refuses to start; notifications still
        reach it (and it may answer that it is not configured)."""
        return True

    @abc.abstractmethod
    def start(self, *, payment: Payment, return_url: str, client_ip: str) -> Start:
        """Begin paying ``payment``: where to send the payer, or what to show them."""

    @abc.abstractmethod
    def handle_notification(
        self, *, params: Mapping[str, str], body: bytes, headers: Mapping[str, str]
    ) -> Reply:
        """``params``: the query string and, for form posts, the form fields (one value each)."""

    def describe_return(self, *, params: Mapping[str, str]) -> ReturnInfo:
        return ReturnInfo()
