"""gunicorn settings for `egov serve` and `egov demo`: JSON logs on stdout, multi-process metrics.

Loaded with `python -m gunicorn --config python:egov.web.gunicorn_conf egov.wsgi:application`; the
bind address and the number of workers come from the command line.
"""

from __future__ import annotations

import os
from typing import Any

from pythonjsonlogger.json import JsonFormatter


class AccessLogJsonFormatter(JsonFormatter):
    """One JSON object per request with named fields (gunicorn passes its "atoms" as the record's
    args): remote address, method, path, status, bytes sent, duration in milliseconds."""

    FIELDS = {"h": "remote", "m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms"}

    def add_fields(self, log_data: dict[str, Any], record: Any, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        for atom, field in self.FIELDS.items():
            if atom in atoms:
                log_data[field] = atoms[atom]
        request_id = atoms.get("{x-request-id}o")
        if request_id:
            log_data["request_id"] = request_id


accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "access": {
            "()": "egov.web.gunicorn_conf.AccessLogJsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
}


def child_exit(server: Any, worker: Any) -> None:
    """Drop the gauges of a worker that exited (counters and histograms keep their totals)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
