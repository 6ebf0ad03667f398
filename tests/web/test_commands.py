"""`egov demo` and `egov serve` (without starting servers)."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from egov.core.models import OutboxEvent
from egov.dossiers.models import Dossier, DossierEvent
from egov.web import serving
from egov.web.management.commands import demo, serve


@dataclass(frozen=True)
class FakeLogin:
    username: str
    password: str
    full_name: str
    role: str
    totp_secret: str = ""
    agency: str = ""


def test_reset_refuses_a_non_sqlite_database() -> None:
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": "egov"}
    with pytest.raises(CommandError, match="chỉ dùng với cơ sở dữ liệu SQLite"):
        demo.sqlite_database_path(database)


def test_reset_refuses_a_sqlite_file_outside_the_var_directory(tmp_path: Path) -> None:
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "elsewhere.sqlite3")}
    with pytest.raises(CommandError, match="nằm ngoài"):
        demo.sqlite_database_path(database, tmp_path / "var")


def test_reset_deletes_the_sqlite_file_and_its_wal_companions(tmp_path: Path) -> None:
    database = tmp_path / "egov.sqlite3"
    for path in (database, tmp_path / "egov.sqlite3-wal", tmp_path / "egov.sqlite3-shm"):
        path.write_text("x")
    keep = tmp_path / "secret_key"
    keep.write_text("k")
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}
    assert demo.reset_database(demo.sqlite_database_path(sqlite, tmp_path)) == database
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_demo_refuses_reset_on_postgresql_before_touching_anything(settings) -> None:
    settings.DATABASES = {
        **settings.DATABASES,
        "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "egov"},
    }
    with pytest.raises(CommandError, match="SQLite"):
        call_command("demo", "--reset", "--no-serve", stdout=io.StringIO())


def test_login_table_lists_username_password_role_and_agency_aligned() -> None:
    text = demo.format_logins(
        [
            FakeLogin(
                "quantri", "Demo@2025!", "Trần Quản Trị", "Quản trị hệ thống", "JBSWY3DPEHPK3PXP", "UBND"
            ),
            FakeLogin(
                "tiepnhan",
                "Demo@2025!",
                "Lê Thị Một Cửa",
                "Cán bộ tiếp nhận một cửa — Trung tâm Phục vụ hành chính công; Văn thư — Sở Xây dựng",
            ),
        ]
    )
    lines = text.splitlines()
    assert (
        "Tên đăng nhập" in lines[1]
        and "Mật khẩu" in lines[1]
        and "Vai trò" in lines[1]
        and "Cơ quan" in lines[1]
    )
    assert len({len(line) for line in lines[:7]}) == 1  # every table line has the same width
    assert "Cán bộ tiếp nhận một cửa" in text
    receiver_row, clerk_row = lines[4], lines[5]
    assert "tiepnhan" in receiver_row and "Trung tâm Phục vụ hành chính công" in receiver_row
    assert "Văn thư" in clerk_row and "Sở Xây dựng" in clerk_row and "tiepnhan" not in clerk_row
    assert "egov totp-code quantri" in text
    assert "JBSWY3DPEHPK3PXP" in text  # the administrator's TOTP hint
    assert "tiepnhan cần mã" not in text


def test_demo_without_people_says_so() -> None:
    assert demo.format_logins([]) == "Chưa có tài khoản mẫu."


def test_static_files_are_collected_once_then_only_when_they_change(
    settings, tmp_path: Path, monkeypatch
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    calls: list[str] = []
    monkeypatch.setattr(demo, "call_command", lambda name, **kwargs: calls.append(name))
    assert demo.collect_static_if_needed(stdout=io.StringIO()) is True
    assert demo.collect_static_if_needed(stdout=io.StringIO()) is False
    assert calls == ["collectstatic"]


def test_busy_port_is_reported_before_any_work(monkeypatch) -> None:
    monkeypatch.setattr(demo, "port_is_free", lambda host, port: False)
    with pytest.raises(CommandError, match="Cổng 8000 đang được dùng"):
        call_command("demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_no_serve_prepares_data_and_a_second_run_reuses_it(monkeypatch) -> None:
    from egov.organizations.models import Agency

    monkeypatch.setattr(demo, "collect_static_if_needed", lambda **kwargs: False)
    monkeypatch.setattr("egov.dossiers.demo.DEFAULT_COUNT", 60)  # the demo makes 300
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    count = Agency.objects.count()
    assert count > 1
    assert "Dữ liệu mẫu đã sẵn sàng" in out.getvalue()
    _assert_demo_dossiers_are_alive(out.getvalue())
    dossiers = Dossier.objects.count()
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert Agency.objects.count() == count
    assert Dossier.objects.count() == dossiers


def _assert_demo_dossiers_are_alive(output: str) -> None:
    """The demo history has dossiers in every kind of state, at both levels, made by the services."""
    made = Dossier.objects.filter(origin__isnull=True).count()  # liên thông children come on top
    assert made >= 55, output  # 60 asked; a path the process refuses may be skipped
    assert f"Hồ sơ mẫu: {made} hồ sơ" in output
    now = timezone.now()
    open_ = Dossier.objects.filter(finished_at__isnull=True, closed_at__isnull=True)
    assert open_.exists() and Dossier.objects.filter(finished_at__isnull=False).exists()
    assert open_.filter(due_at__lt=now, paused_at__isnull=True).exists()  # overdue
    assert open_.filter(due_at__gte=now).exists()  # not yet due
    assert {"online", "counter"} <= set(Dossier.objects.values_list("channel", flat=True))
    assert Dossier.objects.filter(processing_agency__isnull=False).exists()  # TTPVHCC → a department
    assert Dossier.objects.filter(agency__kind="commune_committee").exists()
    history = OutboxEvent.objects.filter(topic__startswith="dossier.")  # not re-sent when the demo starts
    assert history.exists() and not history.filter(status=OutboxEvent.Status.PENDING).exists()
    # Every dossier's timeline (liên thông children's too) starts with its receipt.
    assert DossierEvent.objects.filter(action="receive").count() == Dossier.objects.count()
    # The demo citizen finds a form 02 to answer and a fee to pay (which resumes the dossier).
    waiting = Dossier.objects.filter(owner__citizen_id="046090001234", closed_at__isnull=True)
    supplement = waiting.get(national_status=5)
    obligation = waiting.get(national_status=6)
    assert supplement.code in output and obligation.code in output
    assert obligation.payments.filter(state="pending").exists()


def test_gunicorn_command_serves_the_wsgi_application_with_our_config() -> None:
    command = serving.gunicorn_command(host="0.0.0.0", port=9000, workers=3)
    assert command[:3] == [sys.executable, "-m", "gunicorn"]
    assert "python:egov.web.gunicorn_conf" in command
    assert command[command.index("--bind") + 1] == "0.0.0.0:9000"
    assert command[command.index("--workers") + 1] == "3"
    assert command[-1] == "egov.wsgi:application"


def test_ipv6_hosts_are_bracketed() -> None:
    command = serving.gunicorn_command(host="::1", port=8000, workers=1)
    assert command[command.index("--bind") + 1] == "[::1]:8000"


def test_several_workers_share_metrics_through_a_fresh_directory(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    stale = tmp_path / "prometheus" / "counter_1.db"
    stale.parent.mkdir()
    stale.write_text("old")
    env = serving.server_environment(workers=4, base={})
    assert env["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / "prometheus")
    assert not stale.exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in serving.server_environment(workers=1, base={})


def test_serve_execs_gunicorn_with_the_requested_address(monkeypatch) -> None:
    executed: list[list[str]] = []
    monkeypatch.setattr(serve.os, "execve", lambda path, argv, env: executed.append(argv))
    call_command("serve", "--host", "0.0.0.0", "--port", "8081", "--workers", "1", stdout=io.StringIO())
    assert executed[0][executed[0].index("--bind") + 1] == "0.0.0.0:8081"


@override_settings()
def test_default_workers_follow_web_concurrency(monkeypatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert serve.default_workers() == 5
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert 3 <= serve.default_workers() <= 16


def test_access_log_formatter_writes_named_fields() -> None:
    import json
    import logging

    from egov.web.gunicorn_conf import AccessLogJsonFormatter

    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s %(s)s", None, None)
    record.args = {"m": "GET", "U": "/co-quan/", "s": "200", "M": 12, "h": "127.0.0.1", "B": 99}
    data = json.loads(AccessLogJsonFormatter("%(message)s").format(record))
    assert data["message"] == "GET /co-quan/ 200"
    assert (data["method"], data["path"], data["status"], data["duration_ms"]) == (
        "GET",
        "/co-quan/",
        "200",
        12,
    )


def test_login_table_lines_have_equal_width_and_column_joints() -> None:
    table = demo.format_table(["Tên đăng nhập", "Vai trò"], [["quantri", "Quản trị hệ thống"], ["a", "b"]])
    lines = table.splitlines()
    assert len({len(line) for line in lines}) == 1
    assert lines[0].startswith("┌") and "┬" in lines[0]
    assert "┼" in lines[2] and "┴" in lines[-1]
