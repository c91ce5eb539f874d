"""Write use-cases for costs. The allocation run reads everything it needs in a handful of queries,
splits in memory (costs.allocation.split) and writes its lines in bulk, all in one transaction."""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import BigIntegerField, F
from django.db.models.functions import Cast, Round

from core.bulk import analyze, insert_rows
from services.models import Consumer

from .allocation import integer_weights, share_text, split
from .models import AllocationKey, AllocationLine, AllocationRun, CostLine, Figure, FundingModel, Usage

LINE_COLUMNS = ["run_id", "service_id", "organisation_id", "cost_type", "method", "driver", "volume", "share",
                "amount_ore"]


def _inputs(year, figure):
    costs = defaultdict(list)
    for service_id, cost_type, amount in (CostLine.objects.filter(year=year, figure=figure, amount_ore__gt=0)
                                          .order_by("service_id", "cost_type")
                                          .values_list("service_id", "cost_type", "amount_ore")):
        costs[service_id].append((cost_type, amount))
    models = {fm["service_id"]: fm for fm in FundingModel.objects.filter(year=year).values(
        "id", "service_id", "method", "driver_id", "driver__code", "funder_id")}
    keys = defaultdict(dict)
    for fm_id, org_id, percent in AllocationKey.objects.filter(funding_model__year=year).values_list(
            "funding_model_id", "organisation_id", "percent"):
        keys[fm_id][org_id] = percent
    # Volumes are read as hundredths in whole numbers: the database does the scaling, Python splits
    # integers, and a million consumers cost no million Decimal objects.
    hundredths = Cast(Round(F("volume") * 100), BigIntegerField())
    usage = defaultdict(dict)
    for service_id, driver_id, org_id, volume in Usage.objects.filter(year=year).annotate(h=hundredths).values_list(
            "service_id", "driver_id", "organisation_id", "h"):
        usage[(service_id, driver_id)][org_id] = volume
    consumers = defaultdict(dict)
    for service_id, org_id, volume, unit in Consumer.objects.annotate(h=hundredths).values_list(
            "service_id", "organisation_id", "h", "unit"):
        consumers[service_id][org_id] = (volume, unit)
    return costs, models, keys, usage, consumers


def _volume_text(hundredths):
    return None if hundredths is None else f"{hundredths // 100}.{hundredths % 100:02d}"


def _weights(service_id, model, keys, usage, consumers):
    """(weights {organisation: weight}, volumes shown on the bill or None, problems)."""
    method = model["method"]
    if method == FundingModel.Method.COMMON:
        return {model["funder_id"]: 1}, None, []
    if method == FundingModel.Method.FIXED_KEY:
        key = keys.get(model["id"], {})
        total = sum(key.values(), Decimal(0))
        if total != 100:
            return {}, None, [{"problem": "key_not_100", "detail": f"{total} %"}]
        return key, None, []
    if method == FundingModel.Method.EQUAL_SHARE:
        return dict.fromkeys(consumers.get(service_id, {}), 1), None, []
    # Volume: the year's usage as entered or imported, else the register's consumer records in that unit.
    volumes = usage.get((service_id, model["driver_id"]))
    if volumes is None:
        volumes = {org: volume for org, (volume, unit) in consumers.get(service_id, {}).items()
                   if unit == model["driver__code"]}
    zero = sorted(org for org, volume in volumes.items() if volume == 0)
    problems = [{"problem": "zero_volume", "organisation_id": org} for org in zero]
    return {org: v for org, v in volumes.items() if v > 0}, volumes, problems


@transaction.atomic
def run_allocation(*, year, figure=Figure.OUTCOME, user=None, progress=None):
    costs, models, keys, usage, consumers = _inputs(year, figure)
    run = AllocationRun.objects.create(year=year, figure=figure, created_by=user, total_cost_ore=0, allocated_ore=0)
    problems, rows, total, allocated = [], [], 0, 0
    run_id = run.pk
    for service_id, cost_lines in costs.items():
        service_total = sum(amount for _, amount in cost_lines)
        total += service_total
        model = models.get(service_id)
        if model is None:
            problems.append({"service_id": service_id, "problem": "no_funding_model", "amount_ore": service_total})
            continue
        weights, volumes, found = _weights(service_id, model, keys, usage, consumers)
        problems.extend({"service_id": service_id, **p} for p in found)
        weight_sum = sum(weights.values())
        if not weights or weight_sum == 0:
            problems.append({"service_id": service_id, "problem": "no_consumers", "amount_ore": service_total})
            continue
        weights = integer_weights(weights)
        weight_sum = sum(weights.values())
        shares = {org: share_text(w, weight_sum) for org, w in weights.items()}
        driver = model["driver__code"] or ""
        shown = {org: _volume_text(v) for org, v in volumes.items()} if volumes is not None else {}
        method = model["method"]
        append = rows.append
        for cost_type, amount in cost_lines:
            for org, part in split(amount, weights).items():
                append((run_id, service_id, org, cost_type, method, driver, shown.get(org), shares[org], part))
            allocated += amount
        if len(rows) >= 50_000:
            insert_rows(AllocationLine, LINE_COLUMNS, rows, prepared=True)
            rows = []
        if progress is not None:
            progress.update(1)
    insert_rows(AllocationLine, LINE_COLUMNS, rows, prepared=True)
    run.total_cost_ore, run.allocated_ore, run.problems = total, allocated, problems
    run.save(update_fields=["total_cost_ore", "allocated_ore", "problems"])
    analyze(AllocationLine)
    return run
