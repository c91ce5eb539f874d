from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from core import registry

        # For everyone signed in: the bokslut is a public-sector document (reports/views.py).
        registry.MENU.append((85, _("Reports"), "reports:index"))
