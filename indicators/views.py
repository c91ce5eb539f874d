"""The follow-up pages (C10; 002 §11): indicators with their targets, outcomes and forecasts, and the deviations
that demand an analysis of causes and an action plan. Every write goes through indicators.actions; who may
write is asked of core.access, and a button shows only to those who may use it."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access, charts, deletion, exports
from core.forms import add_action_errors
from core.tables import ImportFileError
from core.views import paged
from organisations.models import Organisation

from . import actions, imports, queries
from .filters import DeviationFilter, IndicatorFilter
from .forms import (
    AnalysisForm,
    FollowUpForm,
    ForecastForm,
    ImportForm,
    IndicatorForm,
    OutcomeForm,
    PlanActionForm,
    TargetForm,
    VersionForm,
    year_in_range,
)
from .models import Deviation, Indicator, IndicatorYear, PlanAction

PAGE_SIZE = 50
MAY_NOT_CHANGE = gettext_lazy("Only editors of the indicator's owner and administrators may change it.")
MAY_NOT_CREATE = gettext_lazy("Only editors and administrators may set indicators: the region's governance office "
                              "for the region, a board's editors for their board.")
DEVIATES = {
    Deviation.Basis.FORECAST: gettext_lazy("The forecast deviates from the target by more than the threshold. "
                                           "Analyse the causes and draw up an action plan."),
    Deviation.Basis.OUTCOME: gettext_lazy("The outcome deviates from the target by more than the threshold. "
                                          "Analyse the causes and draw up an action plan."),
}
WITHIN = gettext_lazy("The latest figure is within the threshold again; the open deviation stays open until it "
                      "is followed up.")


def _indicators():
    return Indicator.objects.select_related("owner", "focus_area")


def _owners(user):
    ids = access.editable_organisation_ids(user)
    owners = Organisation.objects.filter(active=True).order_by("name")
    return owners if ids is None else owners.filter(pk__in=ids)


def may_create(user):
    return access.may_write(user) and access.may_register(user)


def _editable(request, indicator):
    if not access.may_write(request.user) or not access.may_edit(request.user, indicator):
        raise PermissionDenied(MAY_NOT_CHANGE)


# Indicators -----------------------------------------------------------------------------------------------

@login_required
def indicator_list(request):
    filterset = IndicatorFilter(request.GET, queryset=_indicators().order_by("code"))
    rows = filterset.qs if filterset.is_valid() else Indicator.objects.none()
    context = {"filter": filterset, **paged(request, rows, PAGE_SIZE), "may_create": may_create(request.user)}
    return render(request, "indicators/list.html", context)


EXPORT_COLUMNS = ["code", "name", "owner", "focus_area", "kind", "unit", "direction", "source",
                  "deviation_threshold", "year", "target", "outcome", "forecast"]


@login_required
def indicator_export(request, fmt):
    """The filtered list with the figures of a year (?year=, this year by default), through core.exports."""
    filterset = IndicatorFilter(request.GET, queryset=_indicators().order_by("code"))
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    year = filterset.form.cleaned_data.get("year") or datetime.date.today().year
    year = int(year)
    indicators = list(filterset.qs)
    numbers = queries.figures([i.pk for i in indicators], [year])

    def rows():
        for i in indicators:
            row = numbers[i.pk][year]
            yield [i.code, i.name, i.owner.code, i.focus_area.code if i.focus_area else "", i.kind, i.unit,
                   i.direction, i.source, i.deviation_threshold, year, row["target"],
                   row["outcome"].value if row["outcome"] else None, row["forecast"]]

    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exports.write_csv(response, EXPORT_COLUMNS, rows())
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        exports.write_xlsx(response, "indikatorer", EXPORT_COLUMNS, rows())
    response["Content-Disposition"] = f'attachment; filename="indikatorer-{year}.{fmt}"'
    return response


def _years(indicator):
    """The years the indicator has figures for, and this year and the next, so that there is always a year to
    set a target or forecast for."""
    this_year = datetime.date.today().year
    years = set(indicator.years.values_list("year", flat=True)) | set(indicator.outcomes.values_list("year",
                                                                                                     flat=True))
    return sorted(years | {this_year, this_year + 1})


def _chart(indicator, years, numbers):
    labels = [str(year) for year in years]
    outcome = [numbers[year]["outcome"].value if numbers[year]["outcome"] else None for year in years]
    forecast = [numbers[year]["forecast"] for year in years]
    target = [numbers[year]["target"] for year in years]
    caption = _("%(name)s: outcome, forecast and target per year") % {"name": indicator.name}
    svg = charts.line_chart(
        chart_id=f"indicator-{indicator.pk}", title=caption,
        description=_("Outcome and forecast of %(name)s per year against the target, in %(unit)s.")
        % {"name": indicator.name, "unit": indicator.unit},
        x_labels=labels, series=[(_("Outcome"), outcome), (_("Forecast"), forecast)], unit=indicator.unit,
        target=target)
    rows = [[label, *(("–" if v is None else f"{v.normalize():f}".replace(".", ",")) for v in (o, f, t))]
            for label, o, f, t in zip(labels, outcome, forecast, target, strict=True)]
    return {"chart": svg, "caption": caption, "headers": [_("Year"), _("Outcome"), _("Forecast"), _("Target")],
            "rows": rows}


@login_required
def indicator_detail(request, pk):
    indicator = get_object_or_404(_indicators(), pk=pk)
    years = _years(indicator)
    numbers = queries.figures([indicator.pk], years)[indicator.pk]
    periods = {}
    for outcome in indicator.outcomes.exclude(period="year").order_by("year", "period"):
        periods.setdefault(outcome.year, []).append(outcome)
    table = [{"year": year, **numbers[year], "periods": periods.get(year, [])} for year in reversed(years)]
    with_data = [year for year in years if any(numbers[year][k] is not None for k in ("target", "outcome",
                                                                                      "forecast"))]
    return render(request, "indicators/detail.html", {
        "indicator": indicator, "table": table,
        "chart": _chart(indicator, with_data, numbers) if with_data else None,
        "deviations": indicator.deviations.order_by("-status", "-year", "basis", "period"),
        "may_edit": access.may_write(request.user) and access.may_edit(request.user, indicator),
        "entered": indicator.kind == Indicator.Kind.ENTERED,
    })


@login_required
def indicator_create(request):
    if not may_create(request.user):
        raise PermissionDenied(MAY_NOT_CREATE)
    form = IndicatorForm(request.POST or None, owners=_owners(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.create_indicator(**form.changes())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The indicator was created. Set its targets."))
            return redirect(indicator)
    return render(request, "indicators/form.html", {"form": form, "title": _("New indicator")})


@login_required
def indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator, pk=pk)
    _editable(request, indicator)
    form = IndicatorForm(request.POST or None, instance=indicator, owners=_owners(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_indicator(indicator=Indicator.objects.get(pk=pk), row_version=form.cleaned_data["row_version"],
                                     **form.changes())
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("indicators:detail", pk)
    return render(request, "indicators/form.html", {"form": form, "title": _("Edit %(indicator)s")
                                                    % {"indicator": indicator}, "indicator": indicator})


# A year's target, forecast and outcome ----------------------------------------------------------------------

def _year_page(request, pk, year):
    indicator = get_object_or_404(_indicators(), pk=pk)
    if not year_in_range(year):
        raise Http404(_("No such year."))
    _editable(request, indicator)
    return indicator, IndicatorYear.objects.filter(indicator=indicator, year=year).first()


def _after_figure(request, indicator, evaluations, basis, period="year"):
    """Where the user goes after a saved outcome or forecast: straight to the deviation it opened or updated,
    asked for an analysis and a plan; else back to the indicator."""
    mine = [e for e in evaluations if e.deviation.basis == basis and e.deviation.period == period]
    for evaluation in mine:
        if evaluation.deviates:
            messages.warning(request, DEVIATES[basis])
            return redirect(evaluation.deviation)
    if mine:
        messages.info(request, WITHIN)
    return redirect(indicator)


def _year_form(request, indicator, year, form, template_title):
    return render(request, "indicators/year_form.html", {"indicator": indicator, "year": year, "form": form,
                                                         "title": template_title})


@login_required
def target_form(request, pk, year):
    indicator, row = _year_page(request, pk, year)
    initial = {"target": row.target, "row_version": row.row_version} if row else {}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_target(indicator=indicator, year=year, target=form.cleaned_data["target"],
                               row_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The target for %(year)s was saved.") % {"year": year})
            return redirect(indicator)
    return _year_form(request, indicator, year, form, _("Target for %(year)s") % {"year": year})


@login_required
def forecast_form(request, pk, year):
    indicator, row = _year_page(request, pk, year)
    initial = {"forecast": row.forecast, "comment": row.forecast_comment, "row_version": row.row_version} if row else {}
    form = ForecastForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _row, evaluations = actions.enter_forecast(
                indicator=indicator, year=year, forecast=form.cleaned_data["forecast"],
                comment=form.cleaned_data["comment"], user=request.user, row_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The forecast for %(year)s was saved.") % {"year": year})
            return _after_figure(request, indicator, evaluations, Deviation.Basis.FORECAST)
    return _year_form(request, indicator, year, form, _("Forecast for %(year)s") % {"year": year})


@login_required
def outcome_form(request, pk, year):
    indicator, _row = _year_page(request, pk, year)
    if indicator.kind != Indicator.Kind.ENTERED:
        raise PermissionDenied(_("The outcomes of a computed indicator come from the register."))
    form = OutcomeForm(request.POST or None, initial={"source": indicator.source})
    if request.method == "POST" and form.is_valid():
        try:
            _outcome, evaluations = actions.record_outcome(indicator=indicator, year=year, user=request.user,
                                                           **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The outcome was saved."))
            return _after_figure(request, indicator, evaluations, Deviation.Basis.OUTCOME,
                                 form.cleaned_data["period"])
    return _year_form(request, indicator, year, form, _("Outcome for %(year)s") % {"year": year})


# Deviations -------------------------------------------------------------------------------------------------

@login_required
def deviation_list(request):
    # Open first ("open" sorts after "followed_up", so descending).
    rows = Deviation.objects.select_related("indicator", "indicator__owner").order_by(
        "-status", "-year", "indicator__code", "basis", "period")
    filterset = DeviationFilter(request.GET, queryset=rows)
    rows = filterset.qs if filterset.is_valid() else Deviation.objects.none()
    return render(request, "indicators/deviations.html", {"filter": filterset, **paged(request, rows, PAGE_SIZE)})


def _deviation(pk):
    return get_object_or_404(Deviation.objects.select_related("indicator", "indicator__owner"), pk=pk)


@login_required
def deviation_detail(request, pk):
    deviation = _deviation(pk)
    is_open = deviation.status == Deviation.Status.OPEN
    may_edit = is_open and access.may_write(request.user) and access.may_edit(request.user, deviation)
    analysis = AnalysisForm(initial={"cause_analysis": deviation.cause_analysis, "row_version": deviation.row_version})
    new_action = PlanActionForm(prefix="action")
    follow = FollowUpForm(initial={"row_version": deviation.row_version})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only editors of the indicator's owner and administrators work on its "
                                     "deviations, while they are open."))
        step = request.POST.get("step")
        try:
            if step == "analysis":
                analysis = AnalysisForm(request.POST)
                if analysis.is_valid():
                    actions.record_analysis(deviation=deviation, **analysis.cleaned_data)
                    messages.success(request, _("The analysis of causes was saved."))
                    return redirect(deviation)
            elif step == "action":
                new_action = PlanActionForm(request.POST, prefix="action")
                if new_action.is_valid():
                    data = {k: v for k, v in new_action.cleaned_data.items() if k != "row_version"}
                    actions.add_plan_action(deviation=deviation, **data)
                    messages.success(request, _("The action was added to the plan."))
                    return redirect(deviation)
            elif step == "follow_up":
                follow = FollowUpForm(request.POST)
                if follow.is_valid():
                    actions.follow_up(deviation=deviation, **follow.cleaned_data)
                    messages.success(request, _("The deviation was followed up and closed."))
                    return redirect(deviation)
            else:
                raise Http404(_("No such step."))
        except ValidationError as error:
            target = {"analysis": analysis, "action": new_action, "follow_up": follow}[step]
            add_action_errors(target, error)
    plan = list(deviation.actions.all())
    return render(request, "indicators/deviation.html", {
        "deviation": deviation, "indicator": deviation.indicator, "plan": plan, "may_edit": may_edit,
        "analysis_form": analysis, "action_form": new_action, "follow_up_form": follow,
        "within": actions.within_threshold(deviation),
        "needs": is_open and (not deviation.cause_analysis or not plan),
    })


@login_required
def plan_action_edit(request, pk):
    plan_action = get_object_or_404(PlanAction.objects.select_related("deviation__indicator"), pk=pk)
    deviation = plan_action.deviation
    if (deviation.status != Deviation.Status.OPEN or not access.may_write(request.user)
            or not access.may_edit(request.user, plan_action)):
        raise PermissionDenied(_("Only editors of the indicator's owner and administrators change the plan of an "
                                 "open deviation."))
    form = PlanActionForm(request.POST or None, instance=plan_action,
                          initial={"row_version": plan_action.row_version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "row_version"}
        try:
            actions.update_plan_action(plan_action=PlanAction.objects.get(pk=pk),
                                       row_version=form.cleaned_data["row_version"], **data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The action was saved."))
            return redirect(deviation)
    return render(request, "indicators/plan_action_form.html", {"form": form, "deviation": deviation,
                                                                "plan_action": plan_action})


@login_required
def plan_action_remove(request, pk):
    plan_action = get_object_or_404(PlanAction.objects.select_related("deviation__indicator"), pk=pk)
    deviation = plan_action.deviation
    if not access.may_write(request.user) or not access.may_edit(request.user, plan_action):
        raise PermissionDenied(_("Only editors of the indicator's owner and administrators change the plan of an "
                                 "open deviation."))
    if request.method != "POST":  # every removal asks first (core.deletion); its form posts back with the version
        return deletion.confirm(request, plan_action, cancel_url=deviation.get_absolute_url())
    form = VersionForm(request.POST if "row_version" in request.POST else request.GET)
    try:
        if not form.is_valid():
            raise ValidationError(_("The form was not complete; reload the page and try again."))
        actions.remove_plan_action(plan_action=plan_action, row_version=form.cleaned_data["row_version"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The action was removed from the plan."))
    return redirect(deviation)


# Import -----------------------------------------------------------------------------------------------------

@login_required
def indicator_import(request):
    if not may_create(request.user):
        raise PermissionDenied(_("Only editors and administrators may import outcomes, targets and forecasts."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.import_figures(upload.name, upload.read(), user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "indicators/import.html", {"form": form, "result": result,
                                                      "columns": imports.COLUMNS})

