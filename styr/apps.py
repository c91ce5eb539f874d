from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StyrConfig(AppConfig):
    name = "styr"
    verbose_name = "Styr"

    def ready(self):
        from core import registry

        registry.MENU += [(0, _("Overview"), "dashboard"), (100, _("API"), "api-docs")]
        # Last installed app: every app's ready() has run, so every rule is registered and the indicator per
        # rule can be (registry.INDICATOR_FAMILIES).
        registry.register_indicator_families()
