"""The overview's panel of the digitalisation grade (issue 10, item 5): its trend over the years that have a
grade definition, as a chart with its table one click away. The running year's grade is also shown on its
forecasts, apart from the outcome, so a reader sees which figure is not yet final."""

import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import charts

from . import queries

GRADE_AXIS = (0, 100)


def _number(value):
    return "–" if value is None else f"{value}".replace(".", ",")


def grade_chart(today=None):
    """The context of core/_chart.html for the grade's trend, or None when no year has a grade definition."""
    years = queries.grade_years()
    if not years:
        return None
    this_year = (today or datetime.date.today()).year
    outcomes = [value for _year, value in queries.grade_trend(years)]
    forecasts = [queries.grade(year, use_forecast=True)["value"] if year == this_year else None for year in years]
    known = [(year, value) for year, value in zip(years, outcomes, strict=True) if value is not None]
    if not known:
        description = _("No year has outcomes for the grade's indicators yet.")
    elif len(known) == 1:
        description = _("The digitalisation grade was %(value)s in %(year)s.") % {
            "value": _number(known[0][1]), "year": known[0][0]}
    else:
        (first_year, first), (last_year, last) = known[0], known[-1]
        description = _("The digitalisation grade went from %(first)s in %(first_year)s to %(last)s in "
                        "%(last_year)s.") % {"first": _number(first), "first_year": first_year,
                                             "last": _number(last), "last_year": last_year}
    forecast = forecasts[years.index(this_year)] if this_year in years else None
    if forecast is not None:
        description += " " + _("On this year's forecasts it is %(value)s.") % {"value": _number(forecast)}
    series = [(_("Outcome"), outcomes)]
    if forecast is not None:
        series.append((_("Forecast"), forecasts))
    title = _("The digitalisation grade per year")
    return {
        "chart": charts.line_chart(chart_id="grade-trend", title=title, description=description, x_labels=years,
                                   series=series, y_range=GRADE_AXIS, height=2.6),
        "caption": title, "description": description,
        "headers": [_("Year"), _("Grade (outcome)"), _("Grade (forecast)")],
        "rows": [(year, _number(o), _number(f)) for year, o, f in zip(years, outcomes, forecasts, strict=True)],
    }


def grade_panel(request):
    return render_to_string("indicators/_grade_panel.html", {"grade_chart": grade_chart()}, request=request)
