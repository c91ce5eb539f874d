"""What an organisation owns, uses and pays, this year against last (issue 10, item 5), as small multiples on
the organisation's page. Organisations (floor 1) knows none of it; costs knows all three: ownership and
consumption through services, the allocation from its own runs. Registered in ORGANISATION_PANELS.

- owns: services the organisation owned at the end of last year, and owns today (ownership periods);
- uses: services it used in the year: usage recorded for that year (costs.Usage), together with the
  register's consumer records as they stood at the year's end (their history) — today's for this year;
- pays: its cost allocated in the year's latest allocation run (outcome before budget).

Each is a handful of grouped queries whatever the region's size: nothing is read per service.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts
from services.models import Consumer, Ownership
from services.queries import in_force

from .models import AllocationLine, AllocationRun, Figure, Usage


def owned(organisation, days):
    """{day: services the organisation owned on that day}, in one query."""
    counts = Ownership.objects.filter(organisation=organisation).aggregate(**{
        f"d{i}": Count("service", distinct=True, filter=in_force(day)) for i, day in enumerate(days)})
    return {day: counts[f"d{i}"] for i, day in enumerate(days)}


def _consumers_at(organisation, moment):
    """Services the organisation was a consumer of at `moment`, from the consumer records' history: the
    latest version of each record before then, unless that version is its deletion."""
    history = Consumer.history.model.objects
    latest = (history.filter(id=OuterRef("id"), history_date__lt=moment).order_by("-history_date", "-history_id")
              .values("history_id")[:1])
    return (history.filter(organisation=organisation, history_date__lt=moment, history_id=Subquery(latest))
            .exclude(history_type="-").values("service_id"))


def used(organisation, year, today):
    """Services the organisation used in `year`: recorded usage of the year, and consumer records (today's
    for the running year, as they stood at the year's end for a past one). One query: a UNION of the two
    lists of service ids, counted — each side read through its organisation index. For the running year, today's
    records (one per service and organisation) are counted bare and only usage of other services added: the UNION
    sorted a board's 16,000 service ids at 100,000 services to count them."""
    usage = Usage.objects.filter(organisation=organisation, year=year)
    if year >= today.year:
        consumers = Consumer.objects.filter(organisation=organisation)
        recorded = Exists(Consumer.objects.filter(organisation=organisation, service=OuterRef("service")))
        return consumers.count() + usage.filter(~recorded).values("service").distinct().count()
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    consumers = _consumers_at(organisation, end).values_list("service_id")
    return consumers.order_by().union(usage.values_list("service_id").order_by()).count()


def paid(organisation, years):
    """{year: öre allocated to the organisation in the year's latest run, or None without a run}."""
    runs = {}
    for run in (AllocationRun.objects.filter(year__in=years).order_by("year", "-created_at")
                .only("pk", "year", "figure")):
        best = runs.get(run.year)
        if best is None or (best.figure != Figure.OUTCOME and run.figure == Figure.OUTCOME):
            runs[run.year] = run
    # One sum per run, each read through the (run, organisation) index.
    return {year: (AllocationLine.objects.filter(run=runs[year], organisation=organisation)
                   .aggregate(s=Sum("amount_ore"))["s"] or 0) if year in runs else None for year in years}


def _kronor(ore):
    return None if ore is None else round(ore / 100)


def _small_chart(chart_id, title, description, header, labels, values, unit=""):
    return {
        "chart": charts.bar_chart(chart_id=chart_id, title=title, description=description, categories=labels,
                                  series=[(header, values)], unit=unit, width=2.8, height=2.0),
        "caption": title, "description": description,
        "headers": [_("Year"), header],
        "rows": [(label, charts.number_text(value, unit)) for label, value in zip(labels, values, strict=True)],
    }


def figures(organisation, today=None):
    """{"years", "owned", "used", "paid" (kronor or None)} for last year and this, each [last, this]."""
    today = today or datetime.date.today()
    last, this = today.year - 1, today.year
    owned_on = owned(organisation, [datetime.date(last, 12, 31), today])
    pays = paid(organisation, [last, this])
    return {"years": [last, this], "owned": list(owned_on.values()),
            "used": [used(organisation, last, today), used(organisation, this, today)],
            "paid": [_kronor(pays[last]), _kronor(pays[this])]}


def organisation_charts(organisation, today=None):
    """The three small charts (owns, uses, pays), or [] when the organisation has none of them in either year."""
    numbers = figures(organisation, today)
    last, this = numbers["years"]
    if not any(numbers["owned"] + numbers["used"]) and not any(numbers["paid"]):
        return []
    labels = [str(last), _("%(year)s so far") % {"year": this}]
    name = organisation.name
    text = charts.number_text
    return [
        _small_chart(f"owns-{organisation.pk}", _("Services owned"),
                     _("%(name)s owned %(last)s services at the end of %(last_year)s and owns %(this)s today.") % {
                         "name": name, "last": text(numbers["owned"][0]), "last_year": last,
                         "this": text(numbers["owned"][1])},
                     _("Services owned"), labels, numbers["owned"]),
        _small_chart(f"uses-{organisation.pk}", _("Services used"),
                     _("%(name)s used %(last)s services in %(last_year)s and %(this)s in %(this_year)s.") % {
                         "name": name, "last": text(numbers["used"][0]), "last_year": last,
                         "this": text(numbers["used"][1]), "this_year": this},
                     _("Services used"), labels, numbers["used"]),
        _small_chart(f"pays-{organisation.pk}", _("Cost allocated"),
                     _("%(name)s was allocated %(last)s in %(last_year)s and %(this)s in %(this_year)s.") % {
                         "name": name, "last": text(numbers["paid"][0], "kr"), "last_year": last,
                         "this": text(numbers["paid"][1], "kr"), "this_year": this},
                     _("Cost allocated (kr)"), labels, numbers["paid"], unit="kr"),
    ]


def organisation_panel(request, organisation):
    return render_to_string("costs/_organisation_chart.html", {
        "organisation": organisation, "small_charts": organisation_charts(organisation)}, request=request)
