"""Pages of initiatives and of value before money (issue 12, points 1 and 2): the region's list with its export,
an initiative's page and forms, the value assessment, the investment decision, the criteria and their weights,
and the service page's panel. Every change goes through portfolio.actions; every read through portfolio.queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import access, deletion
from core import exports as export_writer
from core.forms import add_action_errors
from core.views import paged
from decisions import actions as decision_actions
from organisations.models import Organisation

from . import actions, queries
from .filters import InitiativeFilter
from .forms import (
    AssessmentForm,
    BenefitForm,
    CostForm,
    CriterionForm,
    InitiativeForm,
    InvestmentForm,
    ServiceLinkForm,
    StatusForm,
    WeightsForm,
)
from .models import Benefit, Criterion, Initiative, InitiativeCost, InitiativeService, PortfolioYear

PAGE_SIZE = 50


def _initiative(user, pk):
    initiative = queries.initiatives_visible_to(user).filter(pk=pk).first()
    if initiative is None:
        raise Http404(_("There is no initiative %(id)s.") % {"id": pk})
    return initiative


def _may_edit(user, initiative):
    return access.may_write(user) and access.may_edit(user, initiative)


def _posted_version(request):
    # The confirmation page posts back to its own address, which carries the version the user saw (core.deletion).
    value = request.POST.get("row_version") or request.GET.get("row_version") or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _filtered(request):
    filterset = InitiativeFilter(request.GET, queryset=queries.initiatives_visible_to(request.user).order_by("code"))
    return filterset, (filterset.qs if filterset.is_valid() else Initiative.objects.none())


@login_required
def initiative_list(request):
    """The region's initiatives, whatever board proposed them: filtered, paged, exported with the same filter."""
    filterset, rows = _filtered(request)
    context = {"filter": filterset, "may_propose": access.may_write(request.user) and access.may_register(
        request.user), **paged(request, rows, PAGE_SIZE)}
    return render(request, "portfolio/initiatives.html", context, status=400 if filterset.errors else 200)


EXPORT_COLUMNS = ["code", "title", "status", "status_changed_on", "need_of", "need", "proposer", "owner",
                  "focus_areas", "services", "funding", "risks", "latest_score", "latest_year"]


def export_rows(queryset):
    rows = queryset.prefetch_related("service_links__service", "assessments__portfolio_year")
    for i in rows.iterator(chunk_size=500):
        latest = max(i.assessments.all(), key=lambda a: a.portfolio_year.year, default=None)
        yield [i.code, i.title, i.get_status_display(), i.status_changed_on, i.get_need_of_display(), i.need,
               i.proposer.code, i.owner.code, "; ".join(f.code for f in i.focus_areas.all()),
               "; ".join(f"{link.effect}: {link.service.name}" for link in i.service_links.all()),
               i.funding, i.risks, latest.score if latest else None, latest.portfolio_year.year if latest else None]


