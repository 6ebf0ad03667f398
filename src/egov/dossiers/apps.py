from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "egov.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ một cửa")

    def ready(self) -> None:
        # Registers the permission action "dossiers.statistics" (leaders' statistics page) at start-up.
        from egov.dossiers.statistics import selectors  # noqa: F401
