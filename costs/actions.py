"""Write use-cases for costs. The allocation run reads everything it needs in a handful of queries,
splits in memory (costs.allocation.split) and writes its lines in bulk, all in one transaction."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import BigIntegerField, F
from django.db.models.functions import Cast, Round
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import access
from core.bulk import analyze, insert_rows
from core.versioning import claim
from services.models import Consumer

from . import queries
from .allocation import integer_weights, share_text, split
from .models import AllocationKey, AllocationLine, AllocationRun, CostLine, Figure, FundingModel, Usage

LINE_COLUMNS = ["run_id", "service_id", "organisation_id", "cost_type", "method", "driver", "volume", "share",
                "amount_ore"]


def _raw(queryset):
    """The queryset's rows as the driver returns them. A million consumers through Django's per-row converters
    cost 1.5 s of a run's 5.8 s reading (docs/decisions/0035); the columns read this way are integers and text,
    which need none."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    # Unordered (.order_by()): the models' default order joins organisations to sort a million rows by name, and
    # split() sorts its keys itself.
    for service_id, driver_id, org_id, volume in _raw(Usage.objects.filter(year=year).annotate(h=hundredths)
                                                      .values_list("service_id", "driver_id", "organisation_id", "h")
                                                      .order_by()):
        usage[(service_id, driver_id)][org_id] = volume
    consumers = defaultdict(dict)
    for service_id, org_id, volume, unit in _raw(Consumer.objects.annotate(h=hundredths).values_list(
            "service_id", "organisation_id", "h", "unit").order_by()):
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
    run.organisation_totals = queries.organisation_totals(run)  # the lines just written: their index is warm
    run.save(update_fields=["total_cost_ore", "allocated_ore", "problems", "organisation_totals"])
    # Statistics from a sample: read whole, every run's lines would be read again after each run (ADR 0035).
    analyze(AllocationLine, sample=1000)
    return run


# Cost lines, funding models with their keys, drivers, usage and the final run (issue 13): what finance and the
# governance office change in the web interface. Costs are their figures, so the one question is
# core.access.may_change_costs (as the API's FinanceWrites asks); every rule is checked here and by the model's
# constraints, never only in a form.

def refuse_unless_finance(user):
    if not access.may_change_costs(user):
        raise PermissionDenied(_("Only finance and administrators change costs."))


@transaction.atomic
def save_cost_line(*, user, line):
    """Create `line`, or store its changes over the version it carries (StaleVersion when someone was first)."""
    refuse_unless_finance(user)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def delete_record(*, user, record):
    """Delete a cost line, funding model (with its keys), driver or usage row, after the page has asked."""
    refuse_unless_finance(user)
    record.delete()


@transaction.atomic
def save_driver(*, user, driver):
    refuse_unless_finance(user)
    driver.full_clean()
    driver.save()
    return driver


def percent_text(value):
    """90, not 9E+1; 33,3 in Swedish."""
    return formats.number_format(Decimal(f"{value.normalize():f}"), use_l10n=True)


def key_sum(percents):
    return sum((p for p in percents if p is not None), Decimal(0))


@transaction.atomic
def save_funding_model(*, user, model, keys):
    """Store a funding model and its whole key: `keys` is [(organisation, percent)].

    A fixed key must name each organisation once and sum to exactly 100 %; any other method has no key (what was
    there goes). The model's row version guards the key too: the key is edited with its model and saving claims
    the model's version, so two people editing one key cannot both win."""
    refuse_unless_finance(user)
    errors = {}
    organisations = [organisation for organisation, _percent in keys]
    if len({o.pk for o in organisations}) != len(organisations):
        errors["keys"] = _("Each organisation may appear only once in the key.")
    elif model.method == FundingModel.Method.FIXED_KEY:
        total = key_sum(percent for _organisation, percent in keys)
        if not keys:
            errors["keys"] = _("A fixed allocation key needs at least one organisation.")
        elif total != 100:
            errors["keys"] = _("The key sums to %(sum)s %%, not 100 %%.") % {"sum": percent_text(total)}
    elif keys:
        errors["keys"] = _("Only a fixed allocation key has percentages; remove them or choose that method.")
    if errors:
        raise ValidationError(errors)
    model.full_clean()
    model.save()
    wanted = {organisation.pk: percent for organisation, percent in keys}
    for key in model.keys.all():
        if key.organisation_id not in wanted:
            key.delete()
        elif key.percent != wanted[key.organisation_id]:
            key.percent = wanted.pop(key.organisation_id)
            key.save()
        else:
            wanted.pop(key.organisation_id)
    for organisation_id, percent in wanted.items():
        key = AllocationKey(funding_model=model, organisation_id=organisation_id, percent=percent)
        key.full_clean(exclude=["funding_model"])
        key.save()
    return model


@transaction.atomic
def save_usage(*, user, service, year, driver, rows):
    """One service's usage of one year in one driver, as a table: all rows or none.

    `rows` is [(usage or None, organisation, volume or None)]: a usage with a volume is changed over the version
    it carries, one without a volume goes, a new organisation with a volume is added. Any bad row or stale
    version refuses the whole table (a ValidationError naming the row, nothing stored)."""
    refuse_unless_finance(user)
    seen = set()
    for number, (usage, organisation, volume) in enumerate(rows, start=1):
        try:
            if organisation.pk in seen:
                raise ValidationError({"organisation": _("%(org)s is already on another row.")
                                       % {"org": organisation}})
            seen.add(organisation.pk)
            if usage is not None and volume is None:
                claim(usage, usage.row_version)  # a row someone changed meanwhile is not silently removed
                usage.delete()
                continue
            if volume is None:
                continue
            usage = usage or Usage(service=service, year=year, driver=driver)
            usage.organisation, usage.volume = organisation, volume
            usage.full_clean()
            usage.save()
        except ValidationError as error:
            raise ValidationError(_("Row %(n)s (%(org)s): %(errors)s")
                                  % {"n": number, "org": organisation, "errors": " ".join(error.messages)}) \
                from error
    return len(seen)


@transaction.atomic
def mark_final(*, run, user):
    """Mark `run` as the one finance takes for its year and figure. A run marked before it for the same year and
    figure goes back to draft in the same transaction (docs/decisions/0032): the later run, made after a
    correction, is the one to invoice, and the bill always says which run it shows."""
    if not access.may_change_costs(user):
        raise PermissionDenied(_("Only finance and administrators mark an allocation run as final."))
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if run.is_final:
        return run
    (AllocationRun.objects.select_for_update().filter(year=run.year, figure=run.figure, final_at__isnull=False)
     .update(final_at=None, final_by=None))
    run.final_at, run.final_by = timezone.now(), user
    run.save(update_fields=["final_at", "final_by"])
    return run
