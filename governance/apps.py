from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance: decisions, transfers, exemptions, rules")

    def ready(self):
        from services import extensions

        from . import views

        extensions.SERVICE_PANELS.append(views.service_panel)
        extensions.DASHBOARD_PANELS.append(views.dashboard_panel)
        from organisations import extensions as organisation_extensions

        organisation_extensions.ORGANISATION_PANELS.append(views.organisation_panel)
