"""Starting the web server (gunicorn) and the background worker as child processes.

Shared by `egov serve` (gunicorn replaces the current process) and `egov demo` (web server and
worker run side by side until Ctrl-C).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

STOP_GRACE_SECONDS = 10


def gunicorn_command(*, host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line that serves egov (JSON logs, see egov.web.gunicorn_conf)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:egov.web.gunicorn_conf",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        "egov.wsgi:application",
    ]


def worker_command() -> list[str]:
    """The `egov worker` command line, run with the same interpreter."""
    return [sys.executable, "-m", "egov.cli", "worker"]


def server_environment(*, workers: int, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for gunicorn. With several workers Prometheus counters are shared through
    files in VAR_DIR/prometheus (emptied at start) unless PROMETHEUS_MULTIPROC_DIR is already set."""
    env = dict(os.environ if base is None else base)
    env.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    if workers > 1 and not env.get("PROMETHEUS_MULTIPROC_DIR"):
        directory = Path(settings.VAR_DIR) / "prometheus"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    return env


def wait_until_healthy(url: str, *, timeout: float = 30.0, process: subprocess.Popen | None = None) -> bool:
    """Poll `url` (the /healthz endpoint) until it answers 200, the process dies or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    return False


def stop(processes: list[subprocess.Popen]) -> None:
    """Stop child processes cleanly: SIGTERM (gunicorn and the worker finish their current request or
    job), then SIGKILL for any still running after STOP_GRACE_SECONDS."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes:
        remaining = max(0.0, deadline - time.monotonic())
        try:
            process.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
