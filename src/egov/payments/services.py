"""Payment use cases: the only code that changes a payment (DOMAIN §7).

One function per use case, keyword-only arguments, one transaction each: the payment row is locked,
the permission checked, `rules` decide, then the rows, an audit entry and an outbox event
(``payment.requested``, ``payment.paid``, ``payment.failed``, ``payment.expired``,
``payment.cancelled``, ``payment.refunded``) are written together. ``payment.paid`` resumes a dossier
that waits for its financial obligation (`handlers`).

Only `record_gateway_result` (called by a gateway after it verified a notification) and
`record_cash` (an officer at the counter) make a payment paid. A result is idempotent: the same
notification twice, or two at once, confirms once; a wrong amount or an unknown reference changes
nothing. Every notification is kept (`Notification`) for the reconciliation report, with secrets
removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit, counters, outbox
from egov.core.errors import PermissionDenied, ValidationFailed
from egov.core.numbering import CodeContext, cached_pattern
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from egov.payments import gateways, rules
from egov.payments.errors import GatewayUnavailable, NothingToPay, NotPayable, RefundTooLarge, WrongAmount
from egov.payments.gateways import Start
from egov.payments.models import Attempt, Notification, Payment, PaymentItem, Refund
from egov.payments.rules import Outcome, Reason, State

__all__ = [
    "Outcome",
    "cancel",
    "charges",
    "expire_stale",
    "record_cash",
    "record_gateway_result",
    "record_rejected_notification",
    "refund",
    "request_payment",
    "start_payment",
]

CASH = "cash"
SECRET_WORDS = ("secret", "password", "passwd", "token", "apikey", "api_key", "private")
MAX_RAW_VALUE = 2000

permissions.register(
    "payments.record_cash", roles=[Role.RECEIVER], description="thu tiền mặt phí, lệ phí tại quầy"
)
permissions.register(
    "payments.manage", roles=[Role.RECEIVER, Role.LEADER], description="hủy khoản thu, hoàn tiền phí, lệ phí"
)
permissions.register(
    "payments.report",
    roles=[Role.RECEIVER, Role.DIVISION_HEAD, Role.LEADER],
    description="xem báo cáo đối soát thanh toán",
)


# --- Helpers ----------------------------------------------------------------------------------------


def charges(dossier: Dossier) -> list[Any]:
    """The fee lines of the dossier's procedure version that cost something."""
    return [fee for fee in dossier.version.fees.all() if fee.amount > 0]


def scrub(raw: Mapping[str, Any]) -> dict[str, Any]:
    """``raw`` without anything that looks like a secret, long values shortened (kept for audit)."""
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key)
        if any(word in name.lower().replace("-", "_") for word in SECRET_WORDS):
            continue
        if isinstance(value, Mapping):
            clean[name] = scrub(value)
        elif isinstance(value, bool | int | float) or value is None:
            clean[name] = value
        else:
            clean[name] = str(value)[:MAX_RAW_VALUE]
    return clean


def _snapshot(payment: Payment) -> dict[str, Any]:
    return {
        "state": payment.state,
        "amount": payment.amount,
        "gateway": payment.gateway,
        "gateway_reference": payment.gateway_reference,
        "paid_at": payment.paid_at,
    }


def _payload(payment: Payment, **extra: Any) -> dict[str, Any]:
    return {
        "reference": payment.reference,
        "dossier": payment.dossier_id,
        "dossier_code": payment.dossier.code,
        "amount": payment.amount,
        "reason": payment.reason,
        "state": payment.state,
        "gateway": payment.gateway,
        **extra,
    }


def _lock_dossier(dossier_id: int) -> None:
    """Rows are always locked dossier first, then its payments (no deadlock with `request_payment`,
    which bills under the dossier's lock)."""
    list(Dossier.objects.select_for_update().filter(pk=dossier_id).values_list("pk", flat=True))


def _lock(payment: Payment) -> Payment:
    _lock_dossier(payment.dossier_id)
    return Payment.objects.select_for_update(of=("self",)).select_related("dossier").get(pk=payment.pk)


