"""Reads of allocation runs: bills per organisation, the region-wide summary, year-over-year change."""

from django.db.models import Sum

from organisations.models import Organisation

from .models import AllocationLine, AllocationRun


def latest_run(year, figure="outcome"):
    return AllocationRun.objects.filter(year=year, figure=figure).order_by("-created_at").first()


def final_run(year, figure="outcome"):
    return AllocationRun.objects.filter(year=year, figure=figure, final_at__isnull=False).first()


def bill_run(year, figure="outcome"):
    """The run a bill of the year shows when none is named: the final one, else the latest (a draft)."""
    return final_run(year, figure) or latest_run(year, figure)


def bill_lines(run, organisation=None):
    lines = AllocationLine.objects.filter(run=run).select_related("service", "organisation")
    if organisation is not None:
        lines = lines.filter(organisation=organisation)
    return lines.order_by("organisation__name", "service__name", "cost_type")


def organisation_totals(run):
    """[[organisation id, öre], …] of the run's lines, largest first (then by id): grouped from the lines."""
    totals = (AllocationLine.objects.filter(run=run).values_list("organisation").annotate(s=Sum("amount_ore"))
              .order_by())
    return sorted(([o, amount] for o, amount in totals), key=lambda row: (-row[1], row[0]))


def summary(run):
    """[(organisation, amount öre)] for every organisation billed in the run, largest first: as the run stored
    them when it wrote its lines, or grouped from the lines for a run that did not."""
    totals = run.organisation_totals if run.organisation_totals is not None else organisation_totals(run)
    organisations = Organisation.objects.in_bulk([o for o, _ in totals])
    return [(organisations[o], amount) for o, amount in totals]


def service_distribution(run, service):
    return (AllocationLine.objects.filter(run=run, service=service).values("organisation__name")
            .annotate(amount=Sum("amount_ore")).order_by("-amount"))


def comparison(run, previous, organisation):
    """What changed for one organisation since the previous run, and why, per service (the whole bill; the page
    reads it a page at a time through queries_bill)."""
    from . import queries_bill

    return queries_bill.explain(queries_bill.per_service(run, previous, organisation), run, previous, organisation,
                                with_lines=False)
