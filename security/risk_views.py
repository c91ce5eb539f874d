"""Pages of risk analyses, risks and the risk matrix (issue 9, part 2). The service panel's section is
risks_section, added to security.views.SECTIONS by security.registration."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import access
from core import exports as export_writer
from core.forms import add_action_errors
from core.views import paged
from decisions.models import Decision
from services.models import Service
from services.queries import ownership_on

from . import actions, risks
from .filters_risks import RiskFilter
from .forms_risks import RiskAnalysisForm, RiskForm, decision_text
from .models import Risk, RiskAnalysis

RISK_PAGE_SIZE = 50
RISK_FORM_FIELDS = actions.RISK_FIELDS
ANALYSIS_FORM_FIELDS = actions.ANALYSIS_FIELDS


def _refuse_unless_editor(user, obj):
    if not access.may_edit(user, obj):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this "
                                 "service's risk analyses."))


def _link(after=False, **fixed):
    names = ("after_likelihood", "after_consequence") if after else ("likelihood", "consequence")
    return lambda likelihood, consequence: reverse("security:risks") + "?" + urlencode(
        {**fixed, names[0]: likelihood, names[1]: consequence})


def risks_section(request, service):
    """The panel's section of risk analyses: the analyses, the service's matrix before and after treatment,
    and the form to record an analysis for those who may."""
    service_risks = Risk.objects.filter(analysis__service=service)
    return {
        "risk_analyses": service.risk_analyses.annotate(risk_count=Count("risks")).order_by("-performed_on"),
        "risk_matrix": risks.build(service_risks, title=_("Risks of %(service)s") % {"service": service.name},
                                   link=_link(service=service.pk), id="risk-matrix-now"),
        "risk_matrix_after": risks.build(
            service_risks, after_treatment=True, id="risk-matrix-after",
            title=_("Risks of %(service)s after treatment") % {"service": service.name},
            link=_link(after=True, service=service.pk)),
        # Its own ids: the service page also carries lifecycle's test form, whose "performed on" would share them.
        "analysis_form": RiskAnalysisForm(auto_id="analysis_%s") if access.may_edit(request.user, service) else None,
        "today": datetime.date.today(),
    }


def _visible_analysis(user, pk):
    analysis = access.visible_to(user, RiskAnalysis.objects.select_related("service")).filter(pk=pk).first()
    if analysis is None:
        raise Http404(_("There is no risk analysis %(id)s.") % {"id": pk})
    return analysis


@login_required
def analysis_create(request, service_pk):
    service = get_object_or_404(Service, pk=service_pk)
    _refuse_unless_editor(request.user, service)
    form = RiskAnalysisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            analysis = actions.record_analysis(service=service, **{
                name: form.cleaned_data[name] for name in ANALYSIS_FORM_FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The risk analysis was recorded. Add its risks."))
            return redirect(analysis)
    return render(request, "security/analysis_form.html", {"form": form, "service": service})


@login_required
def analysis_detail(request, pk):
    analysis = _visible_analysis(request.user, pk)
    may_edit = access.may_edit(request.user, analysis)
    analysis_form = RiskAnalysisForm(instance=analysis) if may_edit else None
    risk_form = RiskForm() if may_edit else None
    if request.method == "POST":
        _refuse_unless_editor(request.user, analysis)
        if request.POST.get("part") == "analysis":
            analysis_form = RiskAnalysisForm(request.POST, instance=analysis)
            if analysis_form.is_valid():
                try:
                    actions.update_analysis(analysis=analysis, expected_version=analysis_form.cleaned_data[
                        "row_version"], **{name: analysis_form.cleaned_data[name] for name in ANALYSIS_FORM_FIELDS})
                except ValidationError as error:
                    add_action_errors(analysis_form, error)
                else:
                    messages.success(request, _("The risk analysis was saved."))
                    return redirect(analysis)
        else:
            risk_form = RiskForm(request.POST, instance=Risk(analysis=analysis))
            if risk_form.is_valid():
                try:
                    actions.record_risk(analysis=analysis, **{
                        name: risk_form.cleaned_data[name] for name in RISK_FORM_FIELDS})
                except ValidationError as error:
                    add_action_errors(risk_form, error)
                else:
                    messages.success(request, _("The risk was recorded."))
                    return redirect(analysis)
    analysis = _visible_analysis(request.user, pk)  # as stored, whatever a refused form set on it
    return render(request, "security/analysis.html", {
        "analysis": analysis, "service": analysis.service, "may_edit": may_edit,
        "analysis_form": analysis_form, "risk_form": risk_form,
        "risks": analysis.risks.select_related("decision").order_by("-value", "pk"),
        "matrix": risks.build(analysis.risks.all(), title=_("Risks of this analysis"),
                              link=_link(analysis=analysis.pk), id="risk-matrix-analysis"),
    })


@login_required
def risk_edit(request, pk):
    risk = access.visible_to(request.user, Risk.objects.select_related("analysis__service", "decision__body")).filter(
        pk=pk).first()
    if risk is None:
        raise Http404(_("There is no risk %(id)s.") % {"id": pk})
    _refuse_unless_editor(request.user, risk)
    form = RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_risk(risk=Risk.objects.get(pk=pk), expected_version=form.cleaned_data["row_version"],
                                **{name: form.cleaned_data[name] for name in RISK_FORM_FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The risk was saved."))
            return redirect(risk.analysis)
    return render(request, "security/risk_form.html", {"form": form, "risk": risk, "analysis": risk.analysis})


def _region_risks(user):
    owner = ownership_on(datetime.date.today()).filter(service=OuterRef("analysis__service")).values(
        "organisation__name")[:1]
    return (access.visible_to(user, Risk.objects.all())
            .select_related("analysis__service", "decision")
            .annotate(service_owner=Subquery(owner))
            .order_by("-value", "analysis__service__name", "pk"))


CELL_FILTERS = ("likelihood", "consequence", "after_likelihood", "after_consequence", "ordering", "page")
SORTABLE = ("service", "value", "likelihood", "consequence", "due_date", "status")


@login_required
def region_risks(request):
    """The region's risks: the matrix of those the user may see, and the list behind it (paged, filtered,
    sortable, exportable)."""
    filterset = RiskFilter(request.GET, queryset=_region_risks(request.user))
    rows = filterset.qs if filterset.is_valid() else Risk.objects.none()
    # The matrix keeps the list's other filters but not its cell: it shows where the listed risks lie.
    scope = request.GET.copy()
    for name in CELL_FILTERS:
        scope.pop(name, None)
    scope_filter = RiskFilter(scope, queryset=access.visible_to(request.user, Risk.objects.all()))
    matrix_rows = scope_filter.qs if scope_filter.is_valid() else Risk.objects.none()
    fixed = {key: value for key, value in scope.items() if value}
    context = {
        "filter": filterset, **paged(request, rows, RISK_PAGE_SIZE),
        "matrix": risks.build(matrix_rows, title=_("Risks of the region"), link=_link(**fixed),
                              id="risk-matrix-region"),
        "today": datetime.date.today(),
    }
    query = request.GET.copy()
    query.pop("page", None)
    current = query.get("ordering", "")
    context["sort"] = {}
    for column in SORTABLE:
        link = query.copy()
        link["ordering"] = f"-{column}" if current == column else column
        context["sort"][column] = {"query": link.urlencode(), "state": "ascending" if current == column
                                   else "descending" if current == f"-{column}" else "none"}
    return render(request, "security/risks.html", context)


RISK_EXPORT_COLUMNS = [
    "risk_id", "service_id", "service", "owning_organisation", "analysis_performed_on", "description", "likelihood",
    "consequence", "value", "treatment", "measure", "risk_owner", "due_date", "status", "residual_likelihood",
    "residual_consequence", "residual_value", "decision",
]


def _export_rows(queryset):
    for risk in queryset.iterator(chunk_size=2000):
        yield [risk.pk, risk.analysis.service_id, risk.analysis.service.name, risk.service_owner,
               risk.analysis.performed_on, risk.description, risk.likelihood, risk.consequence, risk.value,
               risk.get_treatment_display(), risk.measure, risk.owner, risk.due_date, risk.get_status_display(),
               risk.residual_likelihood, risk.residual_consequence, risk.residual_value,
               risk.decision.registry_number if risk.decision else None]


@login_required
def risk_export(request, fmt):
    filterset = RiskFilter(request.GET, queryset=_region_risks(request.user))
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    rows = _export_rows(filterset.qs)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        export_writer.write_csv(response, RISK_EXPORT_COLUMNS, rows)
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        export_writer.write_xlsx(response, "risker", RISK_EXPORT_COLUMNS, rows)
    response["Content-Disposition"] = f'attachment; filename="risker.{fmt}"'
    return response


@login_required
def decision_options(request):
    """Suggestions while typing a decision's registry number or title: <option>s for the field's datalist."""
    text = (request.GET.get("q") or request.GET.get("decision") or "").strip()[:100].replace("\x00", "")
    decisions = Decision.objects.none()
    if text:
        decisions = (Decision.objects.select_related("body").filter(registry_number__icontains=text)
                     | Decision.objects.select_related("body").filter(title__icontains=text))
        decisions = decisions.order_by("-decided_on", "registry_number")[:20]
    return render(request, "security/_decision_options.html",
                  {"options": [(decision_text(d), d) for d in decisions]})
