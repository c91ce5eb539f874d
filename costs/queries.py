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


def summary(run):
    """[(organisation, amount öre)] for every organisation billed in the run, largest first."""
    totals = dict(AllocationLine.objects.filter(run=run).values_list("organisation").annotate(s=Sum("amount_ore"))
                  .order_by())
    organisations = Organisation.objects.in_bulk(totals)
    return sorted(((organisations[o], amount) for o, amount in totals.items()), key=lambda row: -row[1])


def service_distribution(run, service):
    return (AllocationLine.objects.filter(run=run, service=service).values("organisation__name")
            .annotate(amount=Sum("amount_ore")).order_by("-amount"))


def comparison(run, previous, organisation):
    """What changed for one organisation since the previous run, and why, per service (the whole bill; the page
    reads it a page at a time through queries_bill)."""
    from . import queries_bill

    return queries_bill.explain(queries_bill.per_service(run, previous, organisation), run, previous, organisation,
                                with_lines=False)
