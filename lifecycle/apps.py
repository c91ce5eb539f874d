from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "lifecycle"
    verbose_name = _("Lifecycle: components and tests")

    def ready(self):
        from core import registry

        registry.MENU.append((60, _("Components"), "lifecycle:components"))

        from . import guards, rules, views

        registry.PHASE_GUARDS.append(guards.tested_before_production)
        for rule in rules.RULES:
            registry.register_rule(rule)
        registry.SERVICE_PANELS.append(views.service_panel)
        registry.SERVICE_SECTIONS[views.service_panel] = "architecture"

        from . import indicators

        indicators.register()

        from .models import Environment, TestRecord

        # A service's tests (security tests and their reports among them) and its environments describe how
        # it is built and where it is weak: security details, hidden with a shielded service (core.access).
        registry.SERVICE_DETAILS.update({TestRecord: "service", Environment: "service"})
