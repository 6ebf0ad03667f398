from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "egov.procedures"
    label = "procedures"
    verbose_name = _("Thủ tục hành chính")

    def ready(self) -> None:
        # Registers the catalogue's permission actions (procedures.edit, procedures.publish) at start-up,
        # so a check never runs before the module that declares them was imported.
        from egov.procedures import services  # noqa: F401
