from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("Information security")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import defaults, registration

        post_migrate.connect(defaults.after_migrate, sender=self)

        registration.register()
