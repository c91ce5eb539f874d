"""Pages of maturity results (issue 12 point 6): a unit's result with its radar chart, the heat map of units ×
categories, comparisons between units and between rounds, and the exchange of aggregated results with other
organisations. They read stored Result rows (maturity.queries_results); anyone signed in reads them. What is not
comparable across model versions is said on the page, never compared silently (maturity.comparison)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core import access, charts
from core import exports as export_writer
from core.views import paged
from organisations.models import Organisation

from . import exchange
from . import queries_results as queries
from .comparison import NotComparable, comparability
from .models import ExternalResult, MaturityModel, Round, Unit

HEAT_PAGE = 50
MAX_COMPARED_UNITS = 12


def _round(pk):
    return get_object_or_404(Round.objects.select_related("model"), pk=pk)


def _number(value):
    return charts.number_text(value) if value is not None else "–"


@login_required
def unit_result(request, round_pk, unit_pk):
    """A unit's categories and dimensions, the radar chart of its categories against its previous round on the same
    model and, when chosen, the region's mean or another organisation's results."""
    rnd = _round(round_pk)
    unit = get_object_or_404(Unit.objects.select_related("organisation"), pk=unit_pk)
    previous = queries.previous_round(rnd, unit)
    other_key = (request.GET.get("other") or "").replace("\x00", "")[:300]
    other, other_label = None, ""
    if other_key == "region":
        other, other_label = (None, {level: queries.region_means(rnd, level) for level in
                                     ("point", "category", "dimension")} | {"total": {}}), _("Mean of the region's units")
    elif other_key:
        model, found = queries.external_figures(rnd.model.code, other_key)
        if model is not None:
            other, other_label = (model, found), other_key.replace("|", " ")
    rows = queries.unit_rows(rnd, unit, previous, other)
    scale = queries.scale_of(rnd.model)
    cats = rows["category"]
    series = [(rnd.name, [r["mean"] for r in cats])]
    if previous:
        series.append((previous.name, [r["previous"] for r in cats]))
    if other:
        series.append((other_label, [r["other"] for r in cats]))
    description = "; ".join(f"{r['item'].name}: " + ", ".join(
        f"{label} {_number(values[i])}" for label, values in series) for i, r in enumerate(cats))
    chart = charts.radar_chart(
        chart_id="radar", title=_("%(unit)s by category") % {"unit": unit.name}, description=description,
        categories=[r["item"].name for r in cats], series=series, scale=scale)
    headers = [_("Category")] + [label for label, _values in series]
    table = [[r["item"].name] + [_number(values[i]) for _label, values in series] for i, r in enumerate(cats)]
    context = {"round": rnd, "unit": unit, "previous": previous, "rows": rows, "chart": chart,
               "chart_headers": headers, "chart_rows": table, "other_key": other_key, "other_label": other_label,
               "other_choices": queries.external_choices(rnd.model.code),
               "changed_points": rows["previous_comparability"].changed_points if previous else [],
               "other_changed": rows["other_comparability"].changed_points if rows["other_comparability"] else [],
               "plan": rnd.plans.filter(unit=unit).first()}
    return render(request, "maturity/result_unit.html", context)


def _organisation(request):
    value = (request.GET.get("organisation") or "").replace("\x00", "").strip()[:40]
    return Organisation.objects.filter(code__iexact=value).first() if value else None, value


def heat_table(rnd, round_units):
    cats = queries.categories(rnd.model)
    scale = queries.scale_of(rnd.model)
    units = list(round_units)
    figures = queries.heat_rows(rnd, [ru.unit_id for ru in units], cats)
    rows = [{"unit": ru.unit, "cells": [(r, queries.heat_class(r.mean if r else None, scale))
                                         for r in figures[ru.unit_id]]} for ru in units]
    return cats, rows


@login_required
def heatmap(request, round_pk):
    """Units × categories of a round, a page at a time, narrowed by organisation or a unit's name."""
    rnd = _round(round_pk)
    organisation, typed = _organisation(request)
    text = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    error = _("No organisation has the code %(code)s.") % {"code": typed} if typed and not organisation else ""
    page = paged(request, queries.round_units(rnd, organisation, text), HEAT_PAGE)
    cats, rows = heat_table(rnd, page["page"].object_list)
    context = {"round": rnd, "categories": cats, "rows": rows, "organisation": typed, "q": text, "error": error,
               "organisations": Organisation.objects.filter(maturity_units__round_units__round=rnd).distinct()
               .order_by("name").values_list("code", "name"), **page}
    return render(request, "maturity/heatmap.html", context, status=400 if error else 200)


def _send(fmt, name, header, rows):
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        export_writer.write_csv(response, header, rows)
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        export_writer.write_xlsx(response, name, header, rows)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def heatmap_export(request, round_pk, fmt):
    rnd = _round(round_pk)
    organisation, _typed = _organisation(request)
    cats = queries.categories(rnd.model)
    units = queries.round_units(rnd, organisation)

    def rows():
        chunk = 500
        listed = list(units)
        for start in range(0, len(listed), chunk):
            part = listed[start:start + chunk]
            figures = queries.heat_rows(rnd, [ru.unit_id for ru in part], cats)
            for ru in part:
                yield [ru.unit.code, ru.unit.name, ru.unit.organisation.name] + [
                    r.mean if r else None for r in figures[ru.unit_id]]

    return _send(fmt, "mognad-varmekarta", ["unit_code", "unit", "organisation"] + [c.code for c in cats], rows())


