"""Pages of the benefit follow-up (issue 12 point 4): per initiative and year, outcomes against expected benefits
and actual cost against estimate; the owner's editors record outcomes and actual costs (forms and an import)."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, exports
from core.tables import ImportFileError
from core.views import paged

from . import actions_followup as actions
from . import imports_followup, queries_followup, queries_ranking
from .forms_followup import ActualCostForm, ImportForm, OutcomeForm
from .models import BenefitOutcome, Initiative, InitiativeCost

PAGE_SIZE = 50


def _year(request):
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else datetime.date.today().year


@login_required
def followup(request):
    year = _year(request)
    filterset, rows = queries_followup.followed(request.GET, year)
    context = paged(request, rows, PAGE_SIZE)
    for row in context["page"].object_list:
        row.estimated, row.actual, row.difference = queries_followup.cost_figures(row)
    return render(request, "portfolio/followup.html", {
        **context, "year": year, "filter": filterset, "total": rows.count(),
        "may_import": access.may_register(request.user) and access.may_write(request.user)})


@login_required
def followup_export(request, fmt):
    year = _year(request)
    _filterset, rows = queries_followup.followed(request.GET, year)
    data = queries_followup.outcome_export_rows(rows.values("pk"), year)
    if fmt == "csv":
        text = io.StringIO()
        exports.write_csv(text, queries_followup.EXPORT_HEADER, data)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        stream = io.BytesIO()
        exports.write_xlsx(stream, _("Benefit outcomes %(year)s") % {"year": year}, queries_followup.EXPORT_HEADER,
                           data)
        response = HttpResponse(stream.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="nyttouppfoljning-{year}.{fmt}"'
    return response


@login_required
def followup_initiative(request, pk):
    initiative = get_object_or_404(Initiative.objects.select_related("owner", "proposer"), pk=pk)
    may_edit = access.may_edit(request.user, initiative)
    costs = list(InitiativeCost.objects.filter(initiative=initiative).order_by("year"))
    for cost in costs:
        cost.estimated = cost.estimated_investment + cost.estimated_running
        cost.actual = None if cost.actual_investment is None and cost.actual_running is None else (
            (cost.actual_investment or 0) + (cost.actual_running or 0))
        cost.difference = None if cost.actual is None else cost.actual - cost.estimated
        for name in ("actual_investment", "actual_running"):
            amount = getattr(cost, name)
            setattr(cost, f"{name}_kr", None if amount is None else queries_ranking.kronor(amount))
    year = datetime.date.today().year
    return render(request, "portfolio/followup_initiative.html", {
        "initiative": initiative, "benefits": queries_followup.benefits_of(initiative), "costs": costs,
        "link": queries_ranking.initiative_link(initiative.pk), "may_edit": may_edit,
        "outcome_form": OutcomeForm(initiative=initiative, initial={"year": year,
                                                                    "measured_on": datetime.date.today()})
        if may_edit else None,
        "cost_form": ActualCostForm(initial={"year": year}) if may_edit else None,
    })


def _owned(request, pk):
    initiative = get_object_or_404(Initiative, pk=pk)
    if not access.may_edit(request.user, initiative):
        raise PermissionDenied(_("Only editors of %(owner)s, the initiative's owner, record its follow-up.")
                               % {"owner": initiative.owner})
    return initiative


def _report(request, form=None, error=None):
    if form is not None:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    if error is not None:
        for _field, errors in (error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]):
            for message in errors:
                messages.error(request, message)


@login_required
@require_POST
def outcome_record(request, pk):
    initiative = _owned(request, pk)
    form = OutcomeForm(request.POST, initiative=initiative)
    if not form.is_valid():
        _report(request, form=form)
    else:
        data = form.cleaned_data
        current = BenefitOutcome.objects.filter(benefit=data["benefit"], year=data["year"]).first()
        try:
            if current is not None and data["row_version"] is None:
                raise ValidationError({"year": _("%(benefit)s has an outcome for %(year)s already; change it in "
                                                 "the table.") % {"benefit": data["benefit"], "year": data["year"]}})
            actions.record_outcome(benefit=data["benefit"], year=data["year"], value=data["value"],
                                   measured_on=data["measured_on"], note=data["note"], row_version=data["row_version"])
        except ValidationError as error:
            _report(request, error=error)
        else:
            messages.success(request, _("The outcome of %(year)s was recorded.") % {"year": data["year"]})
    return redirect("portfolio:followup-initiative", initiative.pk)


@login_required
@require_POST
def cost_record(request, pk):
    initiative = _owned(request, pk)
    form = ActualCostForm(request.POST)
    if not form.is_valid():
        _report(request, form=form)
    else:
        data = form.cleaned_data
        try:
            if data["row_version"] is None and InitiativeCost.objects.filter(initiative=initiative,
                                                                             year=data["year"]).exists():
                raise ValidationError({"year": _("%(year)s has a cost row already; change it in the table.")
                                       % {"year": data["year"]}})
            actions.record_actual_cost(initiative=initiative, year=data["year"], row_version=data["row_version"],
                                       actual_investment=form.ore(data["actual_investment"]),
                                       actual_running=form.ore(data["actual_running"]))
        except ValidationError as error:
            _report(request, error=error)
        else:
            messages.success(request, _("The actual cost of %(year)s was recorded.") % {"year": data["year"]})
    return redirect("portfolio:followup-initiative", initiative.pk)


@login_required
def followup_import(request):
    if not (access.may_register(request.user) and access.may_write(request.user)):
        raise PermissionDenied(_("Only editors record outcomes of benefits."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports_followup.import_outcomes(upload.name, upload.read(), user=request.user)
        except ImportFileError as error:
            form.add_error("file", str(error))
    return render(request, "portfolio/followup_import.html", {"form": form, "result": result,
                                                              "columns": imports_followup.COLUMNS})
