"""The audit chain: `record()` appends a hash-chained entry in the caller's transaction; `verify()`
walks the chain and reports the first broken link.

Every service that changes state calls `audit.record(actor, "agency.created", agency, after=...)`
inside its `transaction.atomic()` block, so the entry commits or rolls back with the change.
Appends are serialised by locking the single chain-head row (`SELECT ... FOR UPDATE` on
PostgreSQL; SQLite already serialises writers because settings open transactions IMMEDIATE), so
two writers can never extend the same link. See docs/adr/0002-audit-chain.md.

Hashing: SHA-256 over a canonical JSON of the entry's fields plus the previous entry's hash.
The canonical form must give the same bytes before storage and after a round trip through the
database, so numbers are written as normalised decimals (PostgreSQL's jsonb returns `1e300` as
an integer and `1.0` as `1.0`, SQLite returns what it was given) and object keys are sorted.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils import timezone

from egov.core.errors import DomainError
from egov.core.middleware import current_request_id
from egov.core.models import AuditChainHead, AuditEntry

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "details",
    "request_id",
    "previous_hash",
)


class AuditOutsideTransaction(DomainError):
    """`record` was called in autocommit mode: the entry could outlive a rolled-back change."""

    code = "audit.outside_transaction"
    status = 500
    message_vi = "Nhật ký kiểm toán phải được ghi trong cùng giao dịch với thay đổi."
    message_en = "Audit entries must be written inside the transaction of the change they record."


class AuditValueInvalid(DomainError):
    code = "audit.invalid_value"
    status = 500
    message_vi = "Dữ liệu ghi nhật ký không hợp lệ (không chuyển được sang JSON)."
    message_en = "The audit data cannot be stored as JSON."


# --- Canonical form and hashing (pure: no database) --------------------------------------------


def _canonical_number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise AuditValueInvalid(message_en=f"Non-finite number {value!r} cannot be audited.")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == 0:
        return "0"
    return format(number.normalize(), "E") if abs(number.adjusted()) > 20 else format(number.normalize(), "f")


def canonical_json(value: Any) -> str:
    """Deterministic JSON text for a JSON value: sorted keys, no spaces, normalised numbers."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return _canonical_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    if isinstance(value, dict):
        items = sorted((str(key), item) for key, item in value.items())
        return (
            "{"
            + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{canonical_json(item)}" for key, item in items)
            + "}"
        )
    raise AuditValueInvalid(message_en=f"{type(value).__name__} is not a JSON value.")


def canonical_time(moment: datetime) -> str:
    """UTC, microseconds always written, so the text does not depend on the database's format."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(fields: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of the hashed fields (`previous_hash` included)."""
    material = {name: fields[name] for name in HASHED_FIELDS}
    material["occurred_at"] = canonical_time(material["occurred_at"])
    return hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()


def to_json_value(value: Any) -> Any:
    """Turn dates, decimals, UUIDs, ... into plain JSON values exactly as they will be stored."""
    try:
        text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise AuditValueInvalid(message_en=f"Audit data is not JSON-serialisable: {error}") from error
    value = json.loads(text)
    if _contains_nul(value):
        # PostgreSQL text and jsonb cannot hold NUL characters.
        raise AuditValueInvalid(message_en="Audit data must not contain NUL characters.")
    return value


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    return False


# --- Recording -------------------------------------------------------------------------------


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "hệ thống"
    if isinstance(actor, str):
        return None, actor[:200]
    label = actor.get_username()
    full_name = getattr(actor, "full_name", "")
    if full_name:
        label = f"{full_name} ({label})"
    return actor.pk, label[:200]


def _object_fields(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk)[:64], str(obj)[:200]


def _locked_head(using: str) -> AuditChainHead:
    """Lock the chain head for this transaction, creating it on the very first append."""
    heads = AuditChainHead.objects.using(using).select_for_update()
    head = heads.filter(pk=AuditChainHead.SINGLETON_ID).first()
    if head is None:
        head, _created = heads.get_or_create(pk=AuditChainHead.SINGLETON_ID)
    return head


