from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "costs"
    verbose_name = _("Costs and their allocation")

    def ready(self):
        from core import registry

        registry.MENU.append((70, _("Costs"), "costs:index"))

        from . import rules, views

        registry.SERVICE_PANELS.append(views.service_panel)
        registry.SERVICE_SECTIONS[views.service_panel] = "costs"
        registry.ORGANISATION_PANELS.append(views.organisation_panel)
        for rule in rules.RULES:
            registry.register_rule(rule)
        from . import organisation_chart  # owns, uses and pays, this year against last (issue 10)
        registry.ORGANISATION_PANELS.append(organisation_chart.organisation_panel)

        from . import indicators

        indicators.register()
