"""The audit chain: entries commit with the change, are chained by hash, and tampering is found."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.accounts.models import User
from egov.core import audit
from egov.core.models import AuditChainHead, AuditEntry
from egov.core.models.audit import AuditEntryImmutable


def _tamper(sql: str, params: list[Any]) -> None:
    """Change the table behind the application's back, as an intruder with SQL access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # the append-only trigger sleeps
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def _record_many(count: int) -> list[AuditEntry]:
    with transaction.atomic():
        return [audit.record(None, "test.counted", None, n=n) for n in range(count)]


# --- Canonical form (no database) -------------------------------------------------------------

# PostgreSQL cannot store NUL characters: `record` refuses them (tested below).
storable_text = st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"]))
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | storable_text,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(storable_text.filter(lambda key: len(key) <= 8), children, max_size=4)
    ),
    max_leaves=12,
)


def test_canonical_json_ignores_key_order():
    assert audit.canonical_json({"b": 1, "a": [1, {"y": 2, "x": 3}]}) == audit.canonical_json(
        {"a": [1, {"x": 3, "y": 2}], "b": 1}
    )


def test_canonical_json_tells_a_number_from_its_text():
    assert audit.canonical_json({"a": 1}) != audit.canonical_json({"a": "1"})


@pytest.mark.parametrize(
    ("stored", "read_back"),
    [(1.0, 1), (1e300, 10**300), (1.5e16, 15000000000000000), (-0.0, 0), (100, 100.0)],
)
def test_canonical_json_gives_equal_numbers_the_same_text(stored, read_back):
    """PostgreSQL's jsonb hands back 1e300 as an integer: the hash must not change."""
    assert audit.canonical_json(stored) == audit.canonical_json(read_back)


def test_values_that_postgresql_cannot_store_are_refused():
    with pytest.raises(audit.AuditValueInvalid):
        audit.to_json_value({"note": "a\x00b"})
    assert audit.to_json_value({"\\u0000": "\\u0000"}) == {"\\u0000": "\\u0000"}, "only real NULs"
    with pytest.raises(audit.AuditValueInvalid):
        audit.to_json_value(float("nan"))


# --- Recording ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_record_appends_an_entry_linked_to_the_previous_one():
    officer = User.objects.create_user("canbo01", password="x" * 12, full_name="Nguyễn Văn An")
    with transaction.atomic():
        first = audit.record(officer, "agency.created", officer, after={"name": "Sở Tư pháp"})
        second = audit.record(
            None, "agency.renamed", officer, before={"a": 1}, after={"a": 2}, reason="QĐ 15"
        )
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.previous_hash == audit.GENESIS_HASH
    assert second.previous_hash == first.hash
    assert first.actor_id == officer.pk and first.actor_label == "Nguyễn Văn An (canbo01)"
    assert (first.object_type, first.object_id) == ("accounts.user", str(officer.pk))
    assert second.actor_label == "hệ thống" and second.details == {"reason": "QĐ 15"}
    assert AuditChainHead.objects.get().sequence == 2


@pytest.mark.django_db
def test_record_keeps_the_request_id_of_the_request_that_made_the_change(client):
    from egov.core import middleware

    token = middleware._request_id.set("req-12345678")
    try:
        with transaction.atomic():
            entry = audit.record(None, "test.requested", None)
    finally:
        middleware._request_id.reset(token)
    assert entry.request_id == "req-12345678"


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    with pytest.raises(audit.AuditOutsideTransaction):
        audit.record(None, "test.autocommit", None)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_leaves_no_audit_entry():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(None, "test.rolled_back", None)
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.exists()
    _record_many(1)
    assert AuditEntry.objects.get().sequence == 1
    assert audit.verify().ok


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = _record_many(1)[0]
    entry.action = "test.forged"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.forged")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.all().delete()


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_refuses_raw_updates_and_deletes_of_entries():
    from django.db import DatabaseError

    entry = _record_many(1)[0]
    for sql in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            connection.cursor().execute(sql, [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for n in range(10):
                with transaction.atomic():
                    audit.record(name, "test.concurrent", None, n=n)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(f"writer-{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(AuditEntry.objects.values_list("sequence", flat=True)) == list(range(1, 41))
    assert audit.verify().ok


# --- Verification ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_verify_reports_the_intact_chain(capsys):
    _record_many(5)
    call_command("audit", "verify", "--batch-size", "2")
    assert capsys.readouterr().out.strip() == "Chuỗi nhật ký toàn vẹn: 5 bản ghi."


@pytest.mark.django_db
def test_verify_finds_an_entry_changed_with_raw_sql(capsys):
    entries = _record_many(5)
    _tamper("UPDATE core_auditentry SET details = %s WHERE id = %s", ['{"n": 99}', entries[2].pk])
    result = audit.verify(batch_size=2)
    assert (result.ok, result.broken_sequence, result.broken_id, result.checked) == (
        False,
        3,
        entries[2].pk,
        2,
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    error = capsys.readouterr().err
    assert f"bản ghi số 3 (id {entries[2].pk})" in error and "bị sửa" in error


@pytest.mark.django_db
def test_verify_finds_an_entry_whose_hash_was_recomputed_after_a_change():
    entries = _record_many(4)
    row = AuditEntry.objects.values().get(pk=entries[1].pk)
    row["action"] = "test.forged"
    _tamper(
        "UPDATE core_auditentry SET action = %s, hash = %s WHERE id = %s",
        ["test.forged", audit.entry_hash(row), entries[1].pk],
    )
    result = audit.verify()
    assert (result.ok, result.broken_sequence) == (False, 3)
    assert "bản ghi liền trước" in result.problem


@pytest.mark.django_db
def test_verify_finds_a_deleted_entry():
    entries = _record_many(5)
    _tamper("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    result = audit.verify()
    assert (result.ok, result.broken_sequence, result.broken_id) == (False, 3, entries[2].pk)
    assert "thiếu bản ghi số 2" in result.problem


@pytest.mark.django_db
def test_verify_finds_entries_cut_off_the_end():
    entries = _record_many(3)
    _tamper("DELETE FROM core_auditentry WHERE id = %s", [entries[2].pk])
    result = audit.verify()
    assert (result.ok, result.checked, result.broken_sequence) == (False, 2, 3)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["agency.created", "dossier.received", "x"]), json_values, json_values),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_any_sequence_of_entries_verifies_and_any_changed_entry_is_found(entries, data):
    with transaction.atomic():
        for action, before, after in entries:
            audit.record("hypothesis", action, None, before=before, after=after, note=after)
        assert audit.verify(batch_size=3).ok, "an untouched chain must verify after a database round trip"
        victim = data.draw(st.integers(min_value=1, max_value=len(entries)))
        _tamper("UPDATE core_auditentry SET actor_label = 'mallory' WHERE sequence = %s", [victim])
        result = audit.verify(batch_size=3)
        assert (result.ok, result.broken_sequence) == (False, victim)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_verify_accepts_entries_appended_while_it_runs(monkeypatch):
    _record_many(3)
    walk = audit._batches

    def walk_while_a_service_appends(using: str, batch_size: int):
        with transaction.atomic():
            audit.record(None, "test.appended_meanwhile", None)
        yield from walk(using, batch_size)

    monkeypatch.setattr(audit, "_batches", walk_while_a_service_appends)
    result = audit.verify()
    assert (result.ok, result.checked) == (True, 4)
