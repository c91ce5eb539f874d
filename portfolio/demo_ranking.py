"""The demo region's ranking and benefit follow-up (DEMO_BUILDERS order 67, after the initiatives at 66): the 2026
ranking against its capacity line, one placement by the council — the best-ranked initiative below the line that
still fits the capacity left is moved above it, for a reason — and the ranking as decided by the regional
executive board on 15 April 2026; then outcomes and actual costs of INI-2026-02, done in June 2025, so that only
INI-2026-01 is done without measured benefits (rule R21). It builds on whatever the initiatives' builder made:
looked up by code, and what is missing is skipped quietly. Every text is invented for the demo ("Exempel")."""

import datetime
from decimal import Decimal

from decisions import actions as decision_actions
from decisions.models import Decision

from . import actions_followup, actions_ranking, ranking
from .models import Initiative, InitiativeCost, PortfolioYear, RankingOverride

DECIDED_ON = datetime.date(2026, 4, 15)
REGISTRY_NUMBER = "RS 2026-0311"
REASON = ("Exempel: regionstyrelsen lyfter initiativet över linjen eftersom det är en förutsättning för den "
          "nationella vårdinformationsmiljön som ska vara införd 2027, och ryms inom årets kapacitet.")
# INI-2026-02's outcomes: per benefit, the share of the way from baseline to target reached in 2025 and 2026.
REACHED = {2025: Decimal("0.45"), 2026: Decimal("0.8")}


def _council_decision(council):
    found = Decision.objects.filter(body=council, registry_number=REGISTRY_NUMBER).first()
    return found or decision_actions.record_decision(
        body=council, decided_on=DECIDED_ON, registry_number=REGISTRY_NUMBER,
        title="Exempel: prioritering av regionens digitaliseringsinitiativ 2026",
        text="Exempel: regionstyrelsen fastställer den regiongemensamma prioriteringen av digitaliseringsinitiativ "
             "för 2026 mot årets utvecklingsbudget på 45 miljoner kronor.")


def _rank_2026():
    portfolio_year = PortfolioYear.objects.filter(year=2026).select_related("council").first()
    if portfolio_year is None:
        return
    current = ranking.rank(portfolio_year)
    if not current.rows:
        return
    if not RankingOverride.objects.filter(portfolio_year=portfolio_year).exists():
        room = current.capacity - current.above_cost
        below = [row for row in current.rows if not row.above_line]
        lifted = next((row for row in below if row.cost <= room), below[0] if below else None)
        if lifted is not None:
            actions_ranking.place(portfolio_year=portfolio_year, initiative=Initiative.objects.get(
                pk=lifted.initiative_id), placement=RankingOverride.Placement.ABOVE, reason=REASON,
                today=DECIDED_ON - datetime.timedelta(days=14))
    if not portfolio_year.ranking_decisions.exists():
        actions_ranking.decide_ranking(portfolio_year=portfolio_year, decided_on=DECIDED_ON,
                                       decision=_council_decision(portfolio_year.council))


def _follow_up_done():
    initiative = Initiative.objects.filter(code="INI-2026-02").first()
    if initiative is None:
        return
    done_on = initiative.status_changed_on or datetime.date(2025, 6, 30)
    for benefit in initiative.benefits.order_by("pk"):
        for year, share in REACHED.items():
            measured_on = datetime.date(year, 12, 31) if year < 2026 else datetime.date(2026, 10, 31)
            if measured_on <= done_on:
                continue
            value = (benefit.baseline + (benefit.target - benefit.baseline) * share).quantize(Decimal("0.01"))
            actions_followup.record_outcome(
                benefit=benefit, year=year, value=value, measured_on=measured_on,
                note="Exempel: uppmätt av verksamhetens controller ur månadsrapporterna.")
    for cost in InitiativeCost.objects.filter(initiative=initiative, year__lte=2026).order_by("year"):
        # Exempel: the investment ran 8 % over the estimate, the running cost 3 % under.
        actions_followup.record_actual_cost(
            initiative=initiative, year=cost.year,
            actual_investment=cost.estimated_investment * 108 // 100,
            actual_running=cost.estimated_running * 97 // 100)


def build(region):
    _rank_2026()
    _follow_up_done()
