from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StyrConfig(AppConfig):
    name = "styr"
    verbose_name = "Styr"

    def ready(self):
        from core import registry

        registry.MENU += [(0, _("Overview"), "dashboard"), (100, _("API"), "api-docs")]
