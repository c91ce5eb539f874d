"""The figures of the digitalisation and innovation bokslut (002 §11): one year, for the region or one board.

`gather(year, organisation)` reads everything the document and its spreadsheet show, in a fixed number of
set-based queries whatever the size of the register (grouped counts, never a loop over services); the PDF
(reports/pdf.py) and the XLSX (reports/xlsx.py) only lay it out, so both carry the same figures.

With an organisation the bokslut is that board's: its own indicators and the region's (000 §4.2: boards
may set their own on top of the region's), the deviations of those, its services, its rule findings and its
costs. The digitalisation grade is the region's composite (002 §7.1.1) and is shown as it is.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import registry
from costs.models import AllocationLine
from costs.queries import latest_run
from indicators import queries as indicator_queries
from indicators.models import YEAR_MAX, YEAR_MIN, Deviation, Indicator, IndicatorYear, Outcome
from organisations.models import Domain, Organisation
from rules import queries as rule_queries
from rules.models import RuleSnapshot
from services.models import Service
from services.queries import ownership_on

TOP = 15  # rows of a breakdown shown one by one; the rest are summed in one row
TREND_YEARS = 5  # the grade and each indicator are shown over this many years up to the bokslut's year
HistoricalService = Service.history.model


class ReportError(ValueError):
    """Input the bokslut cannot be made for: said in words to the command line and the page."""


def region():
    return Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("code").first()


def organisation_by_code(code):
    found = Organisation.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise ReportError(_("No organisation has the code %(code)s.") % {"code": (code or "")[:40]})
    return found


def check_year(year):
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise ReportError(_("The year must be between %(first)s and %(last)s.") % {"first": YEAR_MIN, "last": YEAR_MAX})
    return year


def gather(year, organisation=None, today=None):
    """Every figure of the bokslut for `year`, for the region (organisation None) or one organisation."""
    check_year(year)
    today = today or datetime.date.today()
    # The register is read as it stood at the year's end, or today for the running year.
    period_end = min(datetime.date(year, 12, 31), today)
    indicators = _indicators(organisation)
    years = _years(indicators, year)
    data = {
        "year": year,
        "organisation": organisation,
        "region": region(),
        "made_on": today,
        "period_end": period_end,
        "years": years,
        "grade": _grade(year, years),
        "focus_areas": _indicator_figures(indicators, years, year),
        "deviations": _deviations(indicators, year),
        "rules": _rules(year, organisation, period_end, today),
        "register": _register(year, organisation, period_end, today),
        "costs": _costs(year, organisation),
    }
    data["summary"] = _summary(data)
    return data


# Indicators ----------------------------------------------------------------------------------------------

def _indicators(organisation):
    indicators = Indicator.objects.filter(active=True).select_related("owner", "focus_area")
    if organisation is not None:
        indicators = indicators.filter(Q(owner=organisation) | Q(owner__kind=Organisation.Kind.REGION))
    # Indicators without a focus area come last, on every database.
    return list(indicators.order_by(F("focus_area__order").asc(nulls_last=True), "focus_area__code", "code"))


def _years(indicators, year):
    """The years of the trend: up to TREND_YEARS ending with `year`, from the first that holds any figure."""
    ids = [i.pk for i in indicators]
    first = min(filter(None, [
        IndicatorYear.objects.filter(indicator_id__in=ids, year__lte=year).aggregate(y=Min("year"))["y"],
        Outcome.objects.filter(indicator_id__in=ids, year__lte=year).aggregate(y=Min("year"))["y"],
    ]), default=year)
    return list(range(max(first, year - TREND_YEARS + 1), year + 1))


def reached(value, target, direction):
    if value is None or target is None:
        return None
    return value >= target if direction == Indicator.Direction.HIGHER else value <= target


def _indicator_figures(indicators, years, year):
    """[{"focus_area", "indicators": [{"indicator", "rows": [per year], "this": this year's row}]}]."""
    numbers = indicator_queries.figures([i.pk for i in indicators], years)
    areas = []
    for indicator in indicators:
        rows = []
        for y in years:
            figure = numbers[indicator.pk][y]
            outcome = figure["outcome"]
            value = outcome.value if outcome is not None else None
            rows.append({"year": y, "target": figure["target"], "outcome": value,
                         "period": outcome.period if outcome is not None else None,
                         "forecast": figure["forecast"], "forecast_by": figure["forecast_by"],
                         "forecast_at": figure["forecast_at"],
                         "reached": reached(value, figure["target"], indicator.direction)})
        entry = {"indicator": indicator, "rows": rows, "this": rows[-1]}
        if not areas or areas[-1]["focus_area"] != indicator.focus_area:
            areas.append({"focus_area": indicator.focus_area, "indicators": []})
        areas[-1]["indicators"].append(entry)
    return areas


def _grade(year, years):
    # The running year has no outcome yet for every part: its forecast stands in, and the document says so.
    this = indicator_queries.grade(year, use_forecast=True)
    parts = [p["indicator"].pk for p in this["parts"] if p["value"] is not None]
    measured = set(Outcome.objects.filter(indicator_id__in=parts, year=year).values_list("indicator_id", flat=True))
    forecast_for = [p["indicator"] for p in this["parts"] if p["value"] is not None and p["indicator"].pk not in measured]
    return {"this": this, "trend": indicator_queries.grade_trend(years, use_forecast_for=year),
            "forecast_for": forecast_for}


def _deviations(indicators, year):
    """The year's deviations, and those of earlier years still open: a deviation stays on the agenda until it
    is followed up (002 §11)."""
    carried = Q(year__lt=year, status=Deviation.Status.OPEN) | Q(year__lt=year, followed_up_on__year=year)
    deviations = (Deviation.objects.filter(Q(year=year) | carried, indicator__in=[i.pk for i in indicators])
                  .select_related("indicator", "indicator__owner").prefetch_related("actions")
                  .order_by("indicator__code", "basis", "period"))
    return list(deviations)


# Rules ---------------------------------------------------------------------------------------------------

def _rules(year, organisation, period_end, today):
    """The scorecard — share of services passing each rule — from the latest snapshot of the year (the daily
    one, rules.actions.take_snapshot), with the first snapshot of the year beside it, and the monthly trend.
    The running year without any snapshot is counted live."""
    snapshots = RuleSnapshot.objects.filter(taken_on__gte=datetime.date(year, 1, 1), taken_on__lte=period_end)
    if organisation is not None:
        snapshots = snapshots.filter(owner=organisation)
    days = snapshots.aggregate(first=Min("taken_on"), last=Max("taken_on"))
    rules = {rule.id: rule for rule in registry.rules()}
    scorecard, taken_on = [], days["last"]
    if taken_on is not None:
        last = _rule_totals(snapshots.filter(taken_on=days["last"]))
        first = _rule_totals(snapshots.filter(taken_on=days["first"]))
        for rule_id in sorted(set(last) | set(rules)):
            applicable, failing = last.get(rule_id, (0, 0))
            first_a, first_f = first.get(rule_id, (0, 0))
            scorecard.append(_score_row(rules.get(rule_id), rule_id, applicable, failing,
                                        rule_queries.share(first_a, first_f)))
    elif year == today.year:
        services = _owned(organisation, today) if organisation is not None else None
        for rule, applicable, failing in rule_queries.counts(today, services=services):
            scorecard.append(_score_row(rule, rule.id, applicable, failing, None))
        taken_on = today
    totals = snapshots.values("taken_on").annotate(a=Sum("applicable"), f=Sum("failing")).order_by("taken_on")
    monthly = {}
    for row in totals:  # at most one row per day of one year: the last day of each month stands for it
        monthly[row["taken_on"].month] = (row["taken_on"], row["a"], row["f"])
    trend = [{"month": month, "taken_on": day, "applicable": a, "failing": f, "share": rule_queries.share(a, f)}
             for month, (day, a, f) in sorted(monthly.items())]
    return {"taken_on": taken_on, "first_on": days["first"], "scorecard": scorecard, "trend": trend}


def _rule_totals(snapshots):
    return {rule: (a, f) for rule, a, f in snapshots.values("rule").annotate(a=Sum("applicable"), f=Sum("failing"))
            .values_list("rule", "a", "f").order_by()}


def _score_row(rule, rule_id, applicable, failing, share_at_start):
    return {"id": rule_id, "text": rule.text if rule else rule_id, "source": rule.source if rule else "",
            "severity": rule.severity if rule else "", "applicable": applicable, "failing": failing,
            "passing": applicable - failing, "share": rule_queries.share(applicable, failing),
            "share_at_start": share_at_start}


# The register ---------------------------------------------------------------------------------------------

def _owned(organisation, on):
    return ownership_on(on).filter(organisation=organisation).values("service_id")


def _register_rows(period_end, today):
    """id, phase and domain of every service as it stood at period_end: the register itself for the running
    year; for a past year the last historical record of each service up to the year's end."""
    if period_end >= today:
        return Service.objects.all()
    last = (HistoricalService.objects.filter(history_date__lt=_moment(period_end + datetime.timedelta(days=1)))
            .values("id")
            .annotate(last=Max("history_id")).values("last"))
    return HistoricalService.objects.filter(history_id__in=last).exclude(history_type="-")


def _moment(day):
    """The first moment of a day in the region's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _register(year, organisation, period_end, today):
    rows = _register_rows(period_end, today)
    history = HistoricalService.objects.all()
    if organisation is not None:
        owned = _owned(organisation, period_end)
        rows, history = rows.filter(id__in=owned), history.filter(id__in=owned)
    phases = dict(rows.values_list("phase").annotate(n=Count("id")).order_by())
    by_phase = [{"name": label, "code": code, "n": phases[code]} for code, label in Service.Phase.choices
                if code in phases]
    domains = dict(rows.values_list("domain_id").annotate(n=Count("id")).order_by())
    names = Domain.objects.in_bulk(domains)
    by_domain = _top(sorted(({"name": names[pk].name if pk in names else "–", "n": n} for pk, n in domains.items()),
                            key=lambda row: (-row["n"], row["name"])), _("Other domains"))
    owners = dict(ownership_on(period_end).filter(service_id__in=rows.values("id")).values_list("organisation_id")
                  .annotate(n=Count("service_id")).order_by())
    organisations = Organisation.objects.in_bulk(owners)
    by_owner = _top(sorted(({"name": organisations[pk].name, "n": n} for pk, n in owners.items()),
                           key=lambda row: (-row["n"], row["name"])), _("Other owners"))
    total = sum(phases.values())
    # Compared as moments, not dates: a cast of every group's first moment to a date costs seconds at 100,000.
    start, end = _moment(datetime.date(year, 1, 1)), _moment(datetime.date(year + 1, 1, 1))
    new = history.values("id").annotate(first=Min("history_date")).filter(first__gte=start, first__lt=end).count()
    decommissioned = (history.filter(phase=Service.Phase.DECOMMISSIONED).values("id")
                      .annotate(first=Min("history_date")).filter(first__gte=start, first__lt=end).count())
    return {"total": total, "by_phase": by_phase, "by_domain": by_domain, "by_owner": by_owner,
            "without_owner": total - sum(owners.values()), "new": new, "decommissioned": decommissioned,
            "in_production": phases.get(Service.Phase.IN_PRODUCTION, 0)}


# Costs ---------------------------------------------------------------------------------------------------

def _costs(year, organisation):
    """Cost allocated per board (for a board: per service it pays for) in the year's latest outcome run, with
    the change since the previous year's. Amounts in öre."""
    run, previous = latest_run(year), latest_run(year - 1)
    key = "organisation" if organisation is None else "service"

    def totals(of):
        if of is None:
            return {}
        lines = AllocationLine.objects.filter(run=of)
        if organisation is not None:
            lines = lines.filter(organisation=organisation)
        return dict(lines.values_list(key).annotate(s=Sum("amount_ore")).order_by())

    now, before = totals(run), totals(previous)
    ordered = sorted(set(now) | set(before), key=lambda pk: (-(now.get(pk) or 0), -(before.get(pk) or 0), pk))
    shown, rest = ordered[:TOP], ordered[TOP:]
    model = Organisation if organisation is None else Service
    names = {pk: str(obj) for pk, obj in model.objects.in_bulk(shown).items()}
    rows = [_cost_row(names.get(pk, "–"), now.get(pk), before.get(pk)) for pk in shown]
    if rest:
        label = _("Others (%(count)s)") % {"count": len(rest)}
        rows.append(_cost_row(label, sum(now.get(pk, 0) for pk in rest) if run else None,
                              sum(before.get(pk, 0) for pk in rest) if previous else None))
    total, previous_total = sum(now.values()), sum(before.values())
    return {"run": run, "previous_run": previous, "by": key, "rows": rows, "total": total if run else None,
            "previous_total": previous_total if previous else None,
            "change": total - previous_total if run and previous else None}


def _cost_row(name, amount, earlier):
    change = amount - earlier if amount is not None and earlier is not None else None
    percent = (Decimal(change * 100) / earlier).quantize(Decimal("0.1")) if change is not None and earlier else None
    return {"name": name, "amount": amount, "previous": earlier, "change": change, "change_percent": percent}


def _top(rows, rest_label):
    """The TOP largest rows and the rest summed in one: a table a board can read, whatever the register's size."""
    if len(rows) <= TOP + 1:
        return rows
    rest = rows[TOP:]
    return rows[:TOP] + [{"name": f"{rest_label} ({len(rest)})", "n": sum(row["n"] for row in rest)}]


# Summary -------------------------------------------------------------------------------------------------

def _summary(data):
    """The key figures the summary puts in sentences."""
    entries = [entry for area in data["focus_areas"] for entry in area["indicators"]]
    with_target = [e for e in entries if e["this"]["reached"] is not None]
    trend = [value for _year, value in data["grade"]["trend"]]
    previous_grade = trend[-2] if len(trend) > 1 else None
    grade_value = data["grade"]["this"]["value"]
    deviations = data["deviations"]
    open_ = [d for d in deviations if d.status == Deviation.Status.OPEN]
    return {
        "indicators": len(entries),
        "measured": len(with_target),
        "reached": sum(1 for e in with_target if e["this"]["reached"]),
        "grade": grade_value,
        "previous_grade": previous_grade,
        "grade_change": grade_value - previous_grade if grade_value is not None and previous_grade is not None
        else None,
        "deviations": len(deviations),
        "open_deviations": len(open_),
        "without_plan": sum(1 for d in open_ if not d.actions.all()),
        "services": data["register"]["total"],
        "in_production": data["register"]["in_production"],
        "new": data["register"]["new"],
        "decommissioned": data["register"]["decommissioned"],
        "cost": data["costs"]["total"],
        "cost_change": data["costs"]["change"],
    }
