"""Reads of the benefit follow-up shared by its pages, API and export: per initiative and year, outcomes against
expected benefits and actual cost against estimate."""

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery

from .filters_followup import FOLLOWED, FollowupFilter
from .models import Initiative, InitiativeCost


def followed(data, year):
    """(filterset, queryset): the initiatives followed up (decided, in progress or done), annotated for `year`
    with the estimated and actual cost and how many of their benefits have an outcome for the year."""
    costs = InitiativeCost.objects.filter(initiative=OuterRef("pk"), year=year)
    rows = (Initiative.objects.filter(status__in=FOLLOWED).select_related("owner")
            .annotate(estimated_investment=Subquery(costs.values("estimated_investment")[:1]),
                      estimated_running=Subquery(costs.values("estimated_running")[:1]),
                      actual_investment=Subquery(costs.values("actual_investment")[:1]),
                      actual_running=Subquery(costs.values("actual_running")[:1]),
                      benefit_count=Count("benefits", distinct=True),
                      measured_count=Count("benefits__outcomes__benefit", filter=Q(benefits__outcomes__year=year),
                                           distinct=True))
            .order_by("code"))
    filterset = FollowupFilter(data or None, queryset=rows)
    return filterset, (filterset.qs if filterset.is_bound and filterset.is_valid() else rows)


def _sum(*amounts):
    known = [a for a in amounts if a is not None]
    return sum(known) if known else None


def cost_figures(row):
    estimated = _sum(row.estimated_investment, row.estimated_running)
    actual = _sum(row.actual_investment, row.actual_running)
    return estimated, actual, (actual - (estimated or 0)) if actual is not None else None


def progress(benefit, value):
    """How far from baseline towards target `value` has come, in percent (100 = target reached); None when
    baseline and target are equal. The direction says which way is better; the arithmetic is the same."""
    span = benefit.target - benefit.baseline
    if span == 0 or value is None:
        return None
    return ((Decimal(value) - benefit.baseline) / span * 100).quantize(Decimal("0.1"))


def benefits_of(initiative):
    """The initiative's benefits, each with its outcomes by year and the latest outcome's progress."""
    benefits = list(initiative.benefits.prefetch_related("outcomes").order_by("kind", "pk"))
    for benefit in benefits:
        benefit.rows = sorted(benefit.outcomes.all(), key=lambda o: o.year)
        for outcome in benefit.rows:
            outcome.progress = progress(benefit, outcome.value)
            outcome.after_done = (initiative.status == Initiative.Status.DONE and initiative.status_changed_on
                                  and outcome.measured_on > initiative.status_changed_on)
    return benefits


EXPORT_HEADER = ["initiative", "benefit", "description", "measure", "unit", "direction", "baseline", "target",
                 "target_year", "year", "value", "measured_on", "note"]


def outcome_export_rows(initiatives, year):
    """One row per benefit of `initiatives` with its outcome of `year` (empty when none): the columns the outcome
    import reads, so the file can be filled in and imported back."""
    from .models import Benefit, BenefitOutcome

    outcomes = {o.benefit_id: o for o in BenefitOutcome.objects.filter(
        year=year, benefit__initiative__in=initiatives)}
    for benefit in Benefit.objects.filter(initiative__in=initiatives).select_related("initiative").order_by(
            "initiative__code", "pk"):
        outcome = outcomes.get(benefit.pk)
        yield [benefit.initiative.code, benefit.pk, benefit.description, benefit.measure, benefit.unit,
               benefit.direction, benefit.baseline, benefit.target, benefit.target_year, year,
               outcome.value if outcome else None, outcome.measured_on if outcome else None,
               outcome.note if outcome else ""]
