"""Pages of action plans (issue 12 point 7): the list with its filter and export, a plan with its goals and
activities, and the forms that change them. Every change goes through maturity.actions_plans; a form or button
shows only to those who may use it (the editors of the plan's owner)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access, deletion
from core import exports as export_writer
from core.forms import add_action_errors
from core.views import paged
from portfolio.models import Initiative

from . import actions_plans as actions
from .filters_plans import PlanFilter
from .forms_plans import ActivityForm, GoalForm, PlanForm, initiative_text, unit_text
from .models import ActionPlan, Activity, Goal, Unit

PAGE_SIZE = 50


def plans():
    return ActionPlan.objects.select_related("round", "unit", "owner").annotate(
        activity_count=Count("activities", distinct=True),
        open_count=Count("activities", filter=Q(activities__status__in=("planned", "ongoing")), distinct=True),
    ).order_by("-round__period_end", "unit__code", "pk")


def _filtered(request):
    filterset = PlanFilter(request.GET, queryset=plans())
    return filterset, (filterset.qs if filterset.is_valid() else ActionPlan.objects.none())


@login_required
def plan_list(request):
    filterset, rows = _filtered(request)
    context = {"filter": filterset, "may_create": access.may_write(request.user) and access.may_register(request.user),
               **paged(request, rows, PAGE_SIZE)}
    return render(request, "maturity/plans.html", context, status=400 if filterset.errors else 200)


EXPORT_COLUMNS = ["plan_id", "round", "unit_code", "unit", "owner", "plan", "adopted_on", "goal_category", "goal",
                  "activity", "responsible", "due", "status", "done", "initiative"]


def export_rows(queryset):
    """One row per activity (a plan without activities: one row with the plan alone)."""
    activities = Activity.objects.filter(plan__in=queryset.values("pk")).select_related(
        "goal", "goal__category", "initiative").order_by("plan_id", "due", "pk")
    by_plan = {}
    for activity in activities.iterator(chunk_size=2000):
        by_plan.setdefault(activity.plan_id, []).append(activity)
    for plan in queryset:
        head = [plan.pk, plan.round.name, plan.unit.code if plan.unit else "", str(plan.unit or _("Region-wide")),
                plan.owner.name, plan.title, plan.adopted_on]
        for a in by_plan.get(plan.pk, []) or [None]:
            if a is None:
                yield head + [None] * 8
                continue
            yield head + [a.goal.category.name if a.goal else None, a.goal.text if a.goal else None, a.title,
                          a.responsible, a.due, a.get_status_display(), a.get_level_display(),
                          a.initiative.code if a.initiative else None]


@login_required
def plan_export(request, fmt):
    filterset, rows = _filtered(request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        export_writer.write_csv(response, EXPORT_COLUMNS, export_rows(rows))
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        export_writer.write_xlsx(response, "handlingsplaner", EXPORT_COLUMNS, export_rows(rows))
    response["Content-Disposition"] = f'attachment; filename="handlingsplaner.{fmt}"'
    return response


def _may_edit(user, obj):
    return access.may_write(user) and access.may_edit(user, obj)


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("round", "round__model", "unit", "owner"), pk=pk)
    goals = plan.goals.select_related("category", "category__dimension")
    activities = plan.activities.select_related("goal", "initiative")
    context = {"plan": plan, "goals": goals, "activities": activities, "may_edit": _may_edit(request.user, plan)}
    return render(request, "maturity/plan.html", context)


def _posted_version(request):
    # The confirmation page posts back to its own address, which carries the version the user saw (core.deletion).
    value = request.POST.get("row_version") or request.GET.get("row_version") or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _form_page(request, form, plan, heading, status=None):
    return render(request, "maturity/plan_form.html", {"form": form, "plan": plan, "heading": heading},
                  status=status or (400 if form.errors else 200))


@login_required
def plan_create(request):
    if not (access.may_write(request.user) and access.may_register(request.user)):
        raise PermissionDenied(_("Only editors may draw up an action plan."))
    form = PlanForm(request.POST or None, user=request.user, initial={"round": request.GET.get("round")})
    if request.method == "POST" and form.is_valid():
        try:
            plan = actions.create_plan(user=request.user, **{k: form.cleaned_data.get(k) for k in (
                "round", "unit", "owner", "title", "adopted_on")})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The action plan was recorded."))
            return redirect("maturity:plan", plan.pk)
    return _form_page(request, form, None, _("New action plan"))


@login_required
def plan_edit(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    actions.refuse_unless_editor(request.user, plan)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        stored = ActionPlan.objects.get(pk=pk)
        try:
            actions.update_plan(user=request.user, plan=stored, expected_version=form.cleaned_data["row_version"],
                                title=form.cleaned_data["title"], adopted_on=form.cleaned_data["adopted_on"])
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The action plan was saved."))
            return redirect("maturity:plan", pk)
    return _form_page(request, form, ActionPlan.objects.get(pk=pk), _("Edit the action plan"))


@login_required
def goal_add(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("round"), pk=pk)
    actions.refuse_unless_editor(request.user, plan)
    form = GoalForm(request.POST or None, plan=plan, instance=Goal(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_goal(user=request.user, plan=plan, **{k: form.cleaned_data[k] for k in actions.GOAL_FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The goal was recorded."))
            return redirect("maturity:plan", pk)
    return _form_page(request, form, plan, _("Add a goal"))


@login_required
def goal_remove(request, pk):
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=pk)
    actions.refuse_unless_editor(request.user, goal)
    if request.method != "POST":  # every removal asks first (core.deletion)
        return deletion.confirm(request, goal, cancel_url=reverse("maturity:plan", args=[goal.plan_id]))
    try:
        actions.remove_goal(user=request.user, goal=goal, expected_version=_posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The goal was removed."))
    return redirect("maturity:plan", goal.plan_id)


@login_required
def activity_add(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    actions.refuse_unless_editor(request.user, plan)
    form = ActivityForm(request.POST or None, plan=plan, instance=Activity(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_activity(user=request.user, plan=plan,
                                 **{k: form.cleaned_data.get(k) for k in actions.ACTIVITY_FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("maturity:plan", pk)
    return _form_page(request, form, plan, _("Add an activity"))


@login_required
def activity_edit(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    actions.refuse_unless_editor(request.user, activity)
    form = ActivityForm(request.POST or None, plan=activity.plan, instance=activity)
    if request.method == "POST" and form.is_valid():
        stored = Activity.objects.get(pk=pk)
        try:
            actions.update_activity(user=request.user, activity=stored,
                                    expected_version=form.cleaned_data["row_version"],
                                    **{k: form.cleaned_data.get(k) for k in actions.ACTIVITY_FIELDS})
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("maturity:plan", activity.plan_id)
    return _form_page(request, form, activity.plan, _("Edit the activity"))


@login_required
def activity_remove(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("plan"), pk=pk)
    actions.refuse_unless_editor(request.user, activity)
    if request.method != "POST":
        return deletion.confirm(request, activity, cancel_url=reverse("maturity:plan", args=[activity.plan_id]))
    try:
        actions.remove_activity(user=request.user, activity=activity, expected_version=_posted_version(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The activity was removed."))
    return redirect("maturity:plan", activity.plan_id)


def _typed(request, names):
    for name in names:
        text = (request.GET.get(name) or "").replace("\x00", "").strip()[:100]
        if text:
            return text.split(" (", 1)[0].strip(), text
    return "", ""


@login_required
def unit_options(request):
    """Suggestions while typing a unit's name or code: <option>s for the field's datalist."""
    name, text = _typed(request, ("q", "unit"))
    found = (Unit.objects.filter(Q(name__icontains=name) | Q(code__iexact=text)).order_by("name")[:20]
             if name else [])
    return render(request, "maturity/plan_options.html", {"options": [(unit_text(u), u.organisation) for u in found]})


@login_required
def initiative_options(request):
    """Suggestions while typing an initiative's title or code."""
    name, text = _typed(request, ("q", "initiative"))
    found = (Initiative.objects.filter(Q(title__icontains=name) | Q(code__iexact=text)).order_by("code")[:20]
             if name else [])
    return render(request, "maturity/plan_options.html",
                  {"options": [(initiative_text(i), i.get_status_display()) for i in found]})
