"""What stops if X stops: the panel on the service page and the full pages with their exports.

A service's integrations and dependencies are its security details (architecture/registration.py), so its
impact is too: for a service shielded from the user the panel says so and the page refuses. Among the
services reached, those shielded from the user are counted but not named (docs/decisions/0023)."""

import datetime

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access, exports
from core.views import paged
from lifecycle.models import Component
from services.models import Service

from . import graph_svg, impact

PICTURE_DEPTH = 2  # the picture shows the nearest levels; the table and the full page show them all
PICTURE_PER_LEVEL = 8
PANEL_ROWS = 10
REFUSED = gettext_lazy("This service handles sensitive information: what it is connected to is shown only to its "
                       "owner's people, administrators, auditors and security officers.")


class ImpactForm(forms.Form):
    """The full page's and the API's parameters; anything it cannot read is refused, never a 500."""

    direction = forms.ChoiceField(label=gettext_lazy("Direction"), required=False, choices=[
        (impact.STOPS, gettext_lazy("What stops if it stops")), (impact.NEEDS, gettext_lazy("What it needs"))])
    q = forms.CharField(label=gettext_lazy("Name contains"), required=False, max_length=200)
    depth = forms.IntegerField(label=gettext_lazy("Depth"), required=False, min_value=1, max_value=10_000)
    criticality = forms.ChoiceField(label=gettext_lazy("Criticality"), required=False,
                                    choices=[("", "–"), *Service.Criticality.choices])
    sort = forms.ChoiceField(label=gettext_lazy("Sort"), required=False,
                             choices=[(s, s) for s in impact.SORTS])

    def value(self, name, default=None):
        return self.cleaned_data.get(name) or default


def _picture(chart_id, start, result, title):
    """The nearest levels as SVG, with the nodes drawn (for the table beside it)."""
    near = [row for row in impact.sorted_rows(result.visible, "depth") if row.depth <= PICTURE_DEPTH]
    columns = []
    for depth in range(1, PICTURE_DEPTH + 1):
        level = [row for row in near if row.depth == depth][:PICTURE_PER_LEVEL]
        if level:
            columns.append(level)
    drawn = [row for column in columns for row in column]
    criticality = dict(Service.Criticality.choices)
    nodes = [[{"id": row.id, "name": row.name, "criticality": row.criticality,
               "criticality_label": str(criticality.get(row.criticality, "")),
               "url": Service(pk=row.id).get_absolute_url()} for row in column] for column in columns]
    ids = {row.id for row in drawn} | {start.pk}
    edges = [(0 if a == start.pk else a, 0 if b == start.pk else b) for a, b in impact.edges_among(ids)]
    if isinstance(start, Component):  # a component's services hang from it, not by edges of the graph
        edges += [(0, row.id) for row in drawn if row.depth == 1]
    more = result.total - len(drawn)
    description = _("%(start)s: %(total)s services in all; %(levels)s.") % {
        "start": start, "total": result.total,
        "levels": "; ".join(_("depth %(d)s: %(n)s") % {"d": d, "n": n} for d, n in result.per_depth()) or "–"}
    svg = graph_svg.draw(chart_id=chart_id, start_name=str(start), columns=nodes, edges=edges, more=more,
                         title=title, description=description)
    return svg, drawn


def _section(chart_id, start, result, title):
    svg, drawn = _picture(chart_id, start, result, title) if result.total else ("", [])
    rows = impact.sorted_rows(result.visible, "depth")[:PANEL_ROWS]
    found = impact.details(rows)
    return {"title": title, "result": result, "svg": svg, "drawn": drawn,
            "rows": [(row, found[row.id]) for row in rows], "more": max(0, len(result.visible) - len(rows))}


