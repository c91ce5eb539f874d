from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance: ownership transfers and exemptions")

    def ready(self):
        from core import registry

        registry.MENU += [(50, _("Transfers"), "governance:transfers"), (51, _("Exemptions"), "governance:exemptions")]

        from . import actions, rules, views
        from .models import Exemption, OwnershipTransfer

        registry.SERVICE_PANELS.append(views.service_panel)
        registry.OWNERS[OwnershipTransfer] = lambda transfer: transfer.from_organisation_id
        registry.DECIDERS[OwnershipTransfer] = actions.transfer_body_id
        registry.DECIDERS[Exemption] = lambda exemption: exemption.deciding_board_id
        for rule in rules.RULES:
            registry.register_rule(rule)
