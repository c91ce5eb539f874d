from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Digital services")

    def ready(self):
        from core import registry

        from .models import Service
        from .queries import current_owner_id

        registry.OWNERS[Service] = current_owner_id
