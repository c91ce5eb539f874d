"""The bokslut's figures as a spreadsheet: the same figures as the PDF, one sheet per part, written by the one
export writer (core.exports: numbers as numbers, text never a formula)."""

import io

from django.utils.translation import gettext as _

from core import exports, registry


def _yes_no(value):
    return "" if value is None else (_("Yes") if value else _("No"))


def _kr(ore):
    return None if ore is None else round(ore / 100)


def sheets(data):
    s = data["summary"]
    summary = [
        (_("Year"), data["year"]),
        (_("Organisation"), (data["organisation"] or data["region"]).name if (data["organisation"] or data["region"])
         else ""),
        (_("Made"), data["made_on"]),
        (_("The register as of"), data["period_end"]),
        (_("Digitalisation grade"), s["grade"]),
        (_("Digitalisation grade the year before"), s["previous_grade"]),
        (_("Indicators"), s["indicators"]),
        (_("Indicators with outcome and target"), s["measured"]),
        (_("Indicators that reached their target"), s["reached"]),
        (_("Deviations"), s["deviations"]),
        (_("Open deviations"), s["open_deviations"]),
        (_("Open deviations without an action plan"), s["without_plan"]),
        (_("Services"), s["services"]),
        (_("Services in production"), s["in_production"]),
        (_("New services during the year"), s["new"]),
        (_("Services decommissioned during the year"), s["decommissioned"]),
        (_("Cost allocated (kr)"), _kr(s["cost"])),
        (_("Change since the year before (kr)"), _kr(s["cost_change"])),
    ]
    grade = [(year, value) for year, value in data["grade"]["trend"]]
    parts = [(p["indicator"].code, p["indicator"].name, p["weight"], p["value"], p["target"], p["score"], p["points"])
             for p in data["grade"]["this"]["parts"]]
    indicators = [
        (entry["indicator"].code, entry["indicator"].name,
         area["focus_area"].name if area["focus_area"] else "", entry["indicator"].unit, row["year"], row["target"],
         row["outcome"], row["forecast"], _yes_no(row["reached"]))
        for area in data["focus_areas"] for entry in area["indicators"] for row in entry["rows"]
    ]
    deviations = [(d.indicator.code, d.year, d.get_basis_display(), d.period, d.value, d.target, d.opened_on,
                   d.get_status_display(), d.cause_analysis, len(d.actions.all())) for d in data["deviations"]]
    actions = [(d.indicator.code, d.year, d.get_basis_display(), a.action, a.responsible, a.due, a.get_status_display())
               for d in data["deviations"] for a in d.actions.all()]
    scorecard = [(r["id"], r["text"], r["applicable"], r["failing"], r["share"], r["share_at_start"])
                 for r in data["rules"]["scorecard"]]
    trend = [(t["taken_on"], t["applicable"], t["failing"], t["share"]) for t in data["rules"]["trend"]]
    register = data["register"]
    figures = ([(_("Phase"), row["name"], row["n"]) for row in register["by_phase"]]
               + [(_("Owner"), row["name"], row["n"]) for row in register["by_owner"]]
               + [(_("Domain"), row["name"], row["n"]) for row in register["by_domain"]])
    costs = [(row["name"], _kr(row["amount"]), _kr(row["previous"]), _kr(row["change"]), row["change_percent"])
             for row in data["costs"]["rows"]]
    definitions = [(_("Indicator"), e["indicator"].code, e["indicator"].name, e["indicator"].definition,
                    e["indicator"].source) for area in data["focus_areas"] for e in area["indicators"]]
    definitions += [(_("Rule"), rule.id, rule.text, "", rule.source) for rule in registry.rules()]
    year = data["year"]
    return [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (_("Digitalisation grade"), [_("Year"), _("Digitalisation grade")], grade),
        (_("Parts of the grade"), [_("Code"), _("Indicator"), _("Weight"), _("Value"), _("Target"), _("Attainment"),
                                   _("Points")], parts),
        (_("Indicators"), [_("Code"), _("Indicator"), _("Focus area"), _("Unit"), _("Year"), _("Target"),
                           _("Outcome"), _("Forecast"), _("Target reached")], indicators),
        (_("Deviations"), [_("Indicator"), _("Year"), _("Basis"), _("Period"), _("Value"), _("Target"), _("Opened"),
                           _("Status"), _("Analysis of causes"), _("Actions")], deviations),
        (_("Action plans"), [_("Indicator"), _("Year"), _("Basis"), _("Action"), _("Responsible"), _("Due date"),
                             _("Status")], actions),
        (_("Rules"), [_("Rule"), _("Text"), _("Applies to"), _("With a finding"), _("Passing (%)"),
                      _("At the start of the year (%)")], scorecard),
        (_("Rule trend"), [_("Measured"), _("Checks"), _("With a finding"), _("Passed (%)")], trend),
        (_("Register"), [_("Grouped by"), _("Group"), _("Services")], figures),
        (_("Costs"), [_("Board") if data["costs"]["by"] == "organisation" else _("Service"), f"{year} (kr)",
                      f"{year - 1} (kr)", _("Change (kr)"), _("Change (%)")], costs),
        (_("Definitions"), [_("Kind"), _("Code"), _("Name"), _("Definition"), _("Source")], definitions),
    ]


def render(data):
    stream = io.BytesIO()
    exports.write_xlsx_book(stream, sheets(data))
    return stream.getvalue()