def _set_dossier_state(dossier_id: int, state: str) -> None:
    """The dossier's payment field (a separate field of the dossier, DOMAIN §3), nothing else."""
    Dossier.objects.filter(pk=dossier_id).update(payment_state=state, updated_at=timezone.now())


def _bill_number(at: dt.datetime) -> str:
    pattern = cached_pattern(settings.EGOV_PAYMENT_BILL_PATTERN)
    return counters.next_code(pattern, CodeContext(series="payment", at=at))


# --- Requesting ---------------------------------------------------------------------------------------


def request_payment(
    *, dossier: Dossier, reason: str, actor: Any = None, at: dt.datetime | None = None
) -> Payment:
    """Bill the dossier's fees (phí, lệ phí) as fixed by its procedure version now.

    Idempotent: while the dossier has an open payment (pending or failed) for the same reason, or a
    paid one that was not refunded (fees are owed once), that payment is returned. An expired or
    cancelled payment does not count: a new bill with a new number is made.
    """
    moment = at or timezone.now()
    reason = Reason(reason)
    with transaction.atomic():
        _lock_dossier(dossier.pk)
        locked = Dossier.objects.select_related("version").get(pk=dossier.pk)
        existing = (
            Payment.objects.select_for_update()
            .filter(dossier=locked, state__in=[State.PENDING, State.FAILED, State.PAID])
            .order_by("-requested_at", "-pk")
        )
        for candidate in existing:
            if candidate.state == State.PAID and candidate.refunded_amount == 0:
                return candidate
            if candidate.state != State.PAID and candidate.expires_at <= moment:
                _expire(candidate, at=moment)  # not swept yet: a new bill with a new number
            elif candidate.state != State.PAID and candidate.reason == reason:
                return candidate
        lines = charges(locked)
        if not lines:
            raise NothingToPay()
        payment = Payment.objects.create(
            dossier=locked,
            reference=_bill_number(moment),
            amount=sum(int(fee.amount) for fee in lines),
            state=State.PENDING,
            reason=reason,
            requested_at=moment,
            expires_at=moment + dt.timedelta(minutes=settings.EGOV_PAYMENT_EXPIRY_MINUTES),
            payer_name=locked.applicant_name,
            state_changed_at=moment,
        )
        PaymentItem.objects.bulk_create(
            PaymentItem(
                payment=payment,
                order=index,
                kind=fee.kind,
                code=fee.code,
                name=fee.name,
                amount=int(fee.amount),
            )
            for index, fee in enumerate(lines)
        )
        if locked.payment_state != Dossier.PaymentState.PENDING:
            _set_dossier_state(locked.pk, Dossier.PaymentState.PENDING)
        audit.record(actor, "payment.requested", payment, after=_snapshot(payment), reason=reason)
        outbox.emit("payment.requested", payment, payload=_payload(payment))
    return payment


def start_payment(
    *, payment: Payment, gateway_code: str, citizen: Any, return_url: str, client_ip: str
) -> Start:
    """The applicant chose a gateway: record the attempt and say where the browser goes.

    Never changes the payment's state: only the gateway's verified notification does."""
    gateway = gateways.get(gateway_code)
    if gateway.officer_only or not gateway.citizen_can_choose or not gateway.is_enabled():
        raise GatewayUnavailable(field="gateway")
    moment = timezone.now()
    with transaction.atomic():
        locked = _lock(payment)
        if citizen is None or locked.dossier.owner_id is None or locked.dossier.owner_id != citizen.pk:
            raise PermissionDenied(
                "Chỉ người nộp hồ sơ mới thanh toán trực tuyến được khoản này.",
                message_en="Only the dossier's applicant can pay this online.",
            )
        if locked.state not in rules.OPEN or locked.expires_at <= moment:
            raise NotPayable()
        start = gateway.start(payment=locked, return_url=return_url, client_ip=client_ip)
        Attempt.objects.create(
            payment=locked,
            gateway=gateway.code,
            order_ref=start.order_ref or locked.reference,
            started_at=moment,
            client_ip=client_ip or None,
        )
        audit.record(citizen, "payment.started", locked, gateway=gateway.code)
    return start


# --- Results -----------------------------------------------------------------------------------------