@login_required
def initiative_export(request, fmt):
    filterset, rows = _filtered(request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        export_writer.write_csv(response, EXPORT_COLUMNS, export_rows(rows))
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        export_writer.write_xlsx(response, "initiativ", EXPORT_COLUMNS, export_rows(rows))
    response["Content-Disposition"] = f'attachment; filename="initiativ.{fmt}"'
    return response


@login_required
def initiative_detail(request, pk):
    initiative = queries.initiative_detail(pk)
    if initiative is None or not queries.initiatives_visible_to(request.user).filter(pk=pk).exists():
        raise Http404(_("There is no initiative %(id)s.") % {"id": pk})
    may_edit = _may_edit(request.user, initiative)
    year = actions.latest_year()
    assessments = list(initiative.assessments.all())
    try:
        bearer = actions.running_cost_bearer(initiative, assessments[0].portfolio_year if assessments else year)
    except ValidationError as error:
        bearer, bearer_error = None, " ".join(error.messages)
    else:
        bearer_error = ""
    context = {
        "initiative": initiative, "may_edit": may_edit, "assessments": assessments, "year": year,
        "may_assess": year is not None and access.may_write(request.user) and access.may_edit(request.user, year)
        and initiative.status not in (Initiative.Status.DONE, Initiative.Status.STOPPED),
        "may_decide": bool(bearer and assessments and initiative.status == Initiative.Status.PRIORITISED
                           and access.may_write(request.user)
                           and access.may_record_decisions(request.user, bearer.pk)),
        "bearer": bearer, "bearer_error": bearer_error,
        "status_form": StatusForm(initiative=initiative) if may_edit else None,
        "created": [link for link in initiative.service_links.all()
                    if link.effect == InitiativeService.Effect.CREATES],
    }
    return render(request, "portfolio/initiative.html", context)


def _values(form):
    return form.values(), list(form.cleaned_data.get("focus_areas") or ())


@login_required
def initiative_create(request):
    """Propose an initiative: any editor, for an organisation they edit (the proposer owns it by default)."""
    if not (access.may_write(request.user) and access.may_register(request.user)):
        raise PermissionDenied(_("Only editors and administrators may propose initiatives."))
    form = InitiativeForm(request.POST or None)
    if request.method == "GET":
        editable = access.editable_organisation_ids(request.user)
        if editable:
            first = Organisation.objects.filter(pk__in=editable).order_by("code").first()
            form.initial["proposer"] = first
    if request.method == "POST" and form.is_valid():
        values, focus_areas = _values(form)
        try:
            initiative = actions.create_initiative(user=request.user, focus_areas=focus_areas, **values)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The initiative %(code)s was proposed.") % {"code": initiative.code})
            return redirect(initiative.get_absolute_url())
    return render(request, "portfolio/initiative_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def initiative_edit(request, pk):
    initiative = _initiative(request.user, pk)
    actions.refuse_unless_editor(request.user, initiative)
    form = InitiativeForm(request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        values, focus_areas = _values(form)
        values["code"] = values["code"] or initiative.code
        try:
            actions.update_initiative(user=request.user, initiative=Initiative.objects.get(pk=pk),
                                      expected_version=form.cleaned_data["row_version"], focus_areas=focus_areas,
                                      **values)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The initiative was saved."))
            return redirect(initiative.get_absolute_url())
    return render(request, "portfolio/initiative_form.html",
                  {"form": form, "initiative": _initiative(request.user, pk)}, status=400 if form.errors else 200)


def _sub_form(request, pk, form_class, title, save, anchor):
    """A small form that adds one row to an initiative (a service, a benefit, a cost)."""
    initiative = _initiative(request.user, pk)
    actions.refuse_unless_editor(request.user, initiative)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(initiative, form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(initiative.get_absolute_url() + anchor)
    return render(request, "portfolio/sub_form.html", {"form": form, "initiative": initiative, "title": title},
                  status=400 if form.errors else 200)


@login_required
def service_add(request, pk):
    return _sub_form(request, pk, ServiceLinkForm, _("Add a service the initiative creates, changes or retires"),
                     lambda i, data: actions.add_service(user=request.user, initiative=i, service=data["service"],
                                                         effect=data["effect"]), "#services")


@login_required
def benefit_add(request, pk):
    return _sub_form(request, pk, BenefitForm, _("Add an expected benefit"),
                     lambda i, data: actions.add_benefit(user=request.user, initiative=i, **data), "#benefits")


@login_required
def cost_add(request, pk):
    return _sub_form(request, pk, CostForm, _("Estimate the cost of a year"),
                     lambda i, data: actions.set_cost(user=request.user, initiative=i, **data), "#costs")


def _remove(request, model, pk, action, keyword, anchor):
    row = get_object_or_404(model, pk=pk)
    initiative = _initiative(request.user, row.initiative_id)
    actions.refuse_unless_editor(request.user, initiative)
    if request.method != "POST":  # every removal asks first (core.deletion)
        return deletion.confirm(request, row, cancel_url=initiative.get_absolute_url() + anchor)
    try:
        action(user=request.user, expected_version=_posted_version(request), **{keyword: row})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect(initiative.get_absolute_url() + anchor)


@login_required
def service_remove(request, pk):
    return _remove(request, InitiativeService, pk, actions.remove_service, "link", "#services")


@login_required
def benefit_remove(request, pk):
    return _remove(request, Benefit, pk, actions.remove_benefit, "benefit", "#benefits")


@login_required
def cost_remove(request, pk):
    return _remove(request, InitiativeCost, pk, actions.remove_cost, "cost", "#costs")


@login_required
@require_POST
def status_change(request, pk):
    initiative = _initiative(request.user, pk)
    actions.refuse_unless_editor(request.user, initiative)
    form = StatusForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            actions.change_status(user=request.user, initiative=initiative, status=form.cleaned_data["status"],
                                  expected_version=form.cleaned_data["row_version"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a status the initiative can move to."))
    return redirect(initiative.get_absolute_url())


def _year(request):
    value = request.GET.get("year", "")
    year = (PortfolioYear.objects.filter(year=int(value)).first() if value.isascii() and value.isdigit() and len(value) == 4
            else actions.latest_year())
    if year is None:
        raise Http404(_("There is no portfolio year."))
    return year


@login_required
def assess(request, pk):
    """The governance office scores the initiative on the year's active criteria."""
    initiative = _initiative(request.user, pk)
    year = _year(request)
    actions.refuse_unless_governance_office(request.user, year)
    assessment = initiative.assessments.filter(portfolio_year=year).prefetch_related("scores").first()
    form = AssessmentForm(request.POST or None, criteria=Criterion.objects.filter(active=True),
                          assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assessment(user=request.user, initiative=initiative, portfolio_year=year,
                                      scores=form.scores(), summary=form.cleaned_data["summary"],
                                      assessed_on=form.cleaned_data["assessed_on"],
                                      expected_version=form.cleaned_data.get("row_version"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The value assessment was recorded."))
            return redirect(initiative.get_absolute_url() + "#assessments")
    return render(request, "portfolio/assessment_form.html",
                  {"form": form, "initiative": initiative, "year": year}, status=400 if form.errors else 200)


@login_required
def decide(request, pk):
    """The investment decision, by the body that carries the running cost (its secretariat records it)."""
    initiative = _initiative(request.user, pk)
    assessment = actions.latest_assessment(initiative)
    bearer, refusal = None, ""
    try:
        if assessment is None:
            raise ValidationError(_("Value before money: the initiative has no value assessment, so no investment "
                                    "can be decided."))
        bearer = actions.running_cost_bearer(initiative, assessment.portfolio_year)
    except ValidationError as error:
        refusal = " ".join(error.messages)
    if bearer is not None and not (access.may_write(request.user)
                                   and access.may_record_decisions(request.user, bearer.pk)):
        raise PermissionDenied(_("Only the secretariat of %(body)s, which carries the running cost, and "
                                 "administrators record the investment decision.") % {"body": bearer.name})
    form = InvestmentForm(request.POST or None, initial={"row_version": initiative.row_version})
    if request.method == "POST" and not refusal and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused investment leaves no decision behind in the register.
            with transaction.atomic():
                decision = decision_actions.record_decision(body=bearer, decided_on=data["decided_on"],
                                                            registry_number=data["registry_number"],
                                                            title=data["title"])
                actions.decide_investment(initiative=initiative, decision=decision, amount=data["amount"],
                                          by=request.user, expected_version=data.get("row_version"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The investment decision was recorded."))
            return redirect(initiative.get_absolute_url() + "#decision")
    return render(request, "portfolio/investment_form.html",
                  {"form": form, "initiative": initiative, "bearer": bearer, "refusal": refusal,
                   "assessment": assessment}, status=400 if form.errors or refusal else 200)


@login_required
def criteria(request):
    """The criteria value is assessed on and their weights per year (administrators add criteria; the governance
    office weighs them)."""
    years = list(PortfolioYear.objects.select_related("council"))
    tables = [(year, queries.criteria_with_weights(year),
               access.may_write(request.user) and access.may_edit(request.user, year)) for year in years]
    return render(request, "portfolio/criteria.html",
                  {"criteria": Criterion.objects.all(), "tables": tables,
                   "may_administer": access.may_administer(request.user)})


@login_required
def criterion_edit(request, pk=None):
    if not access.may_administer(request.user):
        raise PermissionDenied(_("Only administrators may change the criteria."))
    criterion = get_object_or_404(Criterion, pk=pk) if pk else None
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The criterion was saved."))
            return redirect("portfolio:criteria")
    return render(request, "portfolio/sub_form.html", {"form": form, "title": _("Criterion")},
                  status=400 if form.errors else 200)


@login_required
def weights(request, year):
    portfolio_year = get_object_or_404(PortfolioYear, year=year)
    actions.refuse_unless_governance_office(request.user, portfolio_year)
    rows = queries.criteria_with_weights(portfolio_year)
    form = WeightsForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for criterion, _row in rows:
                    weight = form.cleaned_data.get(f"weight_{criterion.pk}")
                    if weight is not None:
                        actions.set_weight(user=request.user, portfolio_year=portfolio_year, criterion=criterion,
                                           weight=weight,
                                           expected_version=form.cleaned_data.get(f"version_{criterion.pk}"))
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The weights were saved."))
            return redirect("portfolio:criteria")
    return render(request, "portfolio/sub_form.html",
                  {"form": form, "title": _("Weights for %(year)s") % {"year": year}},
                  status=400 if form.errors else 200)


def service_panel(request, service):
    """"Initiatives" on the service page: those that create, change or retire the service."""
    links = list(queries.service_initiatives(service)[:50])
    if not links:
        return ""
    return render_to_string("portfolio/_service_panel.html", {"service": service, "links": links}, request=request)


@login_required
def initiative_history(request, pk):
    """What changed in the initiative, its services, benefits, costs and assessments, newest first."""
    from core import history

    from .models import AssessmentScore, ValueAssessment

    initiative = _initiative(request.user, pk)
    assessments = ValueAssessment.objects.filter(initiative=initiative).values("pk")
    entries = history.merged(
        Initiative.history.filter(id=pk), InitiativeService.history.filter(initiative_id=pk),
        Benefit.history.filter(initiative_id=pk), InitiativeCost.history.filter(initiative_id=pk),
        ValueAssessment.history.filter(initiative_id=pk),
        AssessmentScore.history.filter(assessment_id__in=assessments))
    return render(request, "portfolio/initiative_history.html",
                  {"initiative": initiative, **paged(request, entries, PAGE_SIZE)})
