"""The API of initiatives and value assessments (issue 12, points 1 and 2). Initiatives are named by code; their
services, benefits and yearly costs come nested (read-only: the pages change them). Writes go through
portfolio.actions, which refuse unless core.access lets the user make the change; lists filter with the pages'
own FilterSet."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, serializers, viewsets

from core.api import VersionedViewSetMixin, as_drf_error
from indicators.models import FocusArea
from organisations.models import Organisation

from . import actions, queries
from .filters import InitiativeFilter
from .models import (
    AssessmentScore,
    Benefit,
    Criterion,
    Initiative,
    InitiativeCost,
    InitiativeService,
    PortfolioYear,
    ValueAssessment,
)


def _call(action, **kwargs):
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


class ServiceLinkSerializer(serializers.ModelSerializer):
    service_name = serializers.CharField(source="service.name", read_only=True)

    class Meta:
        model = InitiativeService
        fields = ["service", "service_name", "effect"]
        read_only_fields = fields


class BenefitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Benefit
        fields = ["id", "kind", "description", "measure", "unit", "baseline", "target", "target_year", "direction"]
        read_only_fields = fields


class CostSerializer(serializers.ModelSerializer):
    class Meta:
        model = InitiativeCost
        fields = ["year", "estimated_investment", "estimated_running", "actual_investment", "actual_running"]
        read_only_fields = fields


class InitiativeSerializer(serializers.ModelSerializer):
    proposer = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(),
                                            help_text="The proposing organisation's code; one you edit.")
    owner = serializers.SlugRelatedField(slug_field="code", queryset=Organisation.objects.all(), required=False,
                                         help_text="The owning organisation's code; the proposer when left out.")
    focus_areas = serializers.SlugRelatedField(slug_field="code", queryset=FocusArea.objects.all(), many=True,
                                               required=False, help_text="Codes of the focus areas.")
    code = serializers.RegexField(r"^[-a-zA-Z0-9_]+$", max_length=40, required=False,
                                  help_text="Unique code, e.g. INI-2026-13; the next free one of the year when left "
                                            "out. Not changed afterwards.")
    services = ServiceLinkSerializer(source="service_links", many=True, read_only=True)
    benefits = BenefitSerializer(many=True, read_only=True)
    costs = CostSerializer(many=True, read_only=True,
                           help_text="Estimated and actual costs per year, in öre.")

    class Meta:
        model = Initiative
        fields = ["id", "code", "title", "need", "need_of", "proposer", "owner", "focus_areas", "funding", "risks",
                  "status", "status_changed_on", "started_by", "services", "benefits", "costs", "row_version"]
        read_only_fields = ["status", "status_changed_on", "started_by", "row_version"]

    def validate_code(self, value):
        if self.instance is not None and value != self.instance.code:
            raise serializers.ValidationError("An initiative keeps its code.")
        clash = Initiative.objects.filter(code=value)
        if self.instance is None and clash.exists():
            raise serializers.ValidationError("Another initiative has this code.")
        return value


class InitiativeViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                        mixins.UpdateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Digitalisation initiatives: the need, the proposing and owning organisations, focus areas, the services
    they create, change or retire, expected benefits and yearly costs (öre), funding, risks and status. The status
    moves by the pages' actions: assessed with a value assessment, decided only with an investment decision."""

    serializer_class = InitiativeSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = InitiativeFilter
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return queries.initiatives_visible_to(self.request.user).prefetch_related(
            "service_links__service", "benefits", "costs").order_by("code")

    def _fields(self, data):
        data = dict(data)
        focus_areas = data.pop("focus_areas", None)
        return data, focus_areas

    def perform_create(self, serializer):
        data, focus_areas = self._fields(serializer.validated_data)
        initiative = _call(actions.create_initiative, user=self.request.user, focus_areas=focus_areas or (), **data)
        serializer.instance = self.get_queryset().get(pk=initiative.pk)

    def perform_update(self, serializer):
        data, focus_areas = self._fields(serializer.validated_data)
        data.pop("code", None)
        initiative = _call(actions.update_initiative, user=self.request.user, initiative=serializer.instance,
                           expected_version=serializer.instance.row_version, focus_areas=focus_areas, **data)
        serializer.instance = self.get_queryset().get(pk=initiative.pk)


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.SlugRelatedField(slug_field="code", queryset=Criterion.objects.all(),
                                             help_text="The criterion's code.")
    score = serializers.IntegerField(min_value=0, max_value=100, help_text="0 to the criterion's highest score.")

    class Meta:
        model = AssessmentScore
        fields = ["criterion", "score", "justification"]


class ValueAssessmentSerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="code", queryset=Initiative.objects.all(),
                                              help_text="The initiative's code.")
    year = serializers.SlugRelatedField(source="portfolio_year", slug_field="year",
                                        queryset=PortfolioYear.objects.all(), help_text="The portfolio year.")
    scores = ScoreSerializer(many=True, help_text="A score for every active criterion weighted for the year.")

    class Meta:
        model = ValueAssessment
        fields = ["id", "initiative", "year", "assessed_on", "summary", "scores", "score", "row_version"]
        read_only_fields = ["score", "row_version"]
        validators = []  # recording again for the same year replaces the assessment (the action decides)

    def validate_scores(self, value):
        codes = [row["criterion"].code for row in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError("Each criterion is scored once.")
        return value


class ValueAssessmentViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                             viewsets.GenericViewSet):
    """Value assessments: an initiative's scores on the year's criteria and its weighted score (0–100),
    Σ(weight × score ÷ highest score) ÷ Σ weight × 100. Recorded by the governance office (editors of the year's
    council); recording again for the same year replaces the assessment unless an investment decision rests on
    it."""

    serializer_class = ValueAssessmentSerializer

    def get_queryset(self):
        return (ValueAssessment.objects.select_related("initiative", "portfolio_year")
                .prefetch_related("scores__criterion").order_by("-portfolio_year__year", "initiative__code"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        scores = {row["criterion"]: (row["score"], row.get("justification", "")) for row in data["scores"]}
        assessment = _call(actions.record_assessment, user=self.request.user, initiative=data["initiative"],
                           portfolio_year=data["portfolio_year"], scores=scores, summary=data.get("summary", ""),
                           assessed_on=data.get("assessed_on"))
        serializer.instance = self.get_queryset().get(pk=assessment.pk)