def _find(reference: str) -> Payment | None:
    payment = Payment.objects.filter(reference=reference).first()
    if payment is None:
        attempt = Attempt.objects.filter(order_ref=reference).order_by("-pk").first()
        payment = attempt.payment if attempt is not None else None
    return payment


def record_gateway_result(
    *,
    reference: str,
    amount: int,
    succeeded: bool,
    gateway_code: str,
    gateway_reference: str,
    at: dt.datetime | None,
    raw: Mapping[str, Any],
) -> Outcome:
    """Apply a result the gateway *verified* (signature checked by the caller).

    Locks the payment, checks the amount (integer VND), and confirms it at most once. A failure of an
    attempt is recorded and leaves the payment payable. Every call leaves one `Notification` row."""
    moment = at or timezone.now()
    with transaction.atomic():
        found = _find(reference)
        notification = Notification(
            gateway=gateway_code,
            received_at=moment,
            reference=reference[:64],
            verified=True,
            succeeded=bool(succeeded),
            amount=int(amount),
            gateway_reference=gateway_reference[:128],
            raw=scrub(raw),
        )
        if found is None:
            notification.outcome = Outcome.UNKNOWN_ORDER
            notification.save()
            return Outcome.UNKNOWN_ORDER
        payment = _lock(found)
        decision = rules.on_result(
            state=State(payment.state), expected=payment.amount, amount=int(amount), succeeded=bool(succeeded)
        )
        notification.payment = payment
        notification.outcome = decision.outcome
        notification.save()
        if decision.outcome == Outcome.CONFIRMED:
            _mark_paid(
                payment,
                gateway=gateway_code,
                gateway_reference=gateway_reference,
                at=moment,
                actor=gateway_code,
            )
        elif decision.outcome == Outcome.FAILED_RECORDED and decision.state != payment.state:
            before = _snapshot(payment)
            payment.state = decision.state
            payment.gateway = gateway_code
            payment.state_changed_at = moment
            payment.save(update_fields=["state", "gateway", "state_changed_at"])
            audit.record(gateway_code, "payment.failed", payment, before=before, after=_snapshot(payment))
            outbox.emit("payment.failed", payment, payload=_payload(payment))
        elif decision.outcome in (Outcome.WRONG_AMOUNT, Outcome.NOT_PAYABLE):
            audit.record(
                gateway_code,
                f"payment.{decision.outcome}",
                payment,
                amount=int(amount),
                gateway_reference=gateway_reference,
            )
    return decision.outcome


def record_rejected_notification(
    *, gateway_code: str, reference: str, raw: Mapping[str, Any], why: str, at: dt.datetime | None = None
) -> None:
    """Keep a notification that failed verification (bad signature, malformed): nothing changes."""
    with transaction.atomic():
        Notification.objects.create(
            gateway=gateway_code,
            received_at=at or timezone.now(),
            reference=str(reference)[:64],
            payment=Payment.objects.filter(reference=reference).first() if reference else None,
            verified=False,
            outcome=f"rejected:{why}"[:32],
            raw=scrub(raw),
        )


def _mark_paid(
    payment: Payment, *, gateway: str, gateway_reference: str, at: dt.datetime, actor: Any
) -> None:
    before = _snapshot(payment)
    payment.state = State.PAID
    payment.paid_at = at
    payment.gateway = gateway
    payment.gateway_reference = gateway_reference[:128]
    payment.state_changed_at = at
    payment.save(update_fields=["state", "paid_at", "gateway", "gateway_reference", "state_changed_at"])
    _set_dossier_state(payment.dossier_id, Dossier.PaymentState.PAID)
    audit.record(actor, "payment.paid", payment, before=before, after=_snapshot(payment))
    outbox.emit("payment.paid", payment, payload=_payload(payment), key=f"payment.paid:{payment.reference}")