def record(
    actor: Any,
    action: str,
    obj: models.Model | None,
    *,
    before: Any = None,
    after: Any = None,
    **details: Any,
) -> AuditEntry:
    """Append an audit entry for a state change, in the caller's transaction.

    `actor` is a user, None for the system itself, or a label such as "cổng DVC quốc gia".
    `action` is a stable code like `agency.created`. `before`/`after` are the object's relevant
    state (JSON-serialisable); any extra keyword goes into `details`. Raises
    `AuditOutsideTransaction` in autocommit mode.
    """
    using = router.db_for_write(AuditEntry)
    if not transaction.get_connection(using).in_atomic_block:
        raise AuditOutsideTransaction()
    actor_id, actor_label = _actor_fields(actor)
    object_type, object_id, object_repr = _object_fields(obj)
    head = _locked_head(using)
    fields: dict[str, Any] = {
        "sequence": head.sequence + 1,
        "occurred_at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": to_json_value(object_repr),
        "before": to_json_value(before),
        "after": to_json_value(after),
        "details": to_json_value(details),
        "request_id": current_request_id() or "",
        "previous_hash": head.hash or GENESIS_HASH,
    }
    for name in ("actor_label", "action", "object_repr"):
        to_json_value(fields[name])  # refuses NUL characters in text columns too
    fields["hash"] = entry_hash(fields)
    entry = AuditEntry(**fields)
    entry.save(using=using)
    head.sequence = entry.sequence
    head.hash = entry.hash
    head.save(using=using, update_fields=["sequence", "hash"])
    return entry


# --- Verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a chain walk: `ok`, how many entries were checked, and the first broken link."""

    checked: int
    broken_sequence: int | None = None
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _batches(using: str, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Keyset pagination on `sequence`: memory stays bounded however long the chain is."""
    after = 0
    columns = ("id", *HASHED_FIELDS, "hash")
    while True:
        rows = list(
            AuditEntry.objects.using(using)
            .filter(sequence__gt=after)
            .order_by("sequence")
            .values(*columns)[:batch_size]
        )
        if not rows:
            return
        yield rows
        after = rows[-1]["sequence"]


def verify(*, batch_size: int = 2000, using: str | None = None) -> VerifyResult:
    """Walk the whole chain in order and return the first broken link, if any.

    Detects a changed entry (its hash no longer matches its content), a deleted entry (a gap in
    the sequence numbers, or a `previous_hash` that points elsewhere) and entries removed from
    the end (the chain head remembers the last link). Safe while services keep appending: the
    head is read first, and entries committed after it are checked like the others.
    """
    using = using or router.db_for_read(AuditEntry)
    head = AuditChainHead.objects.using(using).filter(pk=AuditChainHead.SINGLETON_ID).first()
    head_sequence, head_hash = (head.sequence, head.hash or GENESIS_HASH) if head else (0, GENESIS_HASH)
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    for rows in _batches(using, batch_size):
        for row in rows:
            sequence, row_id = row["sequence"], row["id"]
            if sequence != expected_sequence:
                return VerifyResult(
                    checked,
                    sequence,
                    row_id,
                    f"thiếu bản ghi số {expected_sequence}"
                    f" (số thứ tự nhảy từ {expected_sequence - 1} lên {sequence})",
                )
            if row["previous_hash"] != previous_hash:
                return VerifyResult(
                    checked, sequence, row_id, "mã băm bản ghi trước không khớp với bản ghi liền trước"
                )
            if entry_hash(row) != row["hash"]:
                return VerifyResult(checked, sequence, row_id, "nội dung đã bị sửa (mã băm không khớp)")
            if head is not None and sequence == head_sequence and row["hash"] != head_hash:
                return VerifyResult(checked, sequence, row_id, "mã băm khác với mã băm đầu chuỗi đã ghi nhận")
            previous_hash = row["hash"]
            expected_sequence += 1
            checked += 1
    if checked < head_sequence:
        return VerifyResult(
            checked,
            checked + 1,
            None,
            f"thiếu bản ghi số {checked + 1}: đầu chuỗi ghi nhận {head_sequence} bản ghi"
            f" nhưng chỉ tìm thấy {checked} (các bản ghi cuối đã bị xóa)",
        )
    return VerifyResult(checked)
