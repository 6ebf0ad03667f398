from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "egov.notifications"
    label = "notifications"
    verbose_name = _("Thông báo cho người nộp")

    def ready(self) -> None:
        # Register the outbox handlers now (the outbox also autodiscovers `handlers` modules).
        import egov.notifications.handlers  # noqa: F401
