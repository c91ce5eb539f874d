"""The rules as charts (issue 10, item 5): findings over time on the overview, the share passing per rule over
time on the rules page and an owner's scorecard, where each rule stands on a scorecard.

Each function returns the context of core/_chart.html (chart, caption, headers, rows) — the SVG with a title
and a description that says the gist in words, and the table of the same numbers — or None when there is
nothing to draw, so the page says so in a sentence instead of showing an empty chart. The trends read the
daily snapshots (RuleSnapshot): a region of 100,000 services is not checked live for a chart.
"""

from django.db.models import Sum
from django.utils.translation import gettext as _

from core import charts, registry

from . import queries
from .models import RuleSnapshot

SHARE_AXIS = (0, 100)
DAY_LABELS = 6


def _day(day):
    return day.isoformat()


def _percent(value):
    return "–" if value is None else f"{value} %"


def _movement(first, last):
    """'rose', 'fell' or 'stayed' in words; which of them is good is for the reader."""
    if last > first:
        return _("rose")
    if last < first:
        return _("fell")
    return _("stayed")


def findings_trend(days=30):
    """The number of findings per day of the last `days` snapshots, with the share passing in the table."""
    trend = queries.trend(days)
    if not trend:
        return None
    first, last = trend[0], trend[-1]
    if len(trend) == 1:
        description = _("%(findings)s findings on %(day)s; %(share)s passed.") % {
            "findings": last[2], "day": _day(last[0]), "share": _percent(last[3])}
    else:
        description = _("Findings %(movement)s from %(first)s to %(last)s between %(start)s and %(end)s; "
                        "the share passing went from %(first_share)s to %(last_share)s.") % {
            "movement": _movement(first[2], last[2]), "first": first[2], "last": last[2],
            "start": _day(first[0]), "end": _day(last[0]), "first_share": _percent(first[3]),
            "last_share": _percent(last[3])}
    title = _("Findings over time")
    return {
        "chart": charts.line_chart(chart_id="findings-trend", title=title, description=description,
                                   x_labels=[_day(d) for d, *_rest in trend], series=[(_("Findings"),
                                   [f for _d, _a, f, _s in trend])], max_x_labels=DAY_LABELS, height=2.6,
                                   y_range=(0, None)),  # from zero: a flat line of 38 is not a cliff
        "caption": title, "description": description,
        "headers": [_("Date"), _("Checks"), _("Findings"), _("Share passing")],
        "rows": [(_day(d), a, f, _percent(s)) for d, a, f, s in trend],
    }


def _snapshots_per_rule(days, owner):
    """{rule id: [(day, applicable, failing)]} over the last `days` snapshot days, in two grouped queries."""
    snapshots = RuleSnapshot.objects.all() if owner is None else RuleSnapshot.objects.filter(owner=owner)
    taken = list(snapshots.order_by("-taken_on").values_list("taken_on", flat=True).distinct()[:days])
    if not taken:
        return [], {}
    per_rule = {}
    for rule, day, a, f in (snapshots.filter(taken_on__gte=min(taken)).values_list("rule", "taken_on")
                            .annotate(a=Sum("applicable"), f=Sum("failing")).order_by("rule", "taken_on")):
        per_rule.setdefault(rule, {})[day] = (a, f)
    return sorted(taken), per_rule


def rule_trends(days=30, owner=None):
    """One small chart per rule: its share passing per snapshot day (region-wide, or of the services `owner`
    owned that day). Every chart has the same 0–100 % axis, so they compare at a glance."""
    taken, per_rule = _snapshots_per_rule(days, owner)
    result = []
    for rule in registry.rules():
        by_day = per_rule.get(rule.id)
        if not by_day or not any(a for a, _f in by_day.values()):
            continue
        rows = [(day, *by_day.get(day, (0, 0))) for day in taken]
        shares = [queries.share(a, f) for _d, a, f in rows]
        known = [(day, s) for (day, _a, _f), s in zip(rows, shares, strict=True) if s is not None]
        (start, first), (end, last) = known[0], known[-1]
        if start == end:
            description = _("%(rule)s: %(share)s passed on %(day)s.") % {
                "rule": rule.id, "share": _percent(last), "day": _day(end)}
        else:
            description = _("%(rule)s: the share passing %(movement)s from %(first)s to %(last)s between "
                            "%(start)s and %(end)s.") % {
                "rule": rule.id, "movement": _movement(first, last), "first": _percent(first),
                "last": _percent(last), "start": _day(start), "end": _day(end)}
        title = f"{rule.id} {rule.text}"
        result.append({
            "rule": rule,
            "chart": charts.line_chart(chart_id=f"trend-{rule.id}", title=title, description=description,
                                       x_labels=[_day(d) for d in taken], series=[(_("Share passing"), shares)],
                                       unit="%", y_range=SHARE_AXIS, max_x_labels=3, width=3.6, height=1.8),
            "caption": rule.id, "description": description,
            "headers": [_("Date"), _("Checks"), _("Findings"), _("Share passing")],
            "rows": [(_day(d), a, f, _percent(s)) for (d, a, f), s in zip(rows, shares, strict=True)],
        })
    return result


def scorecard_now(rows, name):
    """Where each rule stands on a scorecard: the share passing per rule, as horizontal bars. `rows` are the
    scorecard's (rule, applicable, failing, share); rules that apply to none of its services are left out."""
    rows = [row for row in rows if row[1]]
    if not rows:
        return None
    lowest = min(row[3] for row in rows)
    description = _("%(count)s rules apply to the services of %(name)s; met least, by %(share)s: %(rules)s.") % {
        "count": len(rows), "name": name, "share": _percent(lowest),
        "rules": ", ".join(r.id for r, _a, _f, s in rows if s == lowest)}
    title = _("Share passing per rule: %(name)s") % {"name": name}
    return {
        "chart": charts.bar_chart(chart_id="scorecard-now", title=title, description=description,
                                  categories=[r.id for r, *_rest in rows], series=[(_("Share passing"),
                                  [s for *_rest, s in rows])], unit="%", horizontal=True, width=5.6),
        "caption": title, "description": description,
        "headers": [_("Rule"), _("Applies to"), _("Findings"), _("Share passing")],
        "rows": [(r.id, a, f, _percent(s)) for r, a, f, s in rows],
    }
