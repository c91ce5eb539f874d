from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchitectureConfig(AppConfig):
    name = "architecture"
    verbose_name = _("Architecture: integrations, dependencies and processes")

    def ready(self):
        from . import registration

        registration.register()
