"""Payment use cases on the database: bills from the procedure's fees, verified results applied once,
cash, cancellation, expiry and refunds (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from egov.core.errors import PermissionDenied
from egov.core.models import AuditEntry, OutboxEvent
from egov.dossiers.models import Dossier
from egov.organizations.models import Role
from egov.payments import services
from egov.payments.errors import GatewayUnavailable, NothingToPay, NotPayable, RefundTooLarge, WrongAmount
from egov.payments.models import Notification, Payment
from egov.payments.rules import Outcome, Reason, State
from tests.accounts.factories import make_officer
from tests.dossiers.factories import make_counter, receive
from tests.payments.factories import fee_counter, submit_online, with_fees
from tests.procedures.factories import make_fee

pytestmark = pytest.mark.django_db


def bill(counter=None) -> Payment:
    counter = counter or fee_counter()
    dossier = receive(counter)
    return services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)


def result(payment: Payment, **changes) -> Outcome:
    arguments = {
        "reference": payment.reference,
        "amount": payment.amount,
        "succeeded": True,
        "gateway_code": "sandbox",
        "gateway_reference": "SBX1",
        "at": timezone.now(),
        "raw": {"reference": payment.reference},
    }
    arguments.update(changes)
    return services.record_gateway_result(**arguments)


def topics(topic: str) -> int:
    return OutboxEvent.objects.filter(topic=topic).count()


def test_bill_copies_the_versions_fees_and_sums_them():
    counter = fee_counter()
    dossier = receive(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    assert payment.amount == 75_000 and payment.currency == "VND" and payment.state == State.PENDING
    assert [(item.name, item.amount) for item in payment.items.all()] == [
        ("Lệ phí cấp giấy phép", 50_000),
        ("Phí thẩm định", 25_000),
    ]
    assert re.fullmatch(r"TT\d{6}\d{5}", payment.reference)
    assert payment.payer_name == dossier.applicant_name
    assert Dossier.objects.get(pk=dossier.pk).payment_state == Dossier.PaymentState.PENDING
    assert topics("payment.requested") == 1
    assert AuditEntry.objects.filter(action="payment.requested").count() == 1


def test_fees_changed_later_do_not_change_the_bill():
    counter = fee_counter()
    payment = bill(counter)
    make_fee(counter.version, name="Phí mới", amount=Decimal(1_000))
    again = services.request_payment(dossier=payment.dossier, reason=Reason.SUBMISSION)
    assert again.pk == payment.pk and again.amount == 75_000 and again.items.count() == 2


def test_two_bills_get_two_numbers():
    first, second = bill(), bill()
    assert first.reference != second.reference


def test_a_procedure_without_charges_has_nothing_to_pay():
    dossier = receive(with_fees(make_counter(), (("Lệ phí", 0),)))
    with pytest.raises(NothingToPay):
        services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)


def test_verified_success_pays_once_and_tells_the_outbox():
    payment = bill()
    assert result(payment) == Outcome.CONFIRMED
    assert result(payment) == Outcome.ALREADY_CONFIRMED
    payment.refresh_from_db()
    assert (
        payment.state == State.PAID and payment.gateway == "sandbox" and payment.gateway_reference == "SBX1"
    )
    assert payment.paid_at is not None
    assert Dossier.objects.get(pk=payment.dossier_id).payment_state == Dossier.PaymentState.PAID
    assert topics("payment.paid") == 1
    assert Notification.objects.filter(payment=payment).count() == 2


def test_wrong_amount_changes_nothing():
    payment = bill()
    assert result(payment, amount=7_500) == Outcome.WRONG_AMOUNT
    payment.refresh_from_db()
    assert payment.state == State.PENDING and topics("payment.paid") == 0


def test_unknown_reference_is_recorded_and_changes_nothing():
    payment = bill()
    assert result(payment, reference="TT000000ZZZZZ") == Outcome.UNKNOWN_ORDER
    assert Notification.objects.get(reference="TT000000ZZZZZ").outcome == Outcome.UNKNOWN_ORDER
    payment.refresh_from_db()
    assert payment.state == State.PENDING


def test_failure_then_success_pays():
    payment = bill()
    assert result(payment, succeeded=False) == Outcome.FAILED_RECORDED
    payment.refresh_from_db()
    assert payment.state == State.FAILED and topics("payment.failed") == 1
    assert result(payment, gateway_reference="SBX2") == Outcome.CONFIRMED


def test_a_late_failure_does_not_unpay():
    payment = bill()
    result(payment)
    assert result(payment, succeeded=False) == Outcome.ALREADY_CONFIRMED
    payment.refresh_from_db()
    assert payment.state == State.PAID


def test_secrets_are_not_stored_with_the_notification():
    payment = bill()
    result(payment, raw={"vnp_TxnRef": payment.reference, "hash_secret": "s3cr3t", "api_token": "x"})
    raw = Notification.objects.get(payment=payment).raw
    assert raw == {"vnp_TxnRef": payment.reference}


def test_an_attempts_order_reference_finds_its_payment():
    payment = bill()
    payment.attempts.create(gateway="vnpay", order_ref=f"{payment.reference}-2", started_at=timezone.now())
    assert result(payment, reference=f"{payment.reference}-2", gateway_code="vnpay") == Outcome.CONFIRMED


def test_receiver_records_cash_with_the_exact_amount():
    counter = fee_counter()
    payment = bill(counter)
    with pytest.raises(WrongAmount):
        services.record_cash(payment=payment, officer=counter.officer, received_amount=70_000)
    paid = services.record_cash(payment=payment, officer=counter.officer, received_amount=75_000)
    assert paid.state == State.PAID and paid.gateway == "cash" and paid.received_by == counter.officer
    with pytest.raises(NotPayable):
        services.record_cash(payment=payment, officer=counter.officer, received_amount=75_000)
    assert topics("payment.paid") == 1


def test_a_specialist_may_not_record_cash():
    counter = fee_counter()
    payment = bill(counter)
    specialist = make_officer(counter.agency, Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        services.record_cash(payment=payment, officer=specialist, received_amount=75_000)


def test_refunds_never_exceed_what_was_paid():
    counter = fee_counter()
    payment = bill(counter)
    with pytest.raises(RefundTooLarge):  # nothing paid yet
        services.refund(payment=payment, officer=counter.officer, amount=1, reason="Nhầm")
    result(payment)
    services.refund(payment=payment, officer=counter.officer, amount=25_000, reason="Thu thừa phí thẩm định")
    with pytest.raises(RefundTooLarge):
        services.refund(payment=payment, officer=counter.officer, amount=50_001, reason="Quá số")
    assert Dossier.objects.get(pk=payment.dossier_id).payment_state == Dossier.PaymentState.PAID
    services.refund(payment=payment, officer=counter.officer, amount=50_000, reason="Hồ sơ bị từ chối")
    assert Dossier.objects.get(pk=payment.dossier_id).payment_state == Dossier.PaymentState.REFUNDED
    assert topics("payment.refunded") == 2


def test_expired_bills_are_swept_and_a_new_one_is_made_when_asked():
    payment = bill()
    later = payment.expires_at + dt.timedelta(minutes=1)
    assert services.expire_stale(now=payment.expires_at - dt.timedelta(minutes=1)) == 0
    assert services.expire_stale(now=later) == 1
    payment.refresh_from_db()
    assert payment.state == State.EXPIRED
    fresh = services.request_payment(dossier=payment.dossier, reason=Reason.SUBMISSION, at=later)
    assert fresh.pk != payment.pk and fresh.state == State.PENDING
    assert result(payment) == Outcome.CONFIRMED  # money that moved late is still taken


def test_cancelled_bill_is_not_paid_by_a_late_success():
    counter = fee_counter()
    payment = bill(counter)
    services.cancel(payment=payment, officer=counter.officer, reason="Lập nhầm")
    assert Dossier.objects.get(pk=payment.dossier_id).payment_state == Dossier.PaymentState.NOT_REQUIRED
    assert result(payment) == Outcome.NOT_PAYABLE
    payment.refresh_from_db()
    assert payment.state == State.CANCELLED


def test_only_the_applicant_starts_an_online_payment():
    counter = fee_counter()
    dossier, citizen = submit_online(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    with pytest.raises(PermissionDenied):
        services.start_payment(
            payment=payment, gateway_code="sandbox", citizen=counter.officer, return_url="/", client_ip=""
        )
    start = services.start_payment(
        payment=payment, gateway_code="sandbox", citizen=citizen, return_url="/x/", client_ip="10.0.0.1"
    )
    assert start.redirect_url.startswith(f"/thanh-toan/sandbox/{payment.reference}/")
    assert payment.attempts.get().order_ref == payment.reference
    payment.refresh_from_db()
    assert payment.state == State.PENDING  # starting never pays


def test_cash_cannot_be_chosen_online():
    counter = fee_counter()
    dossier, citizen = submit_online(counter)
    payment = services.request_payment(dossier=dossier, reason=Reason.SUBMISSION)
    with pytest.raises(GatewayUnavailable):
        services.start_payment(
            payment=payment, gateway_code="cash", citizen=citizen, return_url="/", client_ip=""
        )


def test_the_scheduler_sweeps_expired_bills():
    from egov.core.tasks import scheduled_jobs

    assert "payments.expire_stale" in {job.name for job in scheduled_jobs()}
