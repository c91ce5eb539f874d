from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "lifecycle"
    verbose_name = _("Lifecycle: components and tests")

    def ready(self):
        from governance.rules import register
        from services import extensions

        from . import guards, rules, views

        extensions.PHASE_GUARDS.append(guards.tested_before_production)
        for rule in rules.RULES:
            register(rule)
        extensions.SERVICE_PANELS.append(views.service_panel)
