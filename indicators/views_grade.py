"""The digitalisation grade's page (002 §7.1.1): the grade per year and its trend, the parts of a chosen year with
what moved each since last year, the definition's versions, and — for administrators — the weights; and the
register's computed figures with the "compute now" button."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, charts, registry
from core.views import paged

from . import compute, grading, queries
from .forms_grade import WeightsForm, indicator_text
from .models import GradeDefinition, Indicator, Outcome


def _year(request, default):
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


def grade_with_change(year):
    """queries.grade(year) (the running year with forecasts where it has no outcome), each part with `change`:
    its points now less its points the year before (None when either is missing)."""
    running = datetime.date.today().year
    result = queries.grade(year, use_forecast=(year == running))
    before = queries.grade(year - 1, use_forecast=(year - 1 == running))
    previous = {part["indicator"].pk: part["points"] for part in before["parts"]}
    for part in result["parts"]:
        last = previous.get(part["indicator"].pk)
        part["change"] = part["points"] - last if part["points"] is not None and last is not None else None
    result["previous"] = before["value"]
    return result


def _trend_chart(years):
    trend = queries.grade_trend(years, use_forecast_for=datetime.date.today().year)
    caption = _("The digitalisation grade per year")
    chart = charts.line_chart(
        chart_id="grade-trend", title=caption,
        description=_("The digitalisation grade, 0–100, per year: %(values)s.") % {"values": ", ".join(
            f"{year} {formats.localize(value) if value is not None else '–'}" for year, value in trend)},
        x_labels=[year for year, _value in trend], series=[(_("Digitalisation grade"), [v for _y, v in trend])])
    return {"chart": chart, "caption": caption, "headers": [_("Year"), _("Digitalisation grade")],
            "rows": [(year, value if value is not None else "–") for year, value in trend]}


def _page(request, year, form=None, status=200):
    years = queries.grade_years()
    definition = queries.grade_definition(year)
    administrator = access.may_administer(request.user)
    if administrator and form is None:
        form = WeightsForm(year=year, definition=definition)
    versions = (GradeDefinition.objects.filter(year=year).select_related("created_by")
                .prefetch_related("weights__indicator").order_by("-version"))
    return render(request, "indicators/grade.html", {
        "year": year, "years": sorted(set(years) | {year}), "grade": grade_with_change(year),
        "trend": _trend_chart(years) if years else None, "versions": versions,
        "form": form if administrator else None,
        "may_copy": administrator and definition is None and queries.grade_definition(year - 1) is not None,
    }, status=status)


@login_required
def grade_page(request):
    years = queries.grade_years()
    this_year = datetime.date.today().year
    default = max((y for y in years if y <= this_year), default=years[-1] if years else this_year)
    return _page(request, _year(request, default))


def _administrator(request):
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Only administrators change the digitalisation grade's definition."))


@login_required
@require_POST
def grade_weights(request):
    _administrator(request)
    year = _year(request, datetime.date.today().year)
    form = WeightsForm(request.POST, year=year, definition=queries.grade_definition(year))
    if form.is_valid():
        definition = form.save(request.user)
        if definition is not None:
            messages.success(request, _("The weights are saved as version %(version)s of %(year)s.")
                             % {"version": definition.version, "year": year})
            return redirect(f"{reverse('indicators:grade')}?year={year}")
    return _page(request, year, form=form, status=400)


@login_required
@require_POST
def grade_copy(request):
    _administrator(request)
    year = _year(request, datetime.date.today().year)
    try:
        grading.copy_definition(from_year=year - 1, to_year=year, user=request.user)
        messages.success(request, _("%(year)s starts with the definition of %(previous)s.")
                         % {"year": year, "previous": year - 1})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('indicators:grade')}?year={year}")


@login_required
def grade_indicator_options(request):
    """Suggestions while typing an indicator's code or name: <option>s for the weights form's datalist."""
    text = (request.GET.get("q") or request.GET.get("add_indicator") or "").strip()[:100].replace("\x00", "")
    found = Indicator.objects.none()
    if text:
        found = Indicator.objects.filter(Q(code__icontains=text) | Q(name__icontains=text), active=True)
        found = found.order_by("code")[:20]
    return render(request, "indicators/_grade_indicator_options.html",
                  {"options": [indicator_text(i) for i in found]})


@login_required
def computed_page(request):
    """The register's computed indicators with their stored figure for a year, its counts, day and query
    version — and a note where the version is not the one registered now."""
    year = _year(request, datetime.date.today().year)
    indicators = Indicator.objects.filter(kind=Indicator.Kind.COMPUTED).order_by("code")
    page = paged(request, indicators)
    outcomes = {o.indicator_id: o for o in Outcome.objects.filter(
        indicator__in=[i.pk for i in page["page"]], year=year, period=compute.PERIOD).select_related("indicator")}
    rows = []
    for indicator in page["page"]:
        outcome = outcomes.get(indicator.pk)
        registered = registry.INDICATORS.get(indicator.computation)
        rows.append({"indicator": indicator, "outcome": outcome, "registered": registered,
                     "final": outcome is not None and compute.is_final(outcome),
                     "note": compute.version_note(outcome) if outcome is not None else ""})
    return render(request, "indicators/compute.html", {
        "year": year, "rows": rows, **page, "may_compute": compute.may_compute(request.user),
        "this_year": datetime.date.today().year, "unregistered": not registry.INDICATORS,
    })


@login_required
@require_POST
def compute_now(request):
    if not compute.may_compute(request.user):
        raise PermissionDenied(_("Only administrators and the governance office compute the register's indicators."))
    try:
        results = compute.compute(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        stored = sum(r.status == compute.STORED for r in results)
        messages.success(request, _("%(stored)s figures of %(year)s computed from the register.")
                         % {"stored": stored, "year": datetime.date.today().year})
        for result in results:
            if result.status == compute.CONFLICT:
                messages.warning(request, result.message)
    return redirect("indicators:computed")
