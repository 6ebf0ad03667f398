"""The name the portal shows in its header: the province (top agency) loaded in the database.

Order: the top agency of the organisation tree when the database holds one, then the
`EGOV_PROVINCE_NAME` setting, then a neutral "Cổng dịch vụ công". Never raises: the header must
render even while the database is being migrated or is unreachable.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def _top_agency_name() -> str | None:
    try:
        from egov.organizations import selectors
    except ImportError:
        return None
    top_agency = getattr(selectors, "top_agency", None)
    if top_agency is None:
        return None
    try:
        agency = top_agency()
    except DatabaseError:
        logger.warning("province name: the organisation tree is not readable yet")
        return None
    name = getattr(agency, "name", "") if agency is not None else ""
    return name or None


def province_name() -> str:
    """The province's name for headers and titles (see the module docstring for the order)."""
    return _top_agency_name() or settings.EGOV_PROVINCE_NAME or gettext("Cổng dịch vụ công")
