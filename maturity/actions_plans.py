"""Write use-cases for action plans (issue 12 point 7; 004 §6.3). Each is atomic and refuses a user whom
core.access does not let edit the plan: the editors of the plan's owning organisation and administrators.

Rules kept here as well as in the database: a unit's plan is owned by the unit's organisation (a region-wide plan
by the organisation that carries it, e.g. the regional management office); a goal is tied to a category of the
round's model; an activity's goal is one of its own plan's; one plan per unit and round, one region-wide plan per
round (constraints)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import access, versioning

from .models import ActionPlan, Activity, Goal

PLAN_FIELDS = ("title", "adopted_on")
GOAL_FIELDS = ("category", "text", "target")
ACTIVITY_FIELDS = ("goal", "title", "responsible", "due", "status", "level", "initiative")


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def refuse_unless_editor(user, obj):
    if not access.may_write(user) or not access.may_edit(user, obj):
        raise PermissionDenied(_("Only editors of the plan's owner and administrators may change an action plan."))


def _check_plan(plan):
    if plan.unit_id and plan.owner_id != plan.unit.organisation_id:
        raise ValidationError({"owner": _("A unit's action plan is owned by the unit's organisation, %(org)s.")
                               % {"org": plan.unit.organisation}}, code="owner_not_units")
    if plan.unit_id and not plan.round.round_units.filter(unit_id=plan.unit_id).exists():
        raise ValidationError({"unit": _("%(unit)s was not assessed in %(round)s.")
                               % {"unit": plan.unit, "round": plan.round}}, code="unit_not_in_round")


def _versioned(obj, expected_version):
    if expected_version is not None:
        versioning.check(obj, expected_version)
        obj.row_version = int(expected_version)


@transaction.atomic
def create_plan(*, user, round, unit=None, owner=None, title, adopted_on=None):
    """A plan for `unit` in `round`, or region-wide (no unit) owned by `owner`."""
    plan = ActionPlan(round=round, unit=unit, owner=owner if owner is not None or unit is None else unit.organisation,
                      title=title, adopted_on=adopted_on)
    if plan.owner_id is None:
        raise ValidationError({"owner": _("Name the organisation that owns a region-wide plan.")}, code="required")
    refuse_unless_editor(user, plan)
    _check_plan(plan)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_plan(*, user, plan, expected_version=None, **changes):
    _unknown(changes, PLAN_FIELDS)
    refuse_unless_editor(user, plan)
    _versioned(plan, expected_version)
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


def _check_goal(goal):
    if goal.category_id and goal.category.model_id != goal.plan.round.model_id:
        raise ValidationError({"category": _("A goal is tied to a category of the round's model, %(model)s.")
                               % {"model": goal.plan.round.model}}, code="category_of_another_model")


@transaction.atomic
def add_goal(*, user, plan, **fields):
    _unknown(fields, GOAL_FIELDS)
    goal = Goal(plan=plan, **fields)
    refuse_unless_editor(user, goal)
    _check_goal(goal)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def update_goal(*, user, goal, expected_version=None, **changes):
    _unknown(changes, GOAL_FIELDS)
    refuse_unless_editor(user, goal)
    _versioned(goal, expected_version)
    for name, value in changes.items():
        setattr(goal, name, value)
    _check_goal(goal)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def remove_goal(*, user, goal, expected_version=None):
    refuse_unless_editor(user, goal)
    versioning.claim(goal, goal.row_version if expected_version is None else int(expected_version))
    goal.delete()


def _check_activity(activity):
    if activity.goal_id and activity.goal.plan_id != activity.plan_id:
        raise ValidationError({"goal": _("The goal belongs to another plan.")}, code="goal_of_another_plan")


@transaction.atomic
def add_activity(*, user, plan, **fields):
    _unknown(fields, ACTIVITY_FIELDS)
    activity = Activity(plan=plan, **fields)
    refuse_unless_editor(user, activity)
    _check_activity(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def update_activity(*, user, activity, expected_version=None, **changes):
    _unknown(changes, ACTIVITY_FIELDS)
    refuse_unless_editor(user, activity)
    _versioned(activity, expected_version)
    for name, value in changes.items():
        setattr(activity, name, value)
    _check_activity(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def remove_activity(*, user, activity, expected_version=None):
    refuse_unless_editor(user, activity)
    versioning.claim(activity, activity.row_version if expected_version is None else int(expected_version))
    activity.delete()