def _compared_units(request, rnd):
    """The units typed ("Name (CODE)" or the code), those assessed in the round, and the codes not found."""
    codes = []
    for value in request.GET.getlist("unit")[:MAX_COMPARED_UNITS]:
        text = value.replace("\x00", "").strip()[:400]
        code = text.rsplit("(", 1)[-1].rstrip(")").strip() if text.endswith(")") else text
        if code and code not in codes:
            codes.append(code)
    found = {u.code: u for u in Unit.objects.filter(round_units__round=rnd, code__in=codes)}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def compare_data(rnd, units, other_round):
    """The comparison's rows: per category of `rnd`, each unit's mean, or — with `other_round` — the region's mean
    in both rounds and the change where the category is comparable. Raises NotComparable for different models."""
    cats = queries.categories(rnd.model)
    if other_round is not None:
        verdict = comparability(rnd.model, other_round.model)
        now, then = queries.region_means(rnd), queries.region_means(other_round)
        point_now, point_then = queries.region_means(rnd, "point"), queries.region_means(other_round, "point")
        rows = [{"item": c, "values": [now.get(c.code), then.get(c.code) if verdict.categories.get(c.code) else None],
                 "comparable": verdict.categories.get(c.code, False)} for c in cats]
        for row in rows:
            a, b = row["values"]
            row["change"] = (a - b) if a is not None and b is not None else None
        point_rows = [{"item": p, "values": [point_now.get(p.code),
                                             point_then.get(p.code) if verdict.points.get(p.code) else None],
                       "comparable": verdict.points.get(p.code, False)} for p in queries.points(rnd.model)]
        return {"rows": rows, "points": point_rows, "verdict": verdict}
    figures = queries.heat_rows(rnd, [u.pk for u in units], cats)
    rows = [{"item": c, "values": [figures[u.pk][i].mean if figures[u.pk][i] else None for u in units]}
            for i, c in enumerate(cats)]
    return {"rows": rows, "points": [], "verdict": None}


@login_required
def compare(request, round_pk, export=None):
    """Chosen units side by side in a round, or the round against another round (by the region's means)."""
    rnd = _round(round_pk)
    units, unknown = _compared_units(request, rnd)
    other_pk = request.GET.get("other_round") or ""
    other_round = Round.objects.select_related("model").filter(pk=int(other_pk)).first() if (
        other_pk.isascii() and other_pk.isdigit() and len(other_pk) < 10) else None
    refusal = ""
    data = {"rows": [], "points": [], "verdict": None}
    try:
        if other_round is not None or units:
            data = compare_data(rnd, units, other_round)
    except NotComparable:
        refusal = _("%(a)s and %(b)s measure with different models (%(ca)s, %(cb)s): their results are not "
                    "compared.") % {"a": rnd, "b": other_round, "ca": rnd.model.code, "cb": other_round.model.code}
    if export:
        if refusal or unknown:
            return HttpResponse(refusal or _("Unknown units: %(codes)s") % {"codes": ", ".join(unknown)},
                                status=400, content_type="text/plain; charset=utf-8")
        labels = [rnd.name, other_round.name, "change", "comparable"] if other_round else [u.code for u in units]
        def rows():
            for r in data["rows"]:
                flags = [r["change"], _("yes") if r["comparable"] else _("no")] if other_round else []
                yield [r["item"].code, r["item"].name] + r["values"] + flags

        return _send(export, "mognad-jamforelse", ["category_code", "category"] + labels, rows())
    context = {"round": rnd, "units": units, "unknown": unknown, "other_round": other_round, "refusal": refusal,
               "rounds": Round.objects.exclude(pk=rnd.pk).select_related("model").order_by("-period_end"),
               "query": request.GET.urlencode(), **data,
               "changed_points": data["verdict"].changed_points if data["verdict"] else []}
    return render(request, "maturity/compare.html", context, status=400 if refusal or unknown else 200)


@login_required
def external(request):
    """Other organisations' results on the region's models (imported sets), the import form for administrators,
    and the export of a round's aggregated results in the exchange format."""
    may_import = access.may_write(request.user) and access.may_administer(request.user)
    result = None
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied(_("Only administrators may import other organisations' results."))
        model_pk = request.POST.get("model") or ""
        model = MaturityModel.objects.filter(pk=int(model_pk)).first() if model_pk.isascii() and model_pk.isdigit() and len(
            model_pk) < 10 else None
        upload = request.FILES.get("file")
        if model is None or upload is None:
            messages.error(request, _("Choose the model version and a file."))
        else:
            result = exchange.import_external(user=request.user, model=model, name=upload.name, data=upload.read())
            if result.stored:
                messages.success(request, _("%(count)s figures were imported.") % {"count": result.created})
                return redirect("maturity:external")
    sets = (ExternalResult.objects.values("model__code", "model__version", "model__name",
                                                  "organisation_name", "period")
            .annotate(figures=Count("pk"), imported=Max("imported_at"))
            .order_by("model__code", "organisation_name", "period"))
    context = {"sets": sets, "may_import": may_import, "result": result,
               "models": MaturityModel.objects.order_by("code", "-version"),
               "rounds": Round.objects.select_related("model").order_by("-period_end"),
               "min_respondents": exchange.MIN_RESPONDENTS}
    return render(request, "maturity/external.html", context,
                  status=400 if result is not None and result.errors else 200)


@login_required
def exchange_export(request, round_pk, fmt):
    """A round's aggregated results in the exchange format (docs/maturity-exchange.md)."""
    rnd = _round(round_pk)
    name = (request.GET.get("organisation") or "").replace("\x00", "").strip()[:200] or _region_name()
    return _send(fmt, f"mognad-utbyte-{rnd.period_end.year}", exchange.COLUMNS, exchange.export_rows(rnd, name))


def _region_name():
    region = Organisation.objects.filter(kind=Organisation.Kind.REGION).order_by("pk").first()
    return region.name if region else _("The region")
