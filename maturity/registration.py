"""What the maturity app contributes to the registry (called from MaturityConfig.ready()).

Digital maturity stands on the portfolio (an action plan's activity may be carried by an initiative): floor 7,
docs/decisions/0027. Who may do what:
- the models, rounds, units in rounds and other organisations' results: administrators (the governance office
  loads them; a model is the region's, not any one owner's);
- a unit: the editors of its organisation;
- an action plan, its goals and activities: the editors of the plan's owning organisation."""

from core import registry


def register():
    from .models import (
        ActionPlan,
        Activity,
        Category,
        Dimension,
        ExternalResult,
        Goal,
        MaturityModel,
        MeasurementPoint,
        Round,
        RoundUnit,
        Unit,
    )

    for model in (MaturityModel, Dimension, Category, MeasurementPoint, Round, RoundUnit, ExternalResult):
        registry.OWNERS[model] = lambda row: None  # the region's; editing is the administrators' (views)
    registry.OWNERS[Unit] = lambda unit: unit.organisation_id
    registry.OWNERS[ActionPlan] = lambda plan: plan.owner_id
    registry.OWNERS[Goal] = lambda goal: goal.plan.owner_id
    registry.OWNERS[Activity] = lambda activity: activity.plan.owner_id
    registry.PARENTS[Goal] = lambda goal: goal.plan
    registry.PARENTS[Activity] = lambda activity: activity.plan

    _register_rounds()
    _register_analysis()


def _register_analysis():
    """Results, comparisons, exchange and action plans (issue 12 points 6–7): the missing-plan rule R22 and the
    demo's plans and other region's results, after the rounds (order 80)."""
    from . import demo_plans, rules

    for rule in rules.RULES:
        registry.register_rule(rule)
    registry.DEMO_BUILDERS.append((81, demo_plans.build))


def _register_rounds():
    """Models, units, rounds, answers and the aggregation (issue 12 points 5, 6 and 9; docs/decisions/0030): the
    menu entry, the demo's model and rounds."""
    from django.utils.translation import gettext_lazy as _

    from . import demo_rounds

    registry.MENU.append((65, _("Digital maturity"), "maturity:rounds"))
    registry.DEMO_BUILDERS.append((80, demo_rounds.build))
