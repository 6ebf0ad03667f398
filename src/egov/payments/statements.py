"""Reconciling bank transfers (VietQR) with bills by importing the bank's statement (sao kê).

A transfer to the collection account has no signed callback: the bank's statement is the proof.
`import_statement` reads the file (`statement_files`), looks for a bill number in each credit
line's description, and when a bill with that number exists applies the line through
`services.record_gateway_result(gateway_code="vietqr", succeeded=True, ...)`, which confirms the
payment only when the amount is exactly the bill's and never twice. Every line is kept with its
result, so the officer sees what matched and why the rest did not.

Importing the same file again changes nothing (it is recognised by its SHA-256); a transaction
that an earlier statement already held (same bank reference, or same date, amount and text when
the bank gives no reference) is marked as a duplicate and not applied again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone

from egov.accounts import permissions
from egov.core import audit
from egov.core.errors import ValidationFailed
from egov.core.numbering import _code_regex, cached_pattern
from egov.organizations.models import Role
from egov.payments import services, statement_files
from egov.payments.models import Payment
from egov.payments.models_statements import Statement, StatementLine
from egov.payments.rules import Outcome, State

GATEWAY = "vietqr"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_STATEMENT_BYTES = 5 * 1024 * 1024
Status = StatementLine.Status

permissions.register(
    "payments.reconcile",
    roles=[Role.RECEIVER, Role.DIVISION_HEAD, Role.LEADER],
    description="nhập sao kê ngân hàng để đối soát thanh toán",
)


class StatementUnreadable(ValidationFailed):
    code = "payments.statement_unreadable"
    message_vi = "Không đọc được tệp sao kê."
    message_en = "The statement file cannot be read."


@dataclass(frozen=True)
class Imported:
    statement: Statement
    created: bool  # False: the same file had been imported before; nothing changed


def bill_number_pattern() -> re.Pattern[str] | None:
    """The shape of bill numbers (from EGOV_PAYMENT_BILL_PATTERN), to spot them in transfer texts."""
    try:
        return re.compile(_code_regex(cached_pattern(settings.EGOV_PAYMENT_BILL_PATTERN)).pattern, re.I)
    except Exception:  # a pattern with tokens that cannot be searched: fall back to whole words
        return None


def import_statement(
    *, file_name: str, content: bytes, officer: Any, at: dt.datetime | None = None
) -> Imported:
    """Import a bank statement (.csv or .xlsx) and confirm the bills its credit lines pay."""
    permissions.require(officer, "payments.reconcile")
    name = (file_name or "").strip()[-255:] or "sao-ke"
    if len(content) > MAX_STATEMENT_BYTES:
        raise StatementUnreadable(
            "Tệp sao kê lớn hơn 5 MB; hãy tách theo khoảng thời gian.",
            message_en="The statement is larger than 5 MB; split it by period.",
            field="file",
        )
    digest = hashlib.sha256(content).hexdigest()
    earlier = Statement.objects.filter(sha256=digest).first()
    if earlier is not None:
        return Imported(earlier, created=False)
    try:
        lines = statement_files.read_statement(name, content)
    except statement_files.StatementError as error:
        raise StatementUnreadable(
            f"Không đọc được tệp sao kê: {_vietnamese(error)}",
            message_en=f"The statement cannot be read: {error}",
            field="file",
        ) from None
    moment = at or timezone.now()
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                file_name=name, sha256=digest, imported_at=moment, imported_by=officer
            )
            rows = _reconcile(statement, lines, pattern=bill_number_pattern())
            StatementLine.objects.bulk_create(rows)
            statement.line_count = len(rows)
            statement.matched_count = sum(1 for row in rows if row.matched)
            statement.unmatched_count = statement.line_count - statement.matched_count
            statement.save(update_fields=["line_count", "matched_count", "unmatched_count"])
            audit.record(
                officer,
                "payment.statement_imported",
                statement,
                file_name=name,
                sha256=digest,
                lines=statement.line_count,
                matched=statement.matched_count,
                unmatched=statement.unmatched_count,
            )
    except IntegrityError:  # the same file imported at the same moment by someone else
        earlier = Statement.objects.filter(sha256=digest).first()
        if earlier is None:
            raise
        return Imported(earlier, created=False)
    return Imported(statement, created=True)


def _vietnamese(error: statement_files.StatementError) -> str:
    text = str(error)
    if text.startswith("no header row"):
        return (
            "không thấy dòng tiêu đề có ngày, số tiền và nội dung (ví dụ Ngày giao dịch, Số tiền, Nội dung)."
        )
    if text.startswith("only .csv"):
        return "chỉ nhận tệp .csv hoặc .xlsx."
    return text


def _fingerprint(line: statement_files.Line) -> str:
    key = (
        f"ref|{line.bank_reference.upper()}"
        if line.bank_reference
        else f"row|{line.booked_at}|{line.amount}|{line.description}"
    )
    return hashlib.sha256(key.encode()).hexdigest()


def _reconcile(
    statement: Statement, lines: list[statement_files.Line], *, pattern: re.Pattern[str] | None
) -> list[StatementLine]:
    seen_references: set[str] = set()
    rows: list[StatementLine] = []
    for line in lines:
        row = StatementLine(
            statement=statement,
            row=line.row,
            booked_at=dt.datetime.combine(line.booked_at.date(), line.booked_at.time(), VIETNAM)
            if line.booked_at
            else None,
            amount=line.amount,
            description=line.description[:1000],
            bank_reference=line.bank_reference,
            fingerprint=_fingerprint(line),
            problem=line.problem,
        )
        rows.append(row)
        if line.problem:
            row.status = Status.UNREADABLE
            continue
        repeated = bool(line.bank_reference) and line.bank_reference.upper() in seen_references
        seen_references.add(line.bank_reference.upper())
        if repeated or StatementLine.objects.filter(fingerprint=row.fingerprint).exists():
            row.status = Status.DUPLICATE
            continue
        if line.amount <= 0:
            row.status = Status.NOT_CREDIT
            continue
        _apply(statement, row, pattern)
    return rows


def _apply(statement: Statement, row: StatementLine, pattern: re.Pattern[str] | None) -> None:
    """Find the bill the line pays and record the transfer against it."""
    candidates = statement_files.reference_candidates(row.description, pattern)
    payments = list(
        Payment.objects.annotate(upper_reference=Upper("reference"))
        .filter(upper_reference__in=candidates)
        .only("pk", "reference", "amount", "state", "gateway")
    )
    if not payments:
        looks_like_one = pattern is not None and any(pattern.fullmatch(text) for text in candidates)
        row.status = Status.UNKNOWN_REFERENCE if looks_like_one else Status.NO_REFERENCE
        if looks_like_one:
            row.reference = next(text for text in candidates if pattern and pattern.fullmatch(text))[:64]
        return
    if len(payments) > 1:
        row.status = Status.AMBIGUOUS
        row.reference = ", ".join(sorted(payment.reference for payment in payments))[:64]
        return
    (payment,) = payments
    paid_before_by = payment.gateway if payment.state == State.PAID else None
    outcome = services.record_gateway_result(
        reference=payment.reference,
        amount=row.amount,
        succeeded=True,
        gateway_code=GATEWAY,
        gateway_reference=row.bank_reference or f"SK{statement.pk}-{row.row}",
        at=row.booked_at,
        raw={
            "statement": statement.file_name,
            "row": row.row,
            "description": row.description[:500],
            "bank_reference": row.bank_reference,
        },
    )
    row.payment = payment
    row.reference = payment.reference
    row.expected_amount = payment.amount
    row.status = {
        Outcome.CONFIRMED: Status.MATCHED,
        Outcome.WRONG_AMOUNT: Status.WRONG_AMOUNT,
        Outcome.NOT_PAYABLE: Status.NOT_PAYABLE,
        Outcome.UNKNOWN_ORDER: Status.UNKNOWN_REFERENCE,
    }.get(outcome, Status.ALREADY_PAID)
    if row.status == Status.ALREADY_PAID and paid_before_by not in (None, GATEWAY):
        row.status = Status.PAID_ELSEWHERE


def recent_statements(limit: int = 20) -> list[Statement]:
    return list(Statement.objects.select_related("imported_by")[:limit])
