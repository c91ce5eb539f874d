from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from core import registry

        registry.MENU.append((20, _("Organisations"), "organisations:list"))

        from .queries import memberships_of

        registry.MEMBERSHIPS.append(memberships_of)
