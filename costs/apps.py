from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsConfig(AppConfig):
    name = "costs"
    verbose_name = _("Costs and their allocation")

    def ready(self):
        from services import extensions

        from . import views

        extensions.SERVICE_PANELS.append(views.service_panel)
