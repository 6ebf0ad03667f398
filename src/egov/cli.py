"""The `egov` command: Django's management commands plus egov's own.

egov demo [--reset]          prepare the demo province and serve it on http://127.0.0.1:8000
egov serve                   serve the application (WSGI, gunicorn)
egov worker                  run background jobs (outbox deliveries, notifications)
egov scheduler               run periodic sweeps (re-enqueue outbox events a dead worker left)
egov calendar due|hours ...  working-time arithmetic
egov audit verify            check the audit hash chain
egov doctor                  check the system libraries egov needs
egov dossier-stats rebuild   recompute the one-stop statistics rollups from the dossiers
egov <django command>        migrate, createsuperuser, shell, ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # egov dossier-stats → the Django command dossier_stats
    execute_from_command_line(["egov", *args])


if __name__ == "__main__":
    main()
