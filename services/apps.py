from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Digital services")

    def ready(self):
        from core import registry

        from . import views
        from .models import Service
        from .queries import current_owner_id

        registry.OWNERS[Service] = current_owner_id
        # First on the organisation's page: what it owns and uses, before the capability apps' panels.
        registry.ORGANISATION_PANELS.insert(0, views.organisation_panel)