def service_panel(request, service):
    if not access.may_see_details(request.user, service):
        return render_to_string("architecture/_impact_panel.html", {"service": service, "refused": REFUSED},
                                request=request)
    stops = impact.stops_if(service, request.user, cycles=False)
    needs = impact.needs(service, request.user, cycles=False)
    # A cycle through the service: reached both ways. Both walks are at hand, so no third query.
    back = {row.id for row in needs.rows}
    members = [row for row in stops.rows if row.id in back]
    stops.cycle = sorted((row for row in members if not row.hidden), key=lambda row: row.name)
    stops.cycle_hidden = len(members) - len(stops.cycle)
    return render_to_string("architecture/_impact_panel.html", {
        "service": service,
        "stops": _section("impact-stops", service, stops, _("What stops if %(name)s stops") % {"name": service}),
        "needs": _section("impact-needs", service, needs, _("What %(name)s needs") % {"name": service}),
        "components": impact.components_of(service, needs.rows)[:20],
    }, request=request)


def _start(request, pk, component):
    if component:
        return get_object_or_404(Component, pk=pk)
    service = get_object_or_404(Service, pk=pk)
    if not access.may_see_details(request.user, service):
        raise PermissionDenied(REFUSED)
    return service


def _result(request, start, form):
    direction = form.value("direction", impact.STOPS)
    if isinstance(start, Component) or direction == impact.STOPS:
        return impact.stops_if(start, request.user)
    return impact.needs(start, request.user)


def _rows(form, result):
    rows = impact.filtered(result.visible, depth=form.value("depth"), criticality=form.value("criticality"),
                           q=form.value("q"))
    return impact.sorted_rows(rows, form.value("sort", "depth"))


def _sort_links(request, current):
    links = {}
    for column in ("depth", "criticality", "name"):
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{column}" if current == column else column
        state = "ascending" if current == column else "descending" if current == f"-{column}" else "none"
        links[column] = {"query": query.urlencode(), "state": state}
    return links


@login_required
def impact_page(request, pk, component=False):
    start = _start(request, pk, component)
    form = ImpactForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    if not form.is_bound:
        form.cleaned_data = {}
    result = _result(request, start, form) if valid else impact.Impact(impact.STOPS, [])
    rows = _rows(form, result) if valid else []
    context = paged(request, rows)
    page_rows = list(context["page"].object_list)
    found = impact.details(page_rows)
    context.update(
        start=start, component=component, form=form, result=result,
        direction=form.value("direction", impact.STOPS) if valid and not component else impact.STOPS,
        rows=[(row, found[row.id]) for row in page_rows], boards=impact.boards(result.rows),
        sort=_sort_links(request, form.value("sort", "depth") if valid else "depth"),
        export_name="architecture:impact-component-export" if component else "architecture:impact-export",
    )
    return render(request, "architecture/impact.html", context)


HEADER = [gettext_lazy("Depth"), gettext_lazy("Service"), gettext_lazy("External id"), gettext_lazy("Criticality"),
          gettext_lazy("Owner"), gettext_lazy("Consuming boards")]


def export_rows(rows):
    """Rows for the file, in chunks of 5,000 services: owners and boards are read per chunk, set-based."""
    criticality = dict(Service.Criticality.choices)
    for start in range(0, len(rows), 5000):
        chunk = rows[start:start + 5000]
        found = impact.details(chunk)
        for row in chunk:
            info = found[row.id]
            boards = ", ".join(f"{name} ({exports.csv_text(volume)} {unit})" for name, volume, unit, _code in info["boards"])
            yield [row.depth, row.name, info["external_id"], str(criticality.get(row.criticality, row.criticality)),
                   info["owner"] or "", boards]


@login_required
def impact_export(request, pk, fmt, component=False):
    start = _start(request, pk, component)
    form = ImpactForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    rows = _rows(form, _result(request, start, form))
    header = [str(h) for h in HEADER]
    name = f"paverkan-{'komponent-' if component else ''}{start.pk}-{datetime.date.today()}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exports.write_csv(response, header, export_rows(rows))
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        exports.write_xlsx(response, _("Impact"), header, export_rows(rows))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
