"""Outbox handlers of the payments app (registered at start-up by PaymentsConfig.ready).

- ``dossier.received`` of an online dossier whose procedure is offered toàn trình and charges fees:
  the bill is requested at once, so the applicant pays right after submitting.
- ``dossier.step_completed`` into a step of national status 6 (yêu cầu thực hiện nghĩa vụ tài
  chính): the bill of the financial obligation is requested.
- ``payment.paid``: a dossier that waits in a status-6 step is moved on by its process action that
  leaves the step (``requires_payment``, or else the one open to the applicant), taken by the
  applicant (or, for cash, by the officer who took it) through `processing.act` like any action;
  when neither may take it, the dossier is left to the officers, who see it paid.

Each handler is idempotent (requesting a bill returns the open one; a dossier no longer in status 6
is not touched), so a retried delivery does nothing twice.
"""

from __future__ import annotations

import logging
from typing import Any

from egov.core import outbox
from egov.core.errors import DomainError
from egov.dossiers.domain.state import NationalStatus
from egov.dossiers.models import Dossier
from egov.dossiers.services import processing
from egov.payments import services
from egov.payments.amount_words import digits
from egov.payments.models import Payment
from egov.payments.rules import Reason, State
from egov.procedures import workflow

logger = logging.getLogger(__name__)

SYSTEM = "hệ thống thanh toán"


def _dossier(delivery: outbox.Delivery) -> Dossier | None:
    if delivery.object_type != "dossiers.dossier":
        return None
    return Dossier.objects.select_related("version", "owner").filter(pk=delivery.object_id).first()


@outbox.handler("dossier.received", name="payments.bill_on_submission")
def bill_on_submission(delivery: outbox.Delivery) -> None:
    dossier = _dossier(delivery)
    if dossier is None or dossier.channel != Dossier.Channel.ONLINE or dossier.origin_id is not None:
        return
    if dossier.version.online_level != dossier.version.OnlineLevel.FULL or not services.charges(dossier):
        return
    services.request_payment(dossier=dossier, reason=Reason.SUBMISSION, actor=SYSTEM)


@outbox.handler("dossier.step_completed", name="payments.bill_financial_obligation")
def bill_financial_obligation(delivery: outbox.Delivery) -> None:
    if delivery.payload.get("national_status") != int(NationalStatus.FINANCIAL_OBLIGATION):
        return
    dossier = _dossier(delivery)
    if dossier is None or dossier.national_status != NationalStatus.FINANCIAL_OBLIGATION:
        return
    if not services.charges(dossier):
        return
    payment = services.request_payment(dossier=dossier, reason=Reason.FINANCIAL_OBLIGATION, actor=SYSTEM)
    if payment.state == State.PAID:  # the fees were paid before (at submission): go on at once
        resume_dossier(payment)


def leaving_action(spec: workflow.ProcessSpec, step: str) -> workflow.ActionSpec | None:
    """The action that leaves a status-6 step once paid: the one marked ``requires_payment``, else
    the one open to the applicant that leads to another step."""
    candidates = [a for a in spec.actions if a.from_step == step and a.to_step != step]
    marked = [a for a in candidates if a.requires_payment]
    if marked:
        return marked[0]
    return next((a for a in candidates if workflow.APPLICANT in a.roles), None)


def _actors(dossier: Dossier, payment: Payment, action: workflow.ActionSpec) -> list[Any]:
    """Who takes the leaving action: the applicant (online account) when the action is open to the
    applicant, else the officer who took the cash at the counter (if the action allows their role)."""
    actors: list[Any] = []
    if workflow.APPLICANT in action.roles and dossier.owner is not None:
        actors.append(dossier.owner)
    if payment.received_by is not None:
        actors.append(payment.received_by)
    return actors


def resume_dossier(payment: Payment) -> bool:
    """Move the paid dossier out of its status-6 step; True when it was moved.

    The action goes through `processing.act` (permission, clock resume, timeline, audit, outbox) like
    any other; when no one the payment knows may take it, the dossier is left for the officers, who
    see it paid."""
    related = ("version", "version__process", "owner")
    dossier = Dossier.objects.select_related(*related).get(pk=payment.dossier_id)
    if not dossier.is_open or dossier.national_status != NationalStatus.FINANCIAL_OBLIGATION:
        return False
    spec = processing.process_of(dossier)
    action = leaving_action(spec, dossier.step)
    actors = _actors(dossier, payment, action) if action is not None else []
    note = f"Đã thanh toán {digits(payment.amount)} đồng (hóa đơn {payment.reference})."
    for actor in actors:
        assert action is not None
        try:
            processing.act(
                dossier=dossier,
                action_code=action.code,
                actor=actor,
                note=note,
                details={"payment": payment.reference},
            )
        except DomainError as error:  # not allowed to this actor: try the next one
            logger.info("payment.paid: %s may not resume %s: %s", actor, dossier.code, error.code)
            continue
        return True
    logger.info("payment.paid: dossier %s left for the officers", dossier.code)
    return False


@outbox.handler("payment.paid", name="payments.resume_dossier")
def on_paid(delivery: outbox.Delivery) -> None:
    payment = Payment.objects.filter(pk=delivery.object_id).first()
    if payment is None or payment.state != State.PAID:
        return
    resume_dossier(payment)
