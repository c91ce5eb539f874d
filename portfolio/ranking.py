"""The region's ranking of a year's initiatives against the capacity line (004 §2.3; docs/decisions/0026).

Who is ranked: every initiative with a value assessment for the year that has a score, whatever board proposed
it, unless it is stopped or done (those no longer compete for the year's money).

The order is total, the same on SQLite and PostgreSQL, because it is made here in Python and not by the
database's collation:
  1. council placements "above the line" first, then the initiatives without a placement, then the placements
     "below the line" last;
  2. within each of those three groups: weighted score, highest first; then the lower cost for the year first
     (the cheaper of two equally valued initiatives leaves more room); then the earlier assessment
     (`assessed_on`) first; then the code, compared character by character (Unicode code points), which is
     unique and so breaks every remaining tie.

The cost for the year is the initiative's estimated investment + estimated running cost of that year
(InitiativeCost, öre; 0 when none is recorded). The cumulative cost is the running sum down the whole list.

The capacity line: walking down the list, an initiative without a placement is above the line while the
cumulative cost including it stays within the year's capacity; the first one that does not fit draws the line,
and every initiative without a placement after it is below — a line, not a packing: a smaller initiative further
down that would still fit is not lifted past a better-ranked one; the council lifts it with a placement.
A placement "below" is always below the line.

A placement "above" that does not fit: the council's placement stands. The initiative is above the line even when
its cost takes the cumulative past the capacity; the ranking then reports the capacity as exceeded (`overdrawn`,
in öre) and, since placements come first, no initiative without a placement fits above the line after it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .models import Initiative, InitiativeCost, RankingOverride, ValueAssessment

ABOVE, BELOW = RankingOverride.Placement.ABOVE, RankingOverride.Placement.BELOW
NOT_RANKED = [Initiative.Status.STOPPED, Initiative.Status.DONE]
_GROUP = {ABOVE: 0, "": 1, BELOW: 2}


@dataclass(slots=True)
class Row:
    initiative_id: int
    code: str
    title: str
    status: str
    proposer_id: int
    proposer_code: str
    proposer_name: str
    score: Decimal
    cost: int
    assessed_on: datetime.date
    placement: str = ""
    reason: str = ""
    position: int = 0
    cumulative: int = 0
    above_line: bool = False
    focus_areas: list = field(default_factory=list)
    link: str = ""

    @property
    def key(self):
        return (_GROUP[self.placement], -self.score, self.cost, self.assessed_on, self.code)


@dataclass
class Ranking:
    year: int
    capacity: int
    rows: list
    above_cost: int = 0
    overdrawn: int = 0

    @property
    def above(self):
        return [row for row in self.rows if row.above_line]

    @property
    def line_after(self):
        """The position after which the line is drawn (0: nothing above it)."""
        return max((row.position for row in self.rows if row.above_line), default=0)


def candidates(portfolio_year):
    """The year's ranked assessments as Rows (unordered): three plain queries — the assessments with their
    initiatives, the year's costs, the year's placements — joined here by initiative, which is several times
    faster than correlated subqueries on both databases."""
    assessments = (ValueAssessment.objects.filter(portfolio_year=portfolio_year, score__isnull=False)
                   .exclude(initiative__status__in=NOT_RANKED).order_by()
                   .values_list("initiative_id", "initiative__code", "initiative__title", "initiative__status",
                                "initiative__proposer_id", "initiative__proposer__code",
                                "initiative__proposer__name", "score", "assessed_on"))
    costs = {pk: (investment or 0) + (running or 0) for pk, investment, running in InitiativeCost.objects.filter(
        year=portfolio_year.year, initiative__assessments__portfolio_year=portfolio_year).order_by().values_list(
        "initiative_id", "estimated_investment", "estimated_running")}
    placements = {pk: (placement, reason) for pk, placement, reason in RankingOverride.objects.filter(
        portfolio_year=portfolio_year).order_by().values_list("initiative_id", "placement", "reason")}
    # Positional arguments and slotted Rows: at 5,000 rows keyword arguments and per-instance dicts were a third
    # of the ranking's time. The score comes back as a Decimal from both backends' converters.
    unplaced = ("", "")
    return [Row(pk, code, title, status, proposer_id, proposer_code, proposer_name, score, costs.get(pk, 0),
                assessed_on, *placements.get(pk, unplaced))
            for pk, code, title, status, proposer_id, proposer_code, proposer_name, score, assessed_on
            in assessments]


def rank(portfolio_year):
    """The year's ranking as it stands now (see the module's text for the order and the line)."""
    return line(candidates(portfolio_year), portfolio_year.year, portfolio_year.capacity)


def line(rows, year, capacity):
    """Order `rows` and draw the capacity line over them (pure: the tests check it by hand)."""
    group = _GROUP.__getitem__
    rows.sort(key=lambda row: (group(row.placement), -row.score, row.cost, row.assessed_on, row.code))
    cumulative, open_line = 0, True
    ranking = Ranking(year=year, capacity=capacity, rows=rows)
    for position, row in enumerate(rows, start=1):
        cumulative += row.cost
        row.position, row.cumulative = position, cumulative
        if row.placement == ABOVE:
            row.above_line = True
        elif row.placement == BELOW:
            row.above_line = False
        else:
            open_line = open_line and cumulative <= capacity
            row.above_line = open_line
        if row.above_line:
            ranking.above_cost += row.cost
    ranking.overdrawn = max(0, ranking.above_cost - capacity)
    return ranking
