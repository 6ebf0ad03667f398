"""Admin pages of core, one module per concept."""

import egov.core.admin_audit  # noqa: F401
