from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Digital services")

    def ready(self):
        from core import registry

        registry.MENU.append((10, _("Services"), "services:list"))

        from . import views
        from .models import Service
        from .queries import current_owner_id, owned_counts

        registry.OWNERS[Service] = current_owner_id
        registry.ORGANISATION_COUNTS.append((_("Services owned"), owned_counts))
        # First on the organisation's page: what it owns and uses, before the capability apps' panels.
        registry.ORGANISATION_PANELS.insert(0, views.organisation_panel)

        from . import indicators

        indicators.register()
