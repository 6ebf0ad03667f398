"""Read queries of the satisfaction ratings: one dossier's rating, and the counts per agency and
period that the satisfaction indicator (Quyết định 766/QĐ-TTg) is computed from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count

from egov.dossiers.models import Dossier
from egov.feedback import rules
from egov.feedback.models import Rating


def rating_of(dossier: Dossier) -> Rating | None:
    """The dossier's rating, None when it has not been rated."""
    return Rating.objects.filter(dossier=dossier).first()


def satisfaction_counts(
    *, start: dt.datetime, end: dt.datetime, agencies: Iterable[int] | None = None
) -> dict[int, rules.SatisfactionCounts]:
    """Ratings given in ``[start, end)`` counted per rated agency and level; only ``agencies`` (ids)
    when given. An agency nobody rated is absent (its share is "no data", not 0 %). One grouped
    query, served by the (agency, created_at) index."""
    ratings = Rating.objects.filter(created_at__gte=start, created_at__lt=end)
    if agencies is not None:
        ratings = ratings.filter(agency_id__in=list(agencies))
    totals: dict[int, rules.SatisfactionCounts] = {}
    for row in ratings.values("agency_id", "level").annotate(n=Count("pk")).order_by():
        current = totals.get(row["agency_id"], rules.SatisfactionCounts())
        totals[row["agency_id"]] = current.add(rules.Level(row["level"]), row["n"])
    return totals
