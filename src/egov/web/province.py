"""The name the portal shows in its header: the province (top agency) loaded in the database.

Order: the top agency of the organisation tree when the database holds one, then the
`EGOV_PROVINCE_NAME` setting, then a neutral "Cổng dịch vụ công". Never raises: the header must
render even while the database is being migrated or is unreachable.

Every page shows the name, so the database lookup is remembered in the process for `TTL` seconds
and forgotten as soon as an agency is saved or deleted in this process (`forget`, connected in
`WebConfig.ready`); other processes, and bulk `update()`s, catch up within the TTL.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from egov.organizations import selectors

logger = logging.getLogger(__name__)

TTL = 60.0  # seconds

_cached: tuple[float, str | None] | None = None  # (monotonic time of the lookup, name or None)


def _top_agency_name() -> str | None:
    global _cached
    cached = _cached
    if cached is not None and time.monotonic() - cached[0] < TTL:
        return cached[1]
    try:
        agency = selectors.top_agency()
    except DatabaseError:
        logger.warning("province name: the organisation tree is not readable yet")
        return None  # not remembered: retry on the next page
    name = (agency.name if agency is not None else "") or None
    _cached = (time.monotonic(), name)
    return name


def forget(*args: object, **kwargs: object) -> None:
    """Drop the remembered name now and again once the current transaction commits (a page rendered
    in between must not keep the old name for a whole TTL). Usable as a signal receiver."""
    clear_cache()
    transaction.on_commit(clear_cache)


def clear_cache() -> None:
    """Forget the remembered name (the next page looks it up again)."""
    global _cached
    _cached = None


def province_name() -> str:
    """The province's name for headers and titles (see the module docstring for the order)."""
    return _top_agency_name() or settings.EGOV_PROVINCE_NAME or gettext("Cổng dịch vụ công")
