from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self):
        from core import registry

        from . import schema  # noqa: F401  (declares the token scheme to drf-spectacular)

        registry.MENU.append((90, _("API keys"), "accounts:tokens"))
