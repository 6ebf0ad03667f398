"""The measured server: gunicorn (WSGI, sync workers) on a free port of 127.0.0.1, DEBUG off, started
the way `egov serve` starts it (`egov.web.serving.gunicorn_command`), with the benchmark settings."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path
from types import TracebackType

from egov.web.serving import gunicorn_command, server_environment, stop, wait_until_healthy


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``with Server(workers=2) as server: server.url`` — stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, *, workers: int = 2, log_path: Path | None = None) -> None:
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        from django.conf import settings

        env = server_environment(workers=self.workers)
        env["DJANGO_SETTINGS_MODULE"] = "egov.bench.settings"
        env["DEBUG"] = "0"
        env["EGOV_BENCH_ENDPOINTS"] = "1"
        env["EGOV_VAR_DIR"] = str(settings.VAR_DIR)
        env.setdefault("LOG_LEVEL", "WARNING")
        log_path = self.log_path or Path(settings.VAR_DIR) / "bench-server.log"
        self.log = open(log_path, "ab")
        command = gunicorn_command(host="127.0.0.1", port=self.port, workers=self.workers)
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_until_healthy(f"{self.url}/healthz", timeout=60, process=self.process):
            self.__exit__(None, None, None)
            raise RuntimeError(f"gunicorn did not start; see {log_path}")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.process is not None:
            stop([self.process])
            self.process = None
        self.log.close()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid


def cpu_count() -> int:
    return os.cpu_count() or 1
