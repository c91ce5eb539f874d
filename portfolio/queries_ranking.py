"""Reads of the ranking shared by its page, API and exports."""

from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from . import ranking as ranking_module
from .filters_ranking import RankingFilter
from .models import Initiative, PortfolioYear, RankedEntry


def initiative_link(pk):
    """The initiative's page (portfolio:initiative), or "" where that page is not installed."""
    try:
        return reverse("portfolio:initiative", args=[pk])
    except NoReverseMatch:
        return ""


def latest_year():
    return PortfolioYear.objects.select_related("council").order_by("-year").first()


def filtered(portfolio_year, data):
    """(filterset, ranking, rows): the year's ranking and the rows of it the filters leave, in ranked order.
    An invalid filter leaves every row (the form shows its error)."""
    result = ranking_module.rank(portfolio_year)
    filterset = RankingFilter(data or None, queryset=Initiative.objects.all())
    rows = result.rows
    if filterset.is_bound and filterset.is_valid():
        chosen = filterset.form.cleaned_data
        # The board is on every row already, and a focus area is one indexed look-up in the link table: only the
        # text search needs the FilterSet's query over the initiatives (at 5,000 rows it was most of a board view).
        if chosen.get("proposer"):
            rows = [row for row in rows if row.proposer_id == chosen["proposer"].pk]
        if chosen.get("focus_area"):
            keep = set(Initiative.focus_areas.through.objects.filter(
                focusarea=chosen["focus_area"]).values_list("initiative_id", flat=True))
            rows = [row for row in rows if row.initiative_id in keep]
        if chosen.get("q"):
            keep = set(filterset.qs.values_list("pk", flat=True))
            rows = [row for row in rows if row.initiative_id in keep]
        if chosen.get("line"):
            rows = [row for row in rows if row.above_line == (chosen["line"] == "above")]
    return filterset, result, rows


def with_focus_areas(rows):
    """Give each of `rows` (one page) its focus areas' names, in one query."""
    names = {}
    for pk, name in Initiative.focus_areas.through.objects.filter(
            initiative_id__in=[row.initiative_id for row in rows]).order_by(
            "focusarea__order", "focusarea__code").values_list("initiative_id", "focusarea__name"):
        names.setdefault(pk, []).append(name)
    for row in rows:
        row.focus_areas = names.get(row.initiative_id, [])
        row.link = initiative_link(row.initiative_id)
    return rows


def kronor(ore):
    return (Decimal(ore) / 100).quantize(Decimal("0.01"))


EXPORT_HEADER = ["position", "code", "title", "proposer", "focus_areas", "score", "cost_sek", "cumulative_sek",
                 "above_line", "placement", "reason"]


def export_rows(rows):
    with_focus_areas(rows)
    for row in rows:
        yield [row.position, row.code, row.title, row.proposer_code, ", ".join(row.focus_areas), row.score,
               kronor(row.cost), kronor(row.cumulative), row.above_line, row.placement, row.reason]


def decided_entries(ranking):
    return (RankedEntry.objects.filter(ranking=ranking)
            .select_related("initiative", "initiative__proposer").order_by("position"))
