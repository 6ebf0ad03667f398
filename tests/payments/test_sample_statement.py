"""`egov payments sample-statement`: the demo's bank statement, one exact transfer per bill waiting for
VietQR and two lines that must not match, read back and reconciled by the real importer."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from egov.organizations.models import Role
from egov.payments import services, statement_files, statements
from egov.payments.demo import DEMO_VIETQR
from egov.payments.models import Payment
from egov.payments.models_statements import StatementLine
from tests.accounts.factories import make_officer
from tests.payments.gateways.factories import make_payment

pytestmark = pytest.mark.django_db
Status = StatementLine.Status


@pytest.fixture(autouse=True)
def _demo_account(settings):
    for name, value in DEMO_VIETQR.items():
        setattr(settings, name, value)


def _choose(payment: Payment, citizen, gateway: str) -> None:
    services.start_payment(
        payment=payment, gateway_code=gateway, citizen=citizen, return_url="", client_ip=""
    )


def _sample(tmp_path: Path, *extra: str) -> tuple[Path, str]:
    out = io.StringIO()
    path = tmp_path / "sao-ke.csv"
    call_command("payments", "sample-statement", "--out", str(path), *extra, stdout=out)
    return path, out.getvalue()


def test_one_exact_transfer_per_bill_waiting_for_vietqr_and_two_that_must_not_match(tmp_path):
    waiting, citizen = make_payment(fee_amounts=(25_000,), agency_identifier="000.00.31.H57")
    changed_mind, other = make_payment(agency_identifier="000.00.32.H57")
    _choose(waiting, citizen, "vietqr")
    _choose(changed_mind, other, "vietqr")
    _choose(changed_mind, other, "sandbox")  # the last attempt is not VietQR: no transfer expected
    path, said = _sample(tmp_path)
    assert str(path.resolve()) in said and waiting.reference in said
    assert changed_mind.reference not in said
    lines = statement_files.read_statement(path.name, path.read_bytes())
    assert [line.amount for line in lines] == [75_000, 70_000, 200_000]
    assert lines[0].description.startswith(f"{waiting.reference} phi le phi")
    assert waiting.reference in lines[1].description
    assert all(line.bank_reference.startswith("FT") for line in lines)
    assert len({line.bank_reference for line in lines}) == 3

    officer = make_officer(waiting.dossier.agency, Role.RECEIVER)
    imported = statements.import_statement(file_name=path.name, content=path.read_bytes(), officer=officer)
    rows = list(imported.statement.lines.order_by("row"))
    assert [row.status for row in rows] == [Status.MATCHED, Status.WRONG_AMOUNT, Status.NO_REFERENCE]
    assert Payment.objects.get(pk=waiting.pk).state == "paid"
    assert Payment.objects.get(pk=changed_mind.pk).state == "pending"


def test_the_date_option_books_the_transfers_that_day(tmp_path):
    waiting, citizen = make_payment(agency_identifier="000.00.33.H57")
    _choose(waiting, citizen, "vietqr")
    path, _ = _sample(tmp_path, "--date", "2026-11-20")
    lines = statement_files.read_statement(path.name, path.read_bytes())
    assert {line.booked_at.date() for line in lines} == {dt.date(2026, 11, 20)}
    assert lines[0].booked_at == dt.datetime(2026, 11, 20, 8, 0)


def test_a_second_sample_never_pays_the_same_transfer_twice(tmp_path):
    first_bill, first_citizen = make_payment(agency_identifier="000.00.34.H57")
    _choose(first_bill, first_citizen, "vietqr")
    first, _ = _sample(tmp_path, "--date", "2026-01-05")
    second = tmp_path / "again.csv"  # the bill still waits: the bank lists its transfer again
    call_command(
        "payments", "sample-statement", "--out", str(second), "--date", "2026-01-06", stdout=io.StringIO()
    )
    officer = make_officer(first_bill.dossier.agency, Role.RECEIVER)
    statements.import_statement(file_name=first.name, content=first.read_bytes(), officer=officer)
    again = statements.import_statement(file_name=second.name, content=second.read_bytes(), officer=officer)
    assert again.statement.lines.get(row=6).status == Status.DUPLICATE  # the same transfer of the bill
    assert Payment.objects.get(pk=first_bill.pk).notifications.filter(outcome="confirmed").count() == 1


def test_without_a_bill_waiting_for_vietqr_the_command_says_what_to_do_first(tmp_path):
    payment, citizen = make_payment(agency_identifier="000.00.35.H57")
    _choose(payment, citizen, "sandbox")
    with pytest.raises(CommandError, match="chọn Chuyển khoản bằng mã VietQR"):
        _sample(tmp_path)
    assert not (tmp_path / "sao-ke.csv").exists()


def test_a_real_collection_account_refuses_the_sample(tmp_path, settings):
    settings.EGOV_VIETQR_ACCOUNT = "113366668888"
    payment, citizen = make_payment(agency_identifier="000.00.36.H57")
    _choose(payment, citizen, "vietqr")
    with pytest.raises(CommandError, match="tài khoản thu VietQR thật"):
        _sample(tmp_path)
    assert not (tmp_path / "sao-ke.csv").exists()
