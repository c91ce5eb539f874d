from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "costs"
    verbose_name = _("Costs and their allocation")

    def ready(self):
        from governance.rules import register
        from services import extensions

        from . import rules, views

        extensions.SERVICE_PANELS.append(views.service_panel)
        from organisations import extensions as organisation_extensions

        organisation_extensions.ORGANISATION_PANELS.append(views.organisation_panel)
        for rule in rules.RULES:
            register(rule)
