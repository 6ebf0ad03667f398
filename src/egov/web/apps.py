from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "egov.web"
    label = "web"
    verbose_name = _("Giao diện")

    def ready(self) -> None:
        from egov.organizations.models import Agency
        from egov.web import province

        post_save.connect(province.forget, sender=Agency, dispatch_uid="web.province.forget.save")
        post_delete.connect(province.forget, sender=Agency, dispatch_uid="web.province.forget.delete")
