from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "egov.payments"
    label = "payments"
    verbose_name = _("Thanh toán phí, lệ phí")

    def ready(self) -> None:
        from egov.payments import checks, gateways  # noqa: F401  (checks registers the deploy check)

        gateways.autodiscover()
        import egov.payments.handlers  # noqa: F401  (outbox: bills on submission / status 6, payment.paid resumes)
