"""The API of action plans, their goals and activities (issue 12 point 7). Every write goes through
maturity.actions_plans (which refuse unless core.access lets the user edit the plan: its owner's editors and
administrators); anyone signed in reads. The plan list filters with the page's own FilterSet."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from core.api import VersionedViewSetMixin, as_drf_error
from organisations.models import Organisation
from portfolio.models import Initiative

from . import actions_plans as actions
from .filters_plans import ID, PlanFilter
from .models import ActionPlan, Activity, Category, Goal, Round, Unit


def _call(action, **kwargs):
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


def _keeps(serializer, data, names):
    """A plan keeps its round, unit and owner; a goal and an activity keep their plan."""
    if serializer.instance is not None:
        for name in names:
            if name in data and getattr(data[name], "pk", data[name]) != getattr(serializer.instance, f"{name}_id"):
                raise ValidationError({name: [_("This cannot be changed; record a new one instead.")]})
    return data


class ActionPlanSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all(), help_text="The round's id.")
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False,
                                              help_text="The assessed unit's id; null for a region-wide plan.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False,
        help_text="The owning organisation's id; a unit's plan is its organisation's (taken when left out).")

    class Meta:
        model = ActionPlan
        fields = ["id", "round", "unit", "owner", "title", "adopted_on", "row_version"]
        read_only_fields = ["row_version"]

    def validate(self, data):
        return _keeps(self, data, ("round", "unit", "owner"))


class ActionPlanViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Action plans per unit (or region-wide) for a maturity round (004 §6.3). A plan is not deleted through the
    API: an adopted plan is part of the record."""

    serializer_class = ActionPlanSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = ActionPlan.objects.select_related("round", "unit", "owner").order_by("id")

    def perform_create(self, serializer):
        serializer.instance = _call(actions.create_plan, user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in actions.PLAN_FIELDS}
        serializer.instance = _call(actions.update_plan, user=self.request.user, plan=serializer.instance,
                                    expected_version=serializer.instance.row_version, **data)


class GoalSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all(), help_text="The plan's id.")
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(),
                                                  help_text="A category of the round's model (its id).")

    class Meta:
        model = Goal
        fields = ["id", "plan", "category", "text", "target", "row_version"]
        read_only_fields = ["row_version"]

    def validate(self, data):
        return _keeps(self, data, ("plan",))


class GoalFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan (id)"), **ID)

    class Meta:
        model = Goal
        fields = ["plan"]


class GoalViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """A plan's goals, each tied to a category of the round's model, with a target level on the answer scale."""

    serializer_class = GoalSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = GoalFilter
    queryset = Goal.objects.select_related("plan").order_by("id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _call(actions.add_goal, user=self.request.user, plan=data.pop("plan"), **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in actions.GOAL_FIELDS}
        serializer.instance = _call(actions.update_goal, user=self.request.user, goal=serializer.instance,
                                    expected_version=serializer.instance.row_version, **data)

    def perform_destroy(self, instance):
        _call(actions.remove_goal, user=self.request.user, goal=instance, expected_version=instance.row_version)


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all(), help_text="The plan's id.")
    goal = serializers.PrimaryKeyRelatedField(queryset=Goal.objects.all(), allow_null=True, required=False,
                                              help_text="One of the plan's goals (its id).")
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.all(), allow_null=True, required=False,
        help_text="The portfolio initiative that carries the activity (its id), if any.")

    class Meta:
        model = Activity
        fields = ["id", "plan", "goal", "title", "responsible", "due", "status", "level", "initiative",
                  "row_version"]
        read_only_fields = ["row_version"]

    def validate(self, data):
        return _keeps(self, data, ("plan",))


class ActivityFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", label=_("Plan (id)"), **ID)
    status = django_filters.ChoiceFilter(choices=Activity.Status.choices, label=_("Status"))
    level = django_filters.ChoiceFilter(choices=Activity.Level.choices, label=_("Done"))

    class Meta:
        model = Activity
        fields = ["plan", "status", "level"]


class ActivityViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """A plan's activities: responsible, due date, status, whether done locally or centrally (004 §6.3), and the
    portfolio initiative that carries it."""

    serializer_class = ActivitySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActivityFilter
    queryset = Activity.objects.select_related("plan").order_by("id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = _call(actions.add_activity, user=self.request.user, plan=data.pop("plan"), **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in actions.ACTIVITY_FIELDS}
        serializer.instance = _call(actions.update_activity, user=self.request.user, activity=serializer.instance,
                                    expected_version=serializer.instance.row_version, **data)

    def perform_destroy(self, instance):
        _call(actions.remove_activity, user=self.request.user, activity=instance,
              expected_version=instance.row_version)
