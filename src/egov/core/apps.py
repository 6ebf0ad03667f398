from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "egov.core"
    label = "core"
    verbose_name = _("Lõi hệ thống")

    def ready(self) -> None:
        from egov.core.checks import check_dossier_code_pattern

        checks.register(check_dossier_code_pattern, checks.Tags.compatibility)
