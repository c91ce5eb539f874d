"""What the portfolio app contributes to the registry (called from PortfolioConfig.ready()).

The portfolio stands on the register and on the capability apps whose records it names (indicators' focus
areas, architecture's needs mapping): floor 6, docs/decisions/0026. Who may do what:
- an initiative, its services, benefits, costs and outcomes: the editors of its owning organisation;
- a year's weights, the value assessments and scores: the editors of the year's council (the governance office);
- a placement above or below the line and a ranking decided: the council's secretariat (DECIDERS);
- an investment decision: the secretariat of the body that carries the running cost (actions.decide_investment)."""

from core import registry


def register():
    from .models import (
        AssessmentScore,
        Benefit,
        BenefitOutcome,
        CriterionWeight,
        Initiative,
        InitiativeCost,
        InitiativeService,
        InvestmentDecision,
        PortfolioYear,
        RankingOverride,
        ValueAssessment,
    )

    registry.OWNERS[Initiative] = lambda initiative: initiative.owner_id
    for model in (InitiativeService, Benefit, InitiativeCost):
        registry.OWNERS[model] = lambda row: row.initiative.owner_id
    registry.OWNERS[BenefitOutcome] = lambda row: row.benefit.initiative.owner_id
    registry.OWNERS[PortfolioYear] = lambda year: year.council_id
    registry.OWNERS[CriterionWeight] = lambda row: row.portfolio_year.council_id
    registry.OWNERS[ValueAssessment] = lambda row: row.portfolio_year.council_id
    registry.OWNERS[AssessmentScore] = lambda row: row.assessment.portfolio_year.council_id
    registry.DECIDERS[PortfolioYear] = lambda year: year.council_id
    registry.DECIDERS[RankingOverride] = lambda row: row.portfolio_year.council_id
    registry.DECIDERS[InvestmentDecision] = lambda row: row.body_id
    registry.PARENTS[InitiativeService] = lambda row: row.initiative
    registry.PARENTS[Benefit] = lambda row: row.initiative
    registry.PARENTS[InitiativeCost] = lambda row: row.initiative
    registry.PARENTS[ValueAssessment] = lambda row: row.initiative
    _register_initiatives()
    _register_ranking()


def _register_initiatives():
    """Initiatives and value before money (issue 12 points 1–2): the menu, the service page's panel, the rule
    R20 and the demo's part (order 66)."""
    from django.utils.translation import gettext_lazy as _

    from . import demo_initiatives, rules, views

    registry.MENU.append((63, _("Portfolio"), "portfolio:initiatives"))
    registry.SERVICE_PANELS.append(views.service_panel)
    for rule in rules.RULES:
        registry.register_rule(rule)
    registry.DEMO_BUILDERS.append((66, demo_initiatives.build))


def _register_ranking():
    """The ranking, the benefit follow-up, its rule and the portfolio's register indicators, and the demo's part
    (issue 12 points 3 and 4)."""
    from . import demo_ranking, indicators, rules_followup

    for rule in rules_followup.RULES:
        registry.register_rule(rule)
    indicators.register()
    registry.DEMO_BUILDERS.append((67, demo_ranking.build))
