from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Decisions")

    def ready(self):
        from core import registry

        from .models import DecisionAttachment

        registry.MENU.append((40, _("Decisions"), "decisions:list"))
        registry.PARENTS[DecisionAttachment] = lambda attachment: attachment.decision
