"""Importing a bank statement confirms the VietQR transfers it shows, and only those (DOMAIN §7)."""

import pytest

from egov.core.errors import PermissionDenied
from egov.core.models import AuditEntry
from egov.organizations.models import Role
from egov.payments import services, statements
from egov.payments.models import Notification, Payment, Statement, StatementLine
from tests.accounts.factories import make_officer
from tests.payments.gateways.factories import make_payment

pytestmark = pytest.mark.django_db
Status = StatementLine.Status


def _csv(*rows):
    """A statement as a Vietnamese bank exports it: preamble, header, rows."""
    lines = [
        "NGAN HANG TMCP NGOAI THUONG VIET NAM",
        "Số tài khoản: 0071000123456",
        "Ngày giao dịch;Số tham chiếu;Số tiền;Nội dung",
    ]
    lines += [";".join(str(cell) for cell in row) for row in rows]
    return "\n".join(lines).encode()


def _reconciler(payment):
    return make_officer(payment.dossier.agency, Role.RECEIVER)


def _import(content, officer, name="sao-ke.csv"):
    return statements.import_statement(file_name=name, content=content, officer=officer)


def _statuses(statement):
    return [(line.row, line.status) for line in statement.lines.all()]


def test_a_line_with_the_bill_number_and_exact_amount_confirms_the_payment():
    payment, _ = make_payment()
    content = _csv(
        (
            "22/11/2026 08:15:30",
            "FT001",
            "50.000",
            f"MBVCB.1.{payment.reference} phi le phi.CT tu NGUYEN VAN A",
        )
    )
    imported = _import(content, _reconciler(payment))
    assert imported.created
    paid = Payment.objects.get(pk=payment.pk)
    assert (paid.state, paid.gateway, paid.gateway_reference) == ("paid", "vietqr", "FT001")
    assert paid.paid_at.isoformat() == "2026-11-22T01:15:30+00:00"
    line = imported.statement.lines.get()
    assert (line.status, line.payment_id, line.reference) == (Status.MATCHED, payment.pk, payment.reference)
    assert (imported.statement.matched_count, imported.statement.unmatched_count) == (1, 0)
    assert AuditEntry.objects.filter(action="payment.statement_imported").count() == 1


def test_unmatched_lines_are_reported_with_their_reason():
    payment, _ = make_payment()
    other, _ = make_payment()
    content = _csv(
        ("22/11/2026", "FT1", "49.000", f"{payment.reference} thieu tien"),
        ("22/11/2026", "FT2", "50.000", "chuyen tien hoc phi"),
        ("22/11/2026", "FT3", "50.000", "TT99010100001 le phi"),
        ("22/11/2026", "FT4", "-11.000", "Phi SMS Banking"),
        ("22/11/2026", "FT5", "100.000", f"{payment.reference} {other.reference}"),
        ("22/11/2026", "FT6", "nam muoi", f"{other.reference}"),
    )
    statement = _import(content, _reconciler(payment)).statement
    assert _statuses(statement) == [
        (4, Status.WRONG_AMOUNT),
        (5, Status.NO_REFERENCE),
        (6, Status.UNKNOWN_REFERENCE),
        (7, Status.NOT_CREDIT),
        (8, Status.AMBIGUOUS),
        (9, Status.UNREADABLE),
    ]
    wrong = statement.lines.get(row=4)
    assert (
        wrong.reason() == f"Sai số tiền: hóa đơn {payment.reference} phải nộp 50.000 đồng, nhận 49.000 đồng."
    )
    assert statement.lines.get(row=6).reference == "TT99010100001"
    assert (statement.matched_count, statement.unmatched_count) == (0, 6)
    assert set(Payment.objects.values_list("state", flat=True)) == {"pending"}


def test_importing_the_same_statement_twice_changes_nothing():
    payment, _ = make_payment()
    officer = _reconciler(payment)
    content = _csv(("22/11/2026", "FT001", "50.000", payment.reference), ("22/11/2026", "FT002", "7", "x"))
    first = _import(content, officer)
    counts = (
        Statement.objects.count(),
        StatementLine.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )
    again = _import(content, officer, name="sao-ke-lan-2.csv")
    assert not again.created and again.statement.pk == first.statement.pk
    assert (
        Statement.objects.count(),
        StatementLine.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_a_transaction_already_imported_in_an_overlapping_statement_is_a_duplicate():
    payment, _ = make_payment()
    officer = _reconciler(payment)
    _import(_csv(("22/11/2026", "FT001", "50.000", payment.reference)), officer)
    later = _import(
        _csv(("22/11/2026", "FT001", "50.000", payment.reference), ("23/11/2026", "FT009", "1.000", "lai")),
        officer,
    ).statement
    assert _statuses(later) == [(4, Status.DUPLICATE), (5, Status.NO_REFERENCE)]
    assert Notification.objects.filter(gateway="vietqr").count() == 1


def test_a_transfer_for_a_bill_paid_otherwise_is_flagged_for_refund():
    payment, _ = make_payment()
    officer = _reconciler(payment)
    services.record_cash(payment=payment, officer=officer, received_amount=payment.amount)
    line = _import(_csv(("22/11/2026", "FT001", "50.000", payment.reference)), officer).statement.lines.get()
    assert line.status == Status.PAID_ELSEWHERE and not line.matched
    assert Payment.objects.get(pk=payment.pk).gateway == "cash"


def test_a_cancelled_bill_is_not_paid_by_a_transfer():
    payment, _ = make_payment()
    officer = make_officer(payment.dossier.agency, Role.LEADER)
    services.cancel(payment=payment, officer=officer, reason="Thu nhầm")
    line = _import(_csv(("22/11/2026", "FT001", "50.000", payment.reference)), officer).statement.lines.get()
    assert line.status == Status.NOT_PAYABLE
    assert Payment.objects.get(pk=payment.pk).state == "cancelled"


def test_an_excel_statement_is_imported(tmp_path):
    import io

    import openpyxl

    payment, _ = make_payment()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ngày GD", "Số tiền ghi nợ", "Số tiền ghi có", "Diễn giải", "Mã GD"])
    workbook.active.append(["22/11/2026", None, 50000, f"{payment.reference} phi le phi", "FT77"])
    content = io.BytesIO()
    workbook.save(content)
    statement = _import(content.getvalue(), _reconciler(payment), name="sao-ke.xlsx").statement
    assert _statuses(statement) == [(2, Status.MATCHED)]


def test_only_officers_who_reconcile_may_import():
    payment, citizen = make_payment()
    with pytest.raises(PermissionDenied):
        _import(_csv(("22/11/2026", "FT001", "50.000", payment.reference)), citizen)
    specialist = make_officer(payment.dossier.agency, Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        _import(_csv(("22/11/2026", "FT001", "50.000", payment.reference)), specialist)
    assert not Statement.objects.exists()


def test_a_file_that_is_not_a_statement_is_refused_beside_the_file_field():
    payment, _ = make_payment()
    with pytest.raises(statements.StatementUnreadable) as refused:
        _import(b"a,b\n1,2\n", _reconciler(payment))
    assert refused.value.field == "file"
    assert "Ngày giao dịch" in refused.value.message_vi
    assert not Statement.objects.exists()
