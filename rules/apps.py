from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "rules"
    verbose_name = _("Rules as running checks")

    def ready(self):
        from core import registry

        registry.MENU += [(30, _("Rules"), "rules:rules"), (31, _("Findings"), "rules:findings")]

        from . import checks, views

        for rule in checks.RULES:
            registry.register_rule(rule)
        registry.SERVICE_PANELS.insert(0, views.service_panel)
        registry.DASHBOARD_PANELS.append(views.dashboard_panel)
        registry.OVERVIEW_FIGURES.append(views.overview_figures)
        registry.ORGANISATION_PANELS.append(views.organisation_panel)

        from . import freshness, indicators

        freshness.connect()  # writes mark the stored evaluation stale (docs/decisions/0034)

        # One indicator per rule, once every app has registered its rules (core.registry.INDICATOR_FAMILIES).
        registry.INDICATOR_FAMILIES.append(indicators.rule_indicators)
