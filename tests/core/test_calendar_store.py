"""The calendar read from the database: adjustments override the package, the cache follows changes,
bad input is refused with nothing saved."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from egov.core import calendar_store, services_calendar
from egov.core.calendar import VIETNAM, AdjustmentKind
from egov.core.errors import PermissionDenied, ValidationFailed
from egov.core.models import AuditEntry, CalendarAdjustment, WorkingSession

pytestmark = pytest.mark.django_db


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


@pytest.fixture
def admin_user(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_superuser(
        username="quantri", password="x" * 12, full_name="Quản trị"
    )


@pytest.fixture
def clerk(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.create_user(username="vanthu", password="x" * 12, full_name="Văn thư")


def test_empty_tables_give_the_default_sessions_and_package_holidays() -> None:
    cal = calendar_store.get_calendar()
    assert cal.add_working_time(vn(2025, 1, 24, 16), 8) == vn(2025, 2, 3, 16)


def test_make_up_saturday_entered_by_an_administrator_is_worked(admin_user) -> None:  # type: ignore[no-untyped-def]
    assert not calendar_store.get_calendar().is_working_day(date(2025, 4, 26))
    services_calendar.add_adjustment(
        actor=admin_user,
        day=date(2025, 4, 26),
        kind=AdjustmentKind.WORKING_DAY,
        legal_basis="Công văn 2450/VPCP-KGVX",
    )
    cal = calendar_store.get_calendar()
    assert cal.is_working_day(date(2025, 4, 26))
    assert cal.add_working_time(vn(2025, 4, 25, 16), 8) == vn(2025, 4, 26, 16)


def test_day_off_adjustment_overrides_an_ordinary_weekday(admin_user) -> None:  # type: ignore[no-untyped-def]
    services_calendar.add_adjustment(
        actor=admin_user, day=date(2025, 3, 5), kind=AdjustmentKind.DAY_OFF, legal_basis="QĐ 12/QĐ-UBND"
    )
    assert not calendar_store.get_calendar().is_working_day(date(2025, 3, 5))


def test_working_day_adjustment_overrides_a_package_holiday(admin_user) -> None:  # type: ignore[no-untyped-def]
    CalendarAdjustment.objects.create(date=date(2025, 5, 2), kind="working_day", legal_basis="thử nghiệm")
    assert calendar_store.get_calendar().is_working_day(date(2025, 5, 2))


def test_cache_is_reused_until_the_tables_change(admin_user) -> None:  # type: ignore[no-untyped-def]
    first = calendar_store.get_calendar()
    assert calendar_store.get_calendar() is first
    adjustment = services_calendar.add_adjustment(
        actor=admin_user, day=date(2025, 3, 5), kind=AdjustmentKind.DAY_OFF, legal_basis="QĐ 12/QĐ-UBND"
    )
    second = calendar_store.get_calendar()
    assert second is not first
    assert not second.is_working_day(date(2025, 3, 5))
    services_calendar.remove_adjustment(actor=admin_user, adjustment=adjustment)
    assert calendar_store.get_calendar().is_working_day(date(2025, 3, 5))


def test_cache_notices_an_edit_that_keeps_the_row_count(admin_user) -> None:  # type: ignore[no-untyped-def]
    adjustment = CalendarAdjustment.objects.create(date=date(2025, 3, 5), kind="day_off", legal_basis="QĐ 1")
    assert not calendar_store.get_calendar().is_working_day(date(2025, 3, 5))
    adjustment.kind = "working_day"
    adjustment.save()
    assert calendar_store.get_calendar().is_working_day(date(2025, 3, 5))


def test_a_rolled_back_change_is_forgotten() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarAdjustment.objects.create(date=date(2025, 3, 5), kind="day_off", legal_basis="QĐ 1")
        assert not calendar_store.get_calendar().is_working_day(date(2025, 3, 5))
        raise RuntimeError("rollback")
    assert calendar_store.get_calendar().is_working_day(date(2025, 3, 5))


def test_sessions_from_the_database_replace_the_defaults(admin_user) -> None:  # type: ignore[no-untyped-def]
    services_calendar.replace_weekday_sessions(
        actor=admin_user, weekday=0, sessions=[(time(7), time(11, 30)), (time(13, 30), time(17))]
    )
    assert WorkingSession.objects.count() == 10  # the other weekdays' defaults were copied
    cal = calendar_store.get_calendar()
    # Monday 3/3/2025 follows the new sessions, Tuesday keeps the defaults.
    assert cal.add_working_time(vn(2025, 3, 3, 7), 4.5) == vn(2025, 3, 3, 11, 30)
    assert cal.next_session_start(vn(2025, 3, 3, 13)) == vn(2025, 3, 3, 13, 30)
    assert cal.next_session_start(vn(2025, 3, 4, 13)) == vn(2025, 3, 4, 13)
    assert AuditEntry.objects.filter(action="calendar.sessions_replaced").count() == 1


def test_overlapping_session_is_refused_and_nothing_is_saved(admin_user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services_calendar.replace_weekday_sessions(
            actor=admin_user, weekday=2, sessions=[(time(7, 30), time(12)), (time(11, 30), time(17))]
        )
    assert caught.value.code == "calendar.sessions_overlap"
    assert caught.value.field == "start"
    assert "chồng lên nhau" in caught.value.message_vi
    assert WorkingSession.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_session_ending_before_it_starts_is_refused_by_the_model_and_the_database() -> None:
    session = WorkingSession(weekday=1, start=time(17), end=time(13))
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert "end" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_model_clean_refuses_a_session_overlapping_a_stored_one() -> None:
    WorkingSession.objects.create(weekday=0, start=time(7, 30), end=time(11, 30))
    with pytest.raises(ValidationError) as caught:
        WorkingSession(weekday=0, start=time(11), end=time(12)).full_clean()
    assert "chồng lên nhau" in caught.value.message_dict["start"][0]
    WorkingSession(weekday=1, start=time(11), end=time(12)).full_clean()  # another weekday is fine


def test_second_adjustment_on_the_same_day_is_refused(admin_user) -> None:  # type: ignore[no-untyped-def]
    services_calendar.add_adjustment(
        actor=admin_user, day=date(2025, 4, 26), kind=AdjustmentKind.WORKING_DAY, legal_basis="CV 1"
    )
    with pytest.raises(ValidationFailed) as caught:
        services_calendar.add_adjustment(
            actor=admin_user, day=date(2025, 4, 26), kind=AdjustmentKind.DAY_OFF, legal_basis="CV 2"
        )
    assert caught.value.field == "day"
    assert CalendarAdjustment.objects.count() == 1
    with pytest.raises(ValidationError) as model_error:
        CalendarAdjustment(date=date(2025, 4, 26), kind="day_off", legal_basis="CV 3").full_clean()
    assert "đã có một điều chỉnh" in " ".join(model_error.value.message_dict["date"])


def test_adjustment_without_legal_basis_is_refused(admin_user) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services_calendar.add_adjustment(
            actor=admin_user, day=date(2025, 4, 26), kind=AdjustmentKind.WORKING_DAY, legal_basis="  "
        )
    assert caught.value.field == "legal_basis"
    assert not CalendarAdjustment.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarAdjustment.objects.create(date=date(2025, 4, 27), kind="day_off", legal_basis="")


def test_adjustment_records_who_entered_it_and_is_audited(admin_user) -> None:  # type: ignore[no-untyped-def]
    adjustment = services_calendar.add_adjustment(
        actor=admin_user, day=date(2025, 4, 26), kind=AdjustmentKind.WORKING_DAY, legal_basis="CV 1"
    )
    assert adjustment.created_by == admin_user
    assert AuditEntry.objects.filter(action="calendar.adjustment_added").count() == 1


def test_officer_without_permission_cannot_change_the_calendar(clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services_calendar.add_adjustment(
            actor=clerk, day=date(2025, 4, 26), kind=AdjustmentKind.WORKING_DAY, legal_basis="CV 1"
        )
    with pytest.raises(PermissionDenied):
        services_calendar.replace_weekday_sessions(actor=clerk, weekday=0, sessions=[])
    assert not CalendarAdjustment.objects.exists()


def test_admin_pages_list_and_refuse_a_duplicate_day(admin_user, client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.EGOV_REQUIRE_ADMIN_TOTP = False  # the second factor is tested in accounts
    client.force_login(admin_user)
    CalendarAdjustment.objects.create(date=date(2025, 4, 26), kind="working_day", legal_basis="CV 1")
    listing = client.get(reverse("admin:core_calendaradjustment_changelist"))
    assert listing.status_code == 200
    assert "26" in listing.content.decode()
    response = client.post(
        reverse("admin:core_calendaradjustment_add"),
        {"date": "2025-04-26", "kind": "day_off", "legal_basis": "CV 2", "note": ""},
    )
    assert response.status_code == 200  # the form is shown again with the error
    assert "đã có một điều chỉnh" in response.content.decode()
    assert CalendarAdjustment.objects.count() == 1
    assert client.get(reverse("admin:core_workingsession_changelist")).status_code == 200


def test_missing_tables_fall_back_to_builtin_without_breaking_the_transaction(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On PostgreSQL a failed query aborts the transaction; the store's savepoint must prevent that."""
    CalendarAdjustment.objects.create(date=date(2025, 3, 5), kind="day_off", legal_basis="QĐ 1")
    monkeypatch.setattr(calendar_store, "_tables", lambda: ("core_no_such_table", "core_no_such_table_2"))
    with transaction.atomic():
        cal = calendar_store.get_calendar()
        assert cal is calendar_store.builtin_calendar()
        assert cal.is_working_day(date(2025, 3, 5))  # the adjustment is not seen: built-in calendar
        assert CalendarAdjustment.objects.count() == 1  # the transaction is still usable
