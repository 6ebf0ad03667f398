"""Core tables, one module per concept; each is imported here so Django finds its models."""

from egov.core.models.audit import AuditChainHead, AuditEntry  # noqa: F401
from egov.core.models.calendar import CalendarAdjustment, WorkingSession  # noqa: F401
from egov.core.models.numbering import Counter  # noqa: F401
from egov.core.models.outbox import OutboxDelivery, OutboxEvent  # noqa: F401
