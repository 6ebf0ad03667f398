"""Counters in the database (egov.core.counters): sequential behaviour on every database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.test import override_settings

from egov.core import counters
from egov.core.checks import check_dossier_code_pattern
from egov.core.models import Counter
from egov.core.numbering import CodeContext, parse_pattern

# 09:00 on 15 March 2025 in Hà Nội.
MORNING = datetime(2025, 3, 15, 2, 0, tzinfo=UTC)
AGENCY = "000.00.12.H12"


def allocate(key: str, **options: int) -> int:
    with transaction.atomic():
        return counters.allocate(key, **options)


@pytest.mark.django_db
def test_a_new_counter_starts_at_one_and_counts_up():
    assert [allocate("test:a") for _ in range(3)] == [1, 2, 3]
    assert Counter.objects.get(key="test:a").last_value == 3


@pytest.mark.django_db
def test_counters_of_different_keys_are_independent():
    allocate("test:a")
    allocate("test:a")
    assert allocate("test:b") == 1
    assert allocate("test:a") == 3


@pytest.mark.django_db
def test_a_new_counter_may_start_higher():
    assert allocate("test:migrated", start=1001) == 1001
    assert allocate("test:migrated", start=1001) == 1002


@pytest.mark.django_db
def test_start_lifts_an_existing_counter_that_is_below_it():
    allocate("test:a")
    assert allocate("test:a", start=50) == 50
    assert allocate("test:a") == 51


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        counters.allocate("test:a")
    assert not Counter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 201])
def test_empty_or_overlong_key_is_refused(key):
    with pytest.raises(ValueError), transaction.atomic():
        counters.allocate(key)


@pytest.mark.django_db
def test_rolled_back_allocation_gives_its_number_back():
    """The increment belongs to the caller's transaction: a failed intake consumes no number."""
    assert allocate("test:a") == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert counters.allocate("test:a") == 2
        raise ZeroDivisionError
    assert Counter.objects.get(key="test:a").last_value == 1
    assert allocate("test:a") == 2


@pytest.mark.django_db
def test_rolled_back_creation_of_a_counter_leaves_no_row():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        counters.allocate("test:new")
        raise ZeroDivisionError
    assert not Counter.objects.filter(key="test:new").exists()
    assert allocate("test:new") == 1


@pytest.mark.django_db
def test_next_code_writes_consecutive_dossier_codes_per_agency_and_day():
    context = CodeContext("dossier", MORNING, agency=AGENCY)
    with transaction.atomic():
        codes = [counters.next_code("{agency}-{yymmdd}-{seq:4}", context) for _ in range(3)]
        other = counters.next_code(
            "{agency}-{yymmdd}-{seq:4}", CodeContext("dossier", MORNING, agency="000.00.13.H12")
        )
        next_day = counters.next_code(
            parse_pattern("{agency}-{yymmdd}-{seq:4}"),
            CodeContext("dossier", datetime(2025, 3, 16, 2, tzinfo=UTC), agency=AGENCY),
        )
    assert codes == ["000.00.12.H12-250315-0001", "000.00.12.H12-250315-0002", "000.00.12.H12-250315-0003"]
    assert other == "000.00.13.H12-250315-0001"
    assert next_day == "000.00.12.H12-250316-0001"
    assert Counter.objects.get(key="dossier:2025-03-15:000.00.12.H12").last_value == 3


@pytest.mark.django_db
@override_settings(EGOV_DOSSIER_CODE_PATTERN="{agency_short}-{yyyymmdd}-{seq:7,yearly}")
def test_dossier_code_pattern_comes_from_settings():
    context = CodeContext("dossier", MORNING, agency=AGENCY, agency_short="G09.20")
    with transaction.atomic():
        code = counters.next_code(counters.dossier_code_pattern(), context)
    assert code == "G09.20-20250315-0000001"
    assert Counter.objects.filter(key="dossier:2025:000.00.12.H12").exists()


# --- Start-up check of the configured pattern ---------------------------------------------------


def test_default_dossier_code_pattern_passes_the_system_check():
    assert check_dossier_code_pattern() == []


@override_settings(EGOV_DOSSIER_CODE_PATTERN="{agency}-{yymmdd}-{so:4}")
def test_invalid_dossier_code_pattern_is_a_system_check_error():
    [error] = check_dossier_code_pattern()
    assert error.level == checks.ERROR
    assert error.id == "core.E010"
    assert "không biết thành phần {so:4}" in error.msg


@pytest.mark.django_db  # the full check also runs model checks, which ask the database for its features
@override_settings(EGOV_DOSSIER_CODE_PATTERN="{agency}-{seq:4}")
def test_egov_check_stops_on_a_pattern_whose_codes_would_repeat():
    with pytest.raises(SystemCheckError, match=r"core\.E010"):
        call_command("check")
