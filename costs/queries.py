"""Reads of allocation runs: bills per organisation, the region-wide summary, year-over-year change."""

from decimal import Decimal

from django.db.models import Sum

from organisations.models import Organisation

from .models import AllocationLine, AllocationRun, FundingModel


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


def _per_service(run, organisation):
    """{service_id: (organisation's amount, service's total, method)} in one run."""
    mine = dict(AllocationLine.objects.filter(run=run, organisation=organisation).values_list("service")
                .annotate(s=Sum("amount_ore")).order_by())
    totals = dict(AllocationLine.objects.filter(run=run, service__in=mine).values_list("service")
                  .annotate(s=Sum("amount_ore")).order_by())
    methods = dict(AllocationLine.objects.filter(run=run, organisation=organisation).values_list("service", "method")
                   .distinct())
    return {s: (mine[s], totals[s], methods[s]) for s in mine}


def comparison(run, previous, organisation):
    """What changed for one organisation since the previous run, and why, per service.

    The change in an organisation's amount splits exactly into a cost effect (the service cost more or
    less, at last year's share) and a volume effect (the organisation's share moved, at this year's
    cost): after − before = (C1 − C0)·s0 + C1·(s1 − s0). A changed funding model is named as the cause.
    """
    from services.models import Service

    now = _per_service(run, organisation)
    before = _per_service(previous, organisation) if previous else {}
    names = Service.objects.in_bulk(set(now) | set(before))
    rows = []
    for service_id in sorted(set(now) | set(before), key=lambda s: names[s].name):
        a1, c1, m1 = now.get(service_id, (0, 0, None))
        a0, c0, m0 = before.get(service_id, (0, 0, None))
        s0 = Decimal(a0) / c0 if c0 else Decimal(0)
        cost_effect = round((c1 - c0) * s0) if a0 and a1 else 0
        volume_effect = (a1 - a0) - cost_effect
        if not a0:
            reason = "new"
        elif not a1:
            reason = "ended"
        elif m0 != m1:
            reason = "model"
        elif abs(cost_effect) >= abs(volume_effect):
            reason = "cost"
        else:
            reason = "volume"
        rows.append({"service": names[service_id], "before": a0, "after": a1, "change": a1 - a0,
                     "cost_effect": cost_effect, "volume_effect": volume_effect, "reason": reason,
                     "method": dict(FundingModel.Method.choices).get(m1 or m0, "")})
    return rows
