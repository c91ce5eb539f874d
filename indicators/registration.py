"""What the indicators app contributes to the registry (called from IndicatorsConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from core import registry


def register():
    from .models import Deviation, Indicator, IndicatorYear, Outcome, PlanAction

    # An indicator is owned by the region or the board that set it (000 §4.2); its years, outcomes,
    # deviations and their plans follow it.
    registry.OWNERS[Indicator] = lambda indicator: indicator.owner_id
    registry.OWNERS[IndicatorYear] = lambda row: row.indicator.owner_id
    registry.OWNERS[Outcome] = lambda row: row.indicator.owner_id
    registry.OWNERS[Deviation] = lambda row: row.indicator.owner_id
    registry.OWNERS[PlanAction] = lambda row: row.deviation.indicator.owner_id

    registry.MENU.append((70, _("Indicators"), "indicators:list"))
    from . import panels  # the overview's chart of the digitalisation grade
    registry.DASHBOARD_PANELS.append(panels.grade_panel)

    # The register's computed figures and the grade's definitions, after the entered indicators' part (70).
    from . import demo_register

    registry.DEMO_BUILDERS.append((71, demo_register.build))

    # R17: an open deviation without an analysis of causes and an action plan is a finding (002 §11).
    from . import rules

    for rule in rules.RULES:
        registry.register_rule(rule)

    # The demo's follow-up after the register and the other apps; the computed indicators and the grade's
    # definition follow at 71 (their own builder).
    from . import demo

    registry.DEMO_BUILDERS.append((70, demo.build))
