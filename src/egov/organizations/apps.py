from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "egov.organizations"
    label = "organizations"
    verbose_name = "Cơ quan, đơn vị"
