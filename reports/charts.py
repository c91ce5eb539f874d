"""The bokslut's charts: vector SVG from core.charts, which WeasyPrint prints as vectors (sharp at any zoom) with
their text as text; reports/pdf.py puts each in the HTML as an image with its text alternative. Each chart's
description lists its numbers, and the document prints the table of the same numbers beside it."""

from django.utils.translation import gettext as _

from core.charts import bar_chart, line_chart

from .formatting import number


def grade_trend(grade):
    years = [year for year, _value in grade["trend"]]
    values = [value for _year, value in grade["trend"]]
    described = ", ".join(f"{year}: {number(value)}" for year, value in grade["trend"])
    return line_chart(chart_id="grade-trend", title=_("The digitalisation grade year by year"),
                      description=_("The digitalisation grade (0–100) per year. %(figures)s.") % {"figures": described},
                      x_labels=years, series=[(_("Digitalisation grade"), values)], width=6.4, height=2.6,
                      y_range=(0, 100))  # the whole scale, as on the overview: a point's change looks its size


def indicator_trend(entry, index):
    indicator, rows = entry["indicator"], entry["rows"]
    years = [row["year"] for row in rows]
    series = [(_("Outcome"), [row["outcome"] for row in rows])]
    if any(row["forecast"] is not None for row in rows):
        series.append((_("Forecast"), [row["forecast"] for row in rows]))
    targets = [row["target"] for row in rows]
    described = "; ".join(
        _("%(year)s: outcome %(outcome)s, target %(target)s, forecast %(forecast)s")
        % {"year": row["year"], "outcome": number(row["outcome"]), "target": number(row["target"]),
           "forecast": number(row["forecast"])} for row in rows)
    return line_chart(chart_id=f"indicator-{index}", title=_("%(name)s year by year") % {"name": indicator.name},
                      description=_("Outcome, forecast and target per year in %(unit)s. %(figures)s.")
                      % {"unit": indicator.unit, "figures": described},
                      x_labels=years, series=series, unit=indicator.unit,
                      target=targets if any(t is not None for t in targets) else None, width=6.0, height=2.2)


def rule_trend(trend):
    labels = [row["taken_on"].strftime("%Y-%m") for row in trend]
    described = ", ".join(f"{label}: {row['share']} %" for label, row in zip(labels, trend, strict=True))
    return line_chart(chart_id="rule-trend", title=_("Share of rule checks passed over the year"),
                      description=_("The share of applicable checks without a finding, the last measurement of each "
                                    "month. %(figures)s.") % {"figures": described},
                      x_labels=labels, series=[(_("Passed"), [row["share"] for row in trend])], unit="%",
                      width=6.4, height=2.4, y_range=(0, 100))


def scorecard(rows):
    described = ", ".join(f"{row['id']}: {row['share']} %" for row in rows if row["share"] is not None)
    return bar_chart(chart_id="rule-scorecard", title=_("Share of services passing each rule"),
                     description=_("The share of the services a rule applies to that pass it. %(figures)s.")
                     % {"figures": described}, categories=[row["id"] for row in rows],
                     series=[(_("Passing"), [row["share"] for row in rows])], unit="%", horizontal=True,
                     width=6.4, height=2.0)


def register_by_phase(rows):
    described = ", ".join(f"{row['name']}: {row['n']}" for row in rows)
    return bar_chart(chart_id="register-phase", title=_("Services per lifecycle phase"),
                     description=_("Number of services per phase. %(figures)s.") % {"figures": described},
                     categories=[str(row["name"]) for row in rows], series=[(_("Services"), [row["n"] for row in rows])],
                     horizontal=True, width=6.4, height=1.6)


def costs(rows, year):
    described = ", ".join(f"{row['name']}: {number(_kr(row['amount']), 0)} kr" for row in rows)
    return bar_chart(chart_id="costs", title=_("Cost allocated %(previous)s and %(year)s")
                     % {"previous": year - 1, "year": year},
                     description=_("Cost allocated in kronor per payer. %(figures)s.") % {"figures": described},
                     categories=[row["name"] for row in rows],
                     series=[(str(year - 1), [_kr(row["previous"]) for row in rows]),
                             (str(year), [_kr(row["amount"]) for row in rows])],
                     unit="kr", horizontal=True, width=6.4, height=2.0)


def _kr(ore):
    return None if ore is None else round(ore / 100)
