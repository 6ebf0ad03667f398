"""`egov calendar due|hours|days`: through call_command and as a real process without a database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from egov.core.models import CalendarAdjustment

EGOV = Path(sys.executable).with_name("egov")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_due_prints_the_due_moment() -> None:
    assert run("due", "2025-01-24 16:00", "8") == "2025-02-03 16:00"


@pytest.mark.django_db
def test_due_accepts_fractional_hours_and_prints_seconds_only_when_needed() -> None:
    assert run("due", "2025-03-04 07:30", "1.5") == "2025-03-04 09:00"
    assert run("due", "2025-03-04 08:00", "0,01") == "2025-03-04 08:00:36"


@pytest.mark.django_db
def test_hours_prints_a_decimal() -> None:
    assert run("hours", "2025-03-04 08:30", "2025-03-05 14:30") == "12.5"
    assert run("hours", "2025-03-04 07:30", "2025-03-06 07:30") == "16"
    assert run("hours", "2025-03-05 14:30", "2025-03-04 08:30") == "-12.5"


@pytest.mark.django_db
def test_command_uses_the_database_adjustments() -> None:
    assert run("due", "2025-04-25 16:00", "8") == "2025-04-28 16:00"
    CalendarAdjustment.objects.create(date=date(2025, 4, 26), kind="working_day", legal_basis="CV 2450")
    assert run("due", "2025-04-25 16:00", "8") == "2025-04-26 16:00"
    listing = run("days", "2025")
    assert "2025-04-26  Thứ Bảy   làm bù  CV 2450" in listing
    assert "2025-05-02  Thứ Sáu   nghỉ" in listing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "24/01/2025 16:00", "8"), "Thời điểm không hợp lệ"),
        (("due", "2025-01-24 16:00", "-1"), "Số giờ làm việc không hợp lệ"),
        (("due", "2025-01-24 16:00", "tám"), "Số giờ làm việc không hợp lệ"),
        (("due", "2025-01-24 16:00", "1000000"), "Số giờ làm việc phải là một số từ 0"),
        (("hours", "2025-01-24", "hôm nay"), "Thời điểm không hợp lệ"),
    ],
)
def test_bad_arguments_give_a_vietnamese_error(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert message in str(caught.value)
    assert caught.value.returncode in (1, 2)


def _without_database_env(tmp_path: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE", "PYTEST", "DJANGO"))}
    env.update(DATABASE_URL=url, EGOV_VAR_DIR=str(tmp_path / "var"))
    return env


def test_due_works_as_a_process_with_no_database_at_all(tmp_path: Path) -> None:
    env = _without_database_env(tmp_path, f"sqlite:///{tmp_path}/missing/dir/x.db")
    done = subprocess.run(
        [str(EGOV), "calendar", "due", "2025-01-24 16:00", "8"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2025-02-03 16:00"


def test_hours_works_as_a_process_on_an_empty_sqlite_file(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    env = _without_database_env(tmp_path, f"sqlite:///{tmp_path}/empty.db")
    done = subprocess.run(
        [str(EGOV), "calendar", "hours", "2025-03-04 08:30", "2025-03-05 14:30"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "12.5"


def test_bad_argument_as_a_process_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    env = _without_database_env(tmp_path, f"sqlite:///{tmp_path}/missing/dir/x.db")
    done = subprocess.run(
        [str(EGOV), "calendar", "due", "ngày mai", "8"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Thời điểm không hợp lệ" in done.stderr
    assert "Traceback" not in done.stderr