def record_cash(
    *, payment: Payment, officer: Any, received_amount: int, at: dt.datetime | None = None
) -> Payment:
    """The receiving officer took the fees in cash at the counter (the receipt is issued at once)."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = _lock(payment)
        permissions.require(officer, "payments.record_cash", locked.dossier.agency)
        if not rules.can_pay_cash(State(locked.state)):
            raise NotPayable()
        if int(received_amount) != locked.amount:
            raise WrongAmount(field="received_amount")
        Notification.objects.create(
            gateway=CASH,
            received_at=moment,
            reference=locked.reference,
            payment=locked,
            verified=True,
            succeeded=True,
            amount=int(received_amount),
            gateway_reference=f"TM-{locked.reference}",
            outcome=Outcome.CONFIRMED,
            raw={"officer": getattr(officer, "username", "")},
        )
        locked.received_by = officer
        locked.save(update_fields=["received_by"])
        _mark_paid(locked, gateway=CASH, gateway_reference=f"TM-{locked.reference}", at=moment, actor=officer)
    return locked


# --- Officers: cancel, refund; the scheduler: expiry ----------------------------------------------


def cancel(*, payment: Payment, officer: Any, reason: str, at: dt.datetime | None = None) -> Payment:
    """Cancel an unpaid bill (e.g. issued by mistake); the dossier no longer waits for it."""
    moment = at or timezone.now()
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("Hãy nêu lý do hủy.", code="payments.reason_required", field="reason")
    with transaction.atomic():
        locked = _lock(payment)
        permissions.require(officer, "payments.manage", locked.dossier.agency)
        if not rules.can_cancel(State(locked.state)):
            raise NotPayable()
        before = _snapshot(locked)
        locked.state = State.CANCELLED
        locked.state_changed_at = moment
        locked.note = text[:500]
        locked.save(update_fields=["state", "state_changed_at", "note"])
        others = Payment.objects.filter(dossier_id=locked.dossier_id).exclude(pk=locked.pk)
        if not others.filter(state__in=[State.PENDING, State.FAILED, State.PAID]).exists():
            _set_dossier_state(locked.dossier_id, Dossier.PaymentState.NOT_REQUIRED)
        audit.record(
            officer, "payment.cancelled", locked, before=before, after=_snapshot(locked), reason=text
        )
        outbox.emit("payment.cancelled", locked, payload=_payload(locked, reason=text))
    return locked


def expire_stale(now: dt.datetime | None = None) -> int:
    """Mark unpaid bills past their expiry as expired (the scheduler runs it); returns how many.

    A verified payment that arrives later is still accepted (the money has moved)."""
    moment = now or timezone.now()
    ids = list(
        Payment.objects.filter(state__in=list(rules.OPEN), expires_at__lte=moment).values_list(
            "pk", flat=True
        )[:500]
    )
    done = 0
    for payment in Payment.objects.filter(pk__in=ids):
        with transaction.atomic():
            locked = _lock(payment)
            if not rules.can_expire(State(locked.state)) or locked.expires_at > moment:
                continue
            _expire(locked, at=moment)
            done += 1
    return done


def _expire(payment: Payment, *, at: dt.datetime) -> None:
    """Inside the caller's transaction, the payment row locked."""
    before = _snapshot(payment)
    payment.state = State.EXPIRED
    payment.state_changed_at = at
    payment.save(update_fields=["state", "state_changed_at"])
    audit.record(None, "payment.expired", payment, before=before, after=_snapshot(payment))
    outbox.emit("payment.expired", payment, payload=_payload(payment))


def refund(
    *, payment: Payment, officer: Any, amount: int, reason: str, at: dt.datetime | None = None
) -> Refund:
    """Record money given back on a paid payment; never more than was paid."""
    moment = at or timezone.now()
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed("Hãy nêu lý do hoàn tiền.", code="payments.reason_required", field="reason")
    with transaction.atomic():
        locked = _lock(payment)
        permissions.require(officer, "payments.manage", locked.dossier.agency)
        already = list(locked.refunds.values_list("amount", flat=True))
        left = rules.refundable(state=State(locked.state), paid=locked.amount, refunded=already)
        if int(amount) <= 0 or int(amount) > left:
            raise RefundTooLarge(field="amount", left=left)
        row = Refund.objects.create(
            payment=locked, amount=int(amount), reason=text[:500], refunded_at=moment, officer=officer
        )
        if left == int(amount):
            _set_dossier_state(locked.dossier_id, Dossier.PaymentState.REFUNDED)
        audit.record(officer, "payment.refunded", locked, amount=int(amount), reason=text)
        outbox.emit("payment.refunded", locked, payload=_payload(locked, refund=int(amount)))
    return row
