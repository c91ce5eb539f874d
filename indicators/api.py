"""The API of the yearly follow-up: indicators, their years (target, forecast), outcomes, deviations and action
plans. Every write goes through indicators.actions, like the pages'; updates need If-Match (core.api). The
outcome and year serializers are also the import's checkers (indicators.imports)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core import access
from core.api import CodeRelatedField, ETagReadMixin, VersionedViewSetMixin, as_drf_error, optional_version
from core.permissions import WritesOnlyForWriters
from organisations.models import Organisation

from . import actions
from .filters import DeviationFilter, IndicatorFilter
from .forms import COMPUTED_EDITABLE
from .models import YEAR_MAX, YEAR_MIN, Deviation, FocusArea, Indicator, IndicatorYear, Outcome, PlanAction

YEAR = {"min_value": YEAR_MIN, "max_value": YEAR_MAX}
ID = r"\d{1,18}"  # a longer number is no id (and would overflow the lookup)
VERSION = {"read_only": True, "help_text": "Send it back as If-Match with an update."}


def _call(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


def _user(serializer):
    return getattr(serializer.context.get("request"), "user", None)


class OwnerMayEdit(permissions.BasePermission):
    """Everyone signed in reads; the editors of the indicator's owner and administrators write."""

    message = gettext_lazy("Only editors of the indicator's owner and administrators may change it.")

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or access.may_edit(request.user, obj)


PERMISSIONS = [permissions.IsAuthenticated, WritesOnlyForWriters, OwnerMayEdit]


def _check_may_edit(user, indicator):
    if not access.may_edit(user, indicator):
        raise PermissionDenied(OwnerMayEdit.message)


def _unchanged(serializer, attrs, names):
    """Fields that name what a record is about cannot be changed by an update."""
    if serializer.instance is None:
        return
    changed = {name: _("This cannot be changed; record a new one instead.") for name in names
               if name in attrs and attrs[name] != getattr(serializer.instance, name)}
    if changed:
        raise serializers.ValidationError(changed)


# Indicators -------------------------------------------------------------------------------------------------

class IndicatorSerializer(serializers.ModelSerializer):
    owner = CodeRelatedField(queryset=Organisation.objects.all(), help_text="Code of the owning organisation.")
    focus_area = CodeRelatedField(queryset=FocusArea.objects.all(), allow_null=True, required=False,
                                  help_text="Code of the focus area.")
    row_version = serializers.IntegerField(**VERSION)

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "definition", "source", "frequency", "unit", "direction", "kind",
                  "computation", "owner", "focus_area", "deviation_threshold", "active", "row_version"]
        read_only_fields = ["kind", "computation"]
        extra_kwargs = {"deviation_threshold": {"min_value": 0}}

    def validate(self, attrs):
        if self.instance is not None and self.instance.kind == Indicator.Kind.COMPUTED:
            fixed = {name: _("A computed indicator takes this from the register's count.") for name, value in
                     attrs.items() if name not in COMPUTED_EDITABLE and value != getattr(self.instance, name)}
            if fixed:
                raise serializers.ValidationError(fixed)
        return attrs

    def create(self, validated_data):
        return _call(actions.create_indicator, **validated_data)

    def update(self, instance, validated_data):
        changes = {k: v for k, v in validated_data.items() if getattr(instance, k) != v}
        return _call(actions.update_indicator, indicator=instance, row_version=instance.row_version, **changes)


class IndicatorViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                       mixins.UpdateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Indicators (C10): entered ones with their source named, and those computed from the register. The
    editors of an organisation set indicators it owns (000 §4.2); administrators any."""

    serializer_class = IndicatorSerializer
    permission_classes = PERMISSIONS
    filterset_class = IndicatorFilter
    lookup_value_regex = ID
    queryset = Indicator.objects.select_related("owner", "focus_area").order_by("code")

    def perform_create(self, serializer):
        if not access.may_edit_for(self.request.user, serializer.validated_data["owner"].pk):
            raise PermissionDenied(_("You may set indicators only for organisations you edit for."))
        serializer.save()

    def perform_update(self, serializer):
        owner = serializer.validated_data.get("owner")
        if owner is not None and not access.may_edit_for(self.request.user, owner.pk):
            raise PermissionDenied(_("You may set indicators only for organisations you edit for."))
        serializer.save()


# A year's target and forecast --------------------------------------------------------------------------------

class IndicatorYearSerializer(serializers.ModelSerializer):
    indicator = CodeRelatedField(queryset=Indicator.objects.all(), help_text="Code of the indicator.")
    year = serializers.IntegerField(**YEAR)
    forecast_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    row_version = serializers.IntegerField(**VERSION)

    class Meta:
        model = IndicatorYear
        fields = ["id", "indicator", "year", "target", "forecast", "forecast_comment", "forecast_by", "forecast_at",
                  "row_version"]
        read_only_fields = ["forecast_at"]
        validators = []  # a second row for the year is refused by validate(), on the field

    def validate(self, attrs):
        _unchanged(self, attrs, ["indicator", "year"])
        if self.instance is None and not self.context.get("upsert"):
            if IndicatorYear.objects.filter(indicator=attrs["indicator"], year=attrs["year"]).exists():
                raise serializers.ValidationError({"year": _("The indicator has this year already; update it.")})
        return attrs

    def create(self, validated_data):
        with transaction.atomic():
            row = None
            if validated_data.get("target") is not None:
                row, _evaluations = _call(actions.set_target, indicator=validated_data["indicator"],
                                          year=validated_data["year"], target=validated_data["target"])
            if validated_data.get("forecast") is not None:
                row, _evaluations = _call(actions.enter_forecast, indicator=validated_data["indicator"],
                                          year=validated_data["year"], forecast=validated_data["forecast"],
                                          comment=validated_data.get("forecast_comment", ""), user=_user(self))
            if row is None:
                raise serializers.ValidationError({"target": _("Give a target, a forecast or both.")})
        return row

    def update(self, instance, validated_data):
        expected = instance.row_version
        with transaction.atomic():
            if "target" in validated_data and validated_data["target"] != instance.target:
                instance, _evaluations = _call(actions.set_target, indicator=instance.indicator, year=instance.year,
                                               target=validated_data["target"], row_version=expected)
                expected = None  # checked once
            forecast = validated_data.get("forecast", instance.forecast)
            comment = validated_data.get("forecast_comment", instance.forecast_comment)
            if forecast != instance.forecast or comment != instance.forecast_comment:
                if forecast is None:
                    raise serializers.ValidationError({"forecast": _("A forecast is replaced, not removed.")})
                instance, _evaluations = _call(actions.enter_forecast, indicator=instance.indicator,
                                               year=instance.year, forecast=forecast, comment=comment,
                                               user=_user(self), row_version=expected)
        return instance


class IndicatorYearViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                           mixins.UpdateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """An indicator's target and forecast per year. A forecast records who made it and when; every change is
    compared with the target and may open a deviation (002 §11)."""

    serializer_class = IndicatorYearSerializer
    permission_classes = PERMISSIONS
    filterset_fields = ["indicator", "year"]
    lookup_value_regex = ID
    queryset = IndicatorYear.objects.select_related("indicator", "forecast_by").order_by("indicator__code", "year")

    def perform_create(self, serializer):
        _check_may_edit(self.request.user, serializer.validated_data["indicator"])
        serializer.save()


# Outcomes ---------------------------------------------------------------------------------------------------

class OutcomeSerializer(serializers.ModelSerializer):
    indicator = CodeRelatedField(queryset=Indicator.objects.all(), help_text="Code of the indicator.")
    year = serializers.IntegerField(**YEAR)
    period = serializers.ChoiceField(choices=Outcome.PERIODS, default="year")
    numerator = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    denominator = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False, allow_null=True)
    source = serializers.CharField(max_length=300, help_text="Where the figure comes from.")
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    row_version = serializers.IntegerField(**VERSION)

    class Meta:
        model = Outcome
        fields = ["id", "indicator", "year", "period", "value", "numerator", "denominator", "source", "computed_on",
                  "query_version", "recorded_by", "recorded_at", "row_version"]
        read_only_fields = ["computed_on", "query_version", "recorded_at"]
        validators = []  # a second outcome for the period is refused by validate(), on the field

    def validate(self, attrs):
        _unchanged(self, attrs, ["indicator", "year", "period"])
        if self.instance is None and not self.context.get("upsert"):
            if Outcome.objects.filter(indicator=attrs["indicator"], year=attrs["year"],
                                      period=attrs.get("period", "year")).exists():
                raise serializers.ValidationError({"period": _("An outcome for this period is recorded already; "
                                                               "update it.")})
        return attrs

    def _record(self, indicator, year, period, data, row_version=None):
        outcome, _evaluations = _call(
            actions.record_outcome, indicator=indicator, year=year, period=period, value=data["value"],
            source=data["source"], numerator=data.get("numerator"), denominator=data.get("denominator"),
            user=_user(self), row_version=row_version)
        return outcome

    def create(self, validated_data):
        return self._record(validated_data["indicator"], validated_data["year"], validated_data.get("period", "year"),
                            validated_data)

    def update(self, instance, validated_data):
        data = {name: validated_data.get(name, getattr(instance, name))
                for name in ("value", "source", "numerator", "denominator")}
        return self._record(instance.indicator, instance.year, instance.period, data, instance.row_version)


class OutcomeViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                     mixins.UpdateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Outcomes per indicator, year and period ("year", "Q1"–"Q4", "M01"–"M12"). Entered ones name their source;
    those of computed indicators come from the register (read only here)."""

    serializer_class = OutcomeSerializer
    permission_classes = PERMISSIONS
    filterset_fields = ["indicator", "year", "period"]
    lookup_value_regex = ID
    queryset = Outcome.objects.select_related("indicator", "recorded_by").order_by("indicator__code", "year", "period")

    def perform_create(self, serializer):
        _check_may_edit(self.request.user, serializer.validated_data["indicator"])
        serializer.save()


