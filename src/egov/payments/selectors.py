"""Read queries of the payments app: a dossier's bills, what a person may see, who may report."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from egov.accounts import permissions
from egov.dossiers import selectors as dossier_selectors
from egov.dossiers.models import Dossier
from egov.organizations.models import Agency
from egov.payments import rules
from egov.payments.models import Attempt, Payment


def payments_of(dossier: Dossier) -> QuerySet[Payment]:
    rows = Payment.objects.filter(dossier=dossier).prefetch_related("items", "refunds")
    return rows.order_by("-requested_at", "-pk")


def open_payment(dossier: Dossier) -> Payment | None:
    """The bill the applicant can pay now (pending or failed, not past its expiry)."""
    return payments_of(dossier).filter(state__in=list(rules.OPEN)).first()


def by_reference(reference: str) -> Payment | None:
    """The payment with this bill number, or whose attempt sent this order reference to a gateway."""
    payment = Payment.objects.select_related("dossier", "dossier__agency").filter(reference=reference).first()
    if payment is None and reference:
        attempts = Attempt.objects.select_related("payment").filter(order_ref=reference)
        attempt = attempts.order_by("-pk").first()
        payment = attempt.payment if attempt is not None else None
    return payment


def owes(dossier: Dossier) -> bool:
    """Whether the dossier still waits for its fees: payment pending and the dossier not closed
    (refused, stopped or withdrawn dossiers are not billed; a finished one may still pay at return)."""
    return dossier.payment_state == Dossier.PaymentState.PENDING and dossier.closed_at is None


def is_owner(user: Any, dossier: Dossier) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and dossier.owner_id == user.pk


def may_see(user: Any, dossier: Dossier) -> bool:
    """The applicant, or an officer who may open the dossier."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_owner(user, dossier) or dossier_selectors.may_view(user, dossier)


def may_record_cash(user: Any, dossier: Dossier) -> bool:
    return permissions.can(user, "payments.record_cash", dossier.agency)


def report_agencies(user: Any) -> list[Agency]:
    """The agencies whose payments ``user`` may reconcile (each with its subtree)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser and user.is_active:
        return list(Agency.objects.filter(parent__isnull=True))
    roles = permissions.action("payments.report").roles
    ids = {grant.agency_id for grant in permissions.grants_of(user) if grant.role in roles}
    return list(Agency.objects.filter(pk__in=ids))


def within(agencies: list[Agency], field: str = "dossier__agency") -> Q:
    """Rows whose ``field`` agency lies in the subtree of one of ``agencies``."""
    condition = Q(pk__in=[])
    for agency in agencies:
        condition |= Q(**{f"{field}__path__startswith": agency.path}) if agency.path else Q(**{field: agency})
    return condition
