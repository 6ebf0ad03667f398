"""Admin pages of core, one module per concept."""

import egov.core.admin_audit
import egov.core.admin_calendar  # noqa: F401
