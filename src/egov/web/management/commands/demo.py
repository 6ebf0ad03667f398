"""`egov demo`: prepare the demo province and serve it on http://127.0.0.1:8000.

Steps: migrate; load the administrative units when the table is empty; create the demo agencies
and people (both idempotent: a second run reuses them); collect static files when they changed;
then start `egov worker` as a child process and gunicorn in the foreground, and print the URL and
the demo sign-ins. Ctrl-C stops both. `--reset` deletes the embedded SQLite database first.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import unicodedata
from argparse import ArgumentParser
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from egov.web.serving import gunicorn_command, server_environment, stop, wait_until_healthy, worker_command

HOST = "127.0.0.1"
DEMO_WEB_WORKERS = 2
STATIC_MARKER = ".egov-collected"


class DemoLogin(Protocol):
    """What accounts.demo.create_demo_people() returns for each demo person."""

    username: str
    password: str
    full_name: str
    role: str
    totp_secret: str


# --- Database ------------------------------------------------------------------------------------
def sqlite_database_path(database: dict[str, Any] | None = None, var_dir: Path | None = None) -> Path:
    """The embedded database file; refuses anything that is not a SQLite file under VAR_DIR, so that
    `--reset` can never delete a production database."""
    database = settings.DATABASES["default"] if database is None else database
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise CommandError(
            "--reset chỉ dùng với cơ sở dữ liệu SQLite nhúng; cơ sở dữ liệu hiện tại là "
            f"{database['ENGINE'].rsplit('.', 1)[-1]}. Hãy xóa dữ liệu bằng công cụ của máy chủ CSDL."
        )
    path = Path(str(database["NAME"])).resolve()
    var_dir = Path(settings.VAR_DIR if var_dir is None else var_dir).resolve()
    if not path.is_relative_to(var_dir):
        raise CommandError(f"--reset chỉ xóa cơ sở dữ liệu nằm trong {var_dir}; {path} nằm ngoài thư mục đó.")
    return path


def reset_database(path: Path | None = None) -> Path:
    """Delete the SQLite database file and its WAL/shared-memory companions."""
    path = sqlite_database_path() if path is None else path
    connections.close_all()
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        candidate.unlink(missing_ok=True)
    return path


# --- Data ----------------------------------------------------------------------------------------
def prepare_demo_data(*, stdout: Any) -> list[DemoLogin]:
    """Administrative units (if missing), the demo agencies and people; returns the sign-ins."""
    from egov.organizations.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        stdout.write("Nạp danh mục đơn vị hành chính (tỉnh, xã, phường)…")
        call_command("load_admin_units", stdout=stdout)
    from egov.organizations.demo import create_demo_agencies

    agencies = create_demo_agencies()
    stdout.write(f"Cơ quan mẫu: {len(agencies)} cơ quan, đơn vị.")
    from egov.procedures.demo import load_demo_catalogue

    stdout.write(f"Danh mục thủ tục: {load_demo_catalogue()} thủ tục.")
    try:
        from egov.accounts.demo import create_demo_people
    except ImportError:
        stdout.write("Chưa có dữ liệu người dùng mẫu (accounts.demo chưa sẵn sàng).")
        return []
    logins = list(create_demo_people(agencies))
    from egov.dossiers.demo import create_demo_dossiers

    stdout.write("Tạo hồ sơ mẫu (lần đầu mất khoảng một phút)…")
    made = create_demo_dossiers()
    if made.created:
        stdout.write(
            f"Hồ sơ mẫu: {made.created} hồ sơ; thêm {made.officers_added} cán bộ mẫu "
            "cho các sở chưa có người xử lý."
        )
    if made.showcase:
        stdout.write(
            "Hồ sơ của công dân mẫu đang chờ công dân bổ sung hoặc nộp phí: " + ", ".join(made.showcase) + "."
        )
    from egov.payments.demo import create_demo_payments

    if billed := create_demo_payments():
        stdout.write(f"Thanh toán mẫu: {billed} khoản phí, lệ phí (cổng thử nghiệm, tiền mặt).")
    return logins


def static_files_changed() -> bool:
    """True when STATIC_ROOT was never collected or a source static file is newer than the last run."""
    marker = Path(settings.STATIC_ROOT) / STATIC_MARKER
    if not marker.exists():
        return True
    collected_at = marker.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected_at:
                return True
    return False


def collect_static_if_needed(*, stdout: Any) -> bool:
    if not static_files_changed():
        return False
    stdout.write("Thu thập tệp tĩnh (CSS, ảnh)…")
    call_command("collectstatic", interactive=False, verbosity=0)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.STATIC_ROOT) / STATIC_MARKER).touch()
    return True


# --- Output --------------------------------------------------------------------------------------
def _width(text: str) -> int:
    return len(unicodedata.normalize("NFC", text))


def format_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A plain-text table aligned for a terminal (Vietnamese letters count as one column)."""
    rows = [[unicodedata.normalize("NFC", str(cell)) for cell in row] for row in rows]
    widths = [max([_width(h)] + [_width(row[i]) for row in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return (
            "│ "
            + " │ ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True))
            + " │"
        )

    def border(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * (w + 2) for w in widths) + right

    return "\n".join(
        [
            border("┌", "┬", "┐"),
            line(headers),
            border("├", "┼", "┤"),
            *(line(row) for row in rows),
            border("└", "┴", "┘"),
        ]
    )


def login_rows(login: DemoLogin) -> list[list[str]]:
    """Table rows for one person: one per role; the role text "Vai trò — Cơ quan; …" is split into
    the role and agency columns, and continuation rows leave the sign-in columns empty."""
    agency = getattr(login, "agency", "")
    parts = [part.strip() for part in login.role.split(";") if part.strip()] or [""]
    rows = []
    for index, part in enumerate(parts):
        role, _, role_agency = part.partition(" — ")
        first = index == 0
        rows.append(
            [
                login.username if first else "",
                login.password if first else "",
                role,
                role_agency or str(getattr(agency, "name", agency) or ""),
            ]
        )
    return rows


def format_logins(logins: Sequence[DemoLogin]) -> str:
    """The demo sign-ins as a Vietnamese table, followed by how to get each second-factor code."""
    if not logins:
        return "Chưa có tài khoản mẫu."
    table = format_table(
        ["Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan"],
        [row for login in logins for row in login_rows(login)],
    )
    hints = [
        f"Tài khoản {login.username} cần mã xác thực hai lớp (TOTP) sau mật khẩu. Thêm khóa "
        f"{login.totp_secret} vào ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…), "
        f"hoặc xem mã hiện tại bằng lệnh:  egov totp-code {login.username}"
        for login in logins
        if getattr(login, "totp_secret", "")
    ]
    return "\n\n".join([table, *hints])


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Chuẩn bị dữ liệu mẫu (Thành phố Huế) và chạy cổng dịch vụ công tại http://127.0.0.1:8000."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset", action="store_true", help="Xóa cơ sở dữ liệu SQLite nhúng và tạo lại dữ liệu mẫu."
        )
        parser.add_argument("--port", type=int, default=8000, help="Cổng máy chủ web (mặc định 8000).")
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ chuẩn bị dữ liệu, không chạy máy chủ."
        )

    def handle(self, *args: Any, reset: bool, port: int, no_serve: bool, **options: Any) -> None:
        if not no_serve and not port_is_free(HOST, port):
            raise CommandError(
                f"Cổng {port} đang được dùng. Dừng chương trình đang dùng nó "
                f"hoặc chạy: egov demo --port {port + 1}"
            )
        if reset:
            path = reset_database()
            self.stdout.write(f"Đã xóa cơ sở dữ liệu mẫu {path}.")
        self.stdout.write("Cập nhật cấu trúc cơ sở dữ liệu…")
        call_command("migrate", interactive=False, verbosity=0)
        logins = prepare_demo_data(stdout=self.stdout)
        from egov.payments.demo import offer_demo_vietqr

        # A fictitious VietQR account in os.environ, inherited by the server and worker started below.
        if vietqr := offer_demo_vietqr({} if no_serve else None):
            self.stdout.write(
                "Chuyển khoản VietQR dùng tài khoản nhận MẪU (không có thật): "
                + " ".join(f"{name}={value!r}" for name, value in vietqr.items())
                + (" (đặt các biến này cho máy chủ bạn tự chạy)" if no_serve else "")
                + ". Đối soát bằng sao kê mẫu: egov payments sample-statement."
            )
        collect_static_if_needed(stdout=self.stdout)
        url = f"http://{HOST}:{port}/"
        if no_serve:
            self.stdout.write("\nDữ liệu mẫu đã sẵn sàng. Tài khoản dùng thử:\n" + format_logins(logins))
            return
        self.serve(url=url, port=port, logins=logins)

    def serve(self, *, url: str, port: int, logins: Sequence[DemoLogin]) -> None:
        connections.close_all()  # children open their own connections
        env = server_environment(workers=DEMO_WEB_WORKERS)
        if not any(getattr(login, "totp_secret", "") for login in logins):
            # No demo person has a second factor: let the demo administrator in without one.
            env["EGOV_REQUIRE_ADMIN_TOTP"] = "0"
        worker = subprocess.Popen(worker_command(), env=env)
        web = subprocess.Popen(gunicorn_command(host=HOST, port=port, workers=DEMO_WEB_WORKERS), env=env)
        processes = [web, worker]
        # SIGTERM (a supervisor, `kill`) and SIGINT sent to this process alone stop the children like
        # Ctrl-C in the terminal does (SIGINT is explicit because a background job inherits it ignored).
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
        try:
            if not wait_until_healthy(f"{url}healthz", process=web):
                raise CommandError("Máy chủ web không khởi động được; xem nhật ký ở trên.")
            self.stdout.write(
                f"\nCổng dịch vụ công mẫu đang chạy tại {url}\n"
                f"Trang quản trị: {url}quan-tri/\n\nTài khoản dùng thử:\n{format_logins(logins)}\n\n"
                "Nhấn Ctrl-C để dừng.\n"
            )
            self.stdout.flush()
            web.wait()
            if web.returncode not in (0, -2, -15):
                raise CommandError(f"Máy chủ web dừng bất thường (mã {web.returncode}).")
        except KeyboardInterrupt:
            self.stdout.write("\nĐang dừng máy chủ web và tiến trình xử lý nền…")
        finally:
            stop(processes)
        self.stdout.write("Đã dừng.")
