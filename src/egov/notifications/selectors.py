"""Read queries of the delivery log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from egov.notifications.models import Delivery


def deliveries_of(dossier: Any) -> QuerySet[Delivery]:
    """Every notification of the dossier, oldest first (the order the applicant received them)."""
    return Delivery.objects.filter(dossier=dossier).order_by("created_at", "pk")