# Deviations and their action plans ---------------------------------------------------------------------------

class PlanActionSerializer(serializers.ModelSerializer):
    deviation = serializers.PrimaryKeyRelatedField(queryset=Deviation.objects.all())
    row_version = serializers.IntegerField(**VERSION)

    class Meta:
        model = PlanAction
        fields = ["id", "deviation", "action", "responsible", "due", "status", "row_version"]

    def validate(self, attrs):
        _unchanged(self, attrs, ["deviation"])
        return attrs

    def create(self, validated_data):
        return _call(actions.add_plan_action, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("deviation", None)
        changes = {k: v for k, v in validated_data.items() if getattr(instance, k) != v}
        return _call(actions.update_plan_action, plan_action=instance, row_version=instance.row_version, **changes)


class DeviationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    owner = serializers.SlugRelatedField(source="indicator.owner", slug_field="code", read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)
    row_version = serializers.IntegerField(**VERSION)

    class Meta:
        model = Deviation
        fields = ["id", "indicator", "owner", "year", "basis", "period", "value", "target", "opened_on",
                  "cause_analysis", "status", "followed_up_on", "follow_up", "actions", "row_version"]
        read_only_fields = fields


class AnalysisSerializer(serializers.Serializer):
    cause_analysis = serializers.CharField(max_length=20000)


class FollowUpSerializer(serializers.Serializer):
    follow_up = serializers.CharField(max_length=20000)
    followed_up_on = serializers.DateField(required=False, help_text="Empty: today.")


class DeviationViewSet(ETagReadMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                       viewsets.GenericViewSet):
    """Deviations from target beyond the indicator's threshold (002 §11), opened by the figures themselves. Each
    demands an analysis of causes (…/analysis/) and an action plan (/api/plan-actions/) and is closed by its
    follow-up (…/follow-up/). Open first; filter by year, owner, status and without_plan."""

    serializer_class = DeviationSerializer
    permission_classes = PERMISSIONS
    filterset_class = DeviationFilter
    lookup_value_regex = ID
    optional_if_match = {"analysis", "follow_up"}
    queryset = (Deviation.objects.select_related("indicator", "indicator__owner").prefetch_related("actions")
                .order_by("-status", "-year", "indicator__code", "basis", "period", "pk"))

    def _act(self, request, function, serializer_class):
        deviation = self.get_object()
        _check_may_edit(request.user, deviation.indicator)
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        deviation = _call(function, deviation=deviation, row_version=optional_version(request), **data.validated_data)
        response = Response(DeviationSerializer(Deviation.objects.get(pk=deviation.pk)).data)
        return self._with_etag(response)

    @extend_schema(request=AnalysisSerializer, responses=DeviationSerializer)
    @action(detail=True, methods=["post"])
    def analysis(self, request, pk=None):
        return self._act(request, actions.record_analysis, AnalysisSerializer)

    @extend_schema(request=FollowUpSerializer, responses=DeviationSerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        return self._act(request, actions.follow_up, FollowUpSerializer)


class PlanActionViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """The actions of deviations' action plans (action, responsible, due date, status). Changed while the
    deviation is open; a followed-up deviation's plan is kept as it was."""

    serializer_class = PlanActionSerializer
    permission_classes = PERMISSIONS
    filterset_fields = ["deviation", "status"]
    lookup_value_regex = ID
    queryset = PlanAction.objects.select_related("deviation__indicator").order_by("deviation_id", "due", "pk")

    def perform_create(self, serializer):
        _check_may_edit(self.request.user, serializer.validated_data["deviation"].indicator)
        serializer.save()

    def perform_destroy(self, instance):
        # The version was compared and raised by VersionedViewSetMixin.destroy() already.
        _call(actions.remove_plan_action, plan_action=instance)
