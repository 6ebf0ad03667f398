"""Admin pages of core, one module per concept."""

import egov.core.admin_audit  # noqa: F401
import egov.core.admin_calendar  # noqa: F401
