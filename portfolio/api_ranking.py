"""The API of the ranking and the benefit follow-up (issue 12 points 3 and 4):

- /api/ranking/?year=2026 — the region's ranked list with the capacity line (read; the ranking page's filters);
- /api/ranking-placements/ — the council's placements above or below the line (its secretariat writes);
- /api/ranking-decisions/ — the rankings as decided on a date, with their entries (read; POST records one);
- /api/benefit-outcomes/ — outcomes of expected benefits per year (the initiative's owner writes);
- /api/initiative-actual-costs/ — what an initiative actually cost in a year beside the estimate (its owner)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core import access
from core.api import CodeRelatedField, VersionedViewSetMixin, as_drf_error
from core.permissions import WritesOnlyForWriters
from decisions.models import Decision

from . import actions_followup, actions_ranking, queries_ranking
from .models import (
    Benefit,
    BenefitOutcome,
    Initiative,
    InitiativeCost,
    PortfolioYear,
    RankedEntry,
    RankingDecision,
    RankingOverride,
)


def _council_only(user, portfolio_year):
    if not access.may_decide(user, portfolio_year):
        raise PermissionDenied("Only the secretariat of the year's council places initiatives and records the "
                               "ranking.")


class YearField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "year")
        kwargs.setdefault("queryset", PortfolioYear.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not (str(data).isascii() and str(data).isdigit()) or len(str(data)) > 4:
            self.fail("invalid")
        return super().to_internal_value(data)


# The ranking ------------------------------------------------------------------------------------------------------

class RankedRowSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    initiative = serializers.CharField(source="code", help_text="The initiative's code.")
    title = serializers.CharField()
    status = serializers.CharField()
    proposer = serializers.CharField(source="proposer_code", help_text="The proposing organisation's code.")
    score = serializers.DecimalField(max_digits=7, decimal_places=3)
    cost = serializers.IntegerField(help_text="Estimated investment + running cost of the year, öre.")
    cumulative = serializers.IntegerField(help_text="Running sum of the cost down the list, öre.")
    above_line = serializers.BooleanField()
    placement = serializers.CharField(help_text='"above", "below" or "" (ranked by score).')
    reason = serializers.CharField(help_text="The council's reason for the placement.")


YEAR_PARAMETER = OpenApiParameter("year", OpenApiTypes.INT, required=False,
                                  description="The portfolio year; the latest one without it.")


class RankingView(APIView):
    """The region's ranking of a year as it stands (portfolio/ranking.py explains the order and the line). Filters
    narrow the rows; positions stay those of the whole region. One object (the line's figures and a page of rows),
    so a plain view rather than a list of a viewset, which the description would call an array."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[YEAR_PARAMETER, *[OpenApiParameter(name, OpenApiTypes.STR, required=False)
                                                 for name in ("q", "focus_area", "proposer", "line")]],
                   responses=inline_serializer("RankingPage", {
                       "year": serializers.IntegerField(), "capacity": serializers.IntegerField(),
                       "above_cost": serializers.IntegerField(), "overdrawn": serializers.IntegerField(),
                       "line_after": serializers.IntegerField(), "count": serializers.IntegerField(),
                       "next": serializers.CharField(allow_null=True), "previous": serializers.CharField(allow_null=True),
                       "results": RankedRowSerializer(many=True)}))
    def get(self, request):
        raw = request.query_params.get("year")
        if raw is None:
            portfolio_year = queries_ranking.latest_year()
            if portfolio_year is None:
                raise ValidationError({"year": "No portfolio year is registered."})
        elif not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
            raise ValidationError({"year": "Give the year as four digits."})
        else:
            portfolio_year = PortfolioYear.objects.filter(year=int(raw)).first()
            if portfolio_year is None:
                raise ValidationError({"year": f"No portfolio year {int(raw)} is registered."})
        filterset, result, rows = queries_ranking.filtered(portfolio_year, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        paginator = self.paginator_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return Response({"year": result.year, "capacity": result.capacity, "above_cost": result.above_cost,
                         "overdrawn": result.overdrawn, "line_after": result.line_after, "count": len(rows),
                         "next": paginator.get_next_link(), "previous": paginator.get_previous_link(),
                         "results": RankedRowSerializer(page, many=True).data})

    @property
    def paginator_class(self):
        from rest_framework.pagination import PageNumberPagination

        return PageNumberPagination


class PlacementSerializer(serializers.ModelSerializer):
    year = YearField(source="portfolio_year")
    initiative = CodeRelatedField(queryset=Initiative.objects.all())
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = RankingOverride
        fields = ["id", "year", "initiative", "placement", "reason", "recorded_on", "recorded_by", "row_version"]
        read_only_fields = ["recorded_on", "row_version"]
        validators = []  # one placement per initiative and year: the create answers it as a field error

    def validate_reason(self, value):
        if "\x00" in value:
            raise ValidationError("The text holds a NUL character.")
        return value


class PlacementViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """A placement replaces the initiative's standing one for the year only through an update of that one."""

    serializer_class = PlacementSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    filterset_fields = ["portfolio_year__year", "placement"]
    queryset = RankingOverride.objects.select_related("portfolio_year", "initiative", "recorded_by").order_by("pk")

    def _place(self, serializer, portfolio_year, initiative):
        _council_only(self.request.user, portfolio_year)
        data = serializer.validated_data
        try:
            serializer.instance = actions_ranking.place(
                portfolio_year=portfolio_year, initiative=initiative, user=self.request.user,
                placement=data.get("placement", serializer.instance.placement if serializer.instance else None),
                reason=data.get("reason", serializer.instance.reason if serializer.instance else ""),
                placement_version=serializer.instance.row_version if serializer.instance else None)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_create(self, serializer):
        year, initiative = serializer.validated_data["portfolio_year"], serializer.validated_data["initiative"]
        _council_only(self.request.user, year)
        if RankingOverride.objects.filter(portfolio_year=year, initiative=initiative).exists():
            raise ValidationError({"initiative": "The initiative has a placement for the year already; change it."})
        self._place(serializer, year, initiative)

    def perform_update(self, serializer):
        current = serializer.instance
        for name, field in (("portfolio_year", "year"), ("initiative", "initiative")):
            if serializer.validated_data.get(name, getattr(current, name)) != getattr(current, name):
                raise ValidationError({field: "A placement stays with its year and initiative."})
        self._place(serializer, current.portfolio_year, current.initiative)

    def perform_destroy(self, instance):
        _council_only(self.request.user, instance.portfolio_year)
        actions_ranking.remove_placement(override=instance)


class RankedEntrySerializer(serializers.ModelSerializer):
    initiative = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RankedEntry
        fields = ["position", "initiative", "score", "cost", "cumulative_cost", "above_line", "reason"]


class RankingDecisionSerializer(serializers.ModelSerializer):
    year = YearField(source="portfolio_year")
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all(), required=False, allow_null=True,
                                                  help_text="The council's decision in the register (its id).")
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    entries = RankedEntrySerializer(many=True, read_only=True)

    class Meta:
        model = RankingDecision
        fields = ["id", "year", "decided_on", "decision", "capacity", "recorded_by", "recorded_at", "entries"]
        read_only_fields = ["capacity", "recorded_at"]


class RankingDecisionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """POST records the ranking as it stands as the one decided on `decided_on`; never changed afterwards."""

    serializer_class = RankingDecisionSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    filterset_fields = ["portfolio_year__year"]
    queryset = RankingDecision.objects.select_related("portfolio_year", "recorded_by").prefetch_related(
        "entries__initiative").order_by("-decided_on", "-pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        _council_only(self.request.user, data["portfolio_year"])
        try:
            serializer.instance = actions_ranking.decide_ranking(
                portfolio_year=data["portfolio_year"], decided_on=data["decided_on"],
                decision=data.get("decision"), user=self.request.user)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


# The benefit follow-up ------------------------------------------------------------------------------------------

class BenefitOutcomeSerializer(serializers.ModelSerializer):
    benefit = serializers.PrimaryKeyRelatedField(queryset=Benefit.objects.all(),
                                                 help_text="The expected benefit's id.")
    initiative = serializers.SlugRelatedField(source="benefit.initiative", slug_field="code", read_only=True)

    class Meta:
        model = BenefitOutcome
        fields = ["id", "benefit", "initiative", "year", "value", "measured_on", "note", "row_version"]
        read_only_fields = ["row_version"]
        validators = []  # one outcome per benefit and year: the create answers it as a field error

    def validate_note(self, value):
        if "\x00" in value:
            raise ValidationError("The text holds a NUL character.")
        return value


def _owner_only(user, initiative):
    if not access.may_edit(user, initiative):
        raise PermissionDenied("Only editors of the initiative's owner record its follow-up.")


class BenefitOutcomeViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = BenefitOutcomeSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    filterset_fields = ["benefit", "year", "benefit__initiative__code"]
    queryset = BenefitOutcome.objects.select_related("benefit__initiative").order_by("benefit_id", "year")

    def _record(self, serializer, benefit, year, row_version=None):
        _owner_only(self.request.user, benefit.initiative)
        data, current = serializer.validated_data, serializer.instance
        try:
            serializer.instance = actions_followup.record_outcome(
                benefit=benefit, year=year, value=data.get("value", current.value if current else None),
                measured_on=data.get("measured_on", current.measured_on if current else None),
                note=data.get("note", current.note if current else ""), row_version=row_version)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_create(self, serializer):
        benefit, year = serializer.validated_data["benefit"], serializer.validated_data["year"]
        _owner_only(self.request.user, benefit.initiative)
        if BenefitOutcome.objects.filter(benefit=benefit, year=year).exists():
            raise ValidationError({"year": "The benefit has an outcome for the year already; change it."})
        self._record(serializer, benefit, year)

    def perform_update(self, serializer):
        current = serializer.instance
        for name in ("benefit", "year"):
            if serializer.validated_data.get(name, getattr(current, name)) != getattr(current, name):
                raise ValidationError({name: "An outcome stays with its benefit and year."})
        self._record(serializer, current.benefit, current.year, row_version=current.row_version)

    def perform_destroy(self, instance):
        _owner_only(self.request.user, instance.benefit.initiative)
        instance.delete()


class ActualCostSerializer(serializers.ModelSerializer):
    initiative = CodeRelatedField(queryset=Initiative.objects.all())

    class Meta:
        model = InitiativeCost
        fields = ["id", "initiative", "year", "estimated_investment", "estimated_running", "actual_investment",
                  "actual_running", "row_version"]
        read_only_fields = ["estimated_investment", "estimated_running", "row_version"]
        validators = []
        extra_kwargs = {"actual_investment": {"min_value": 0, "max_value": 10**15},
                        "actual_running": {"min_value": 0, "max_value": 10**15}}


class ActualCostViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                        viewsets.ReadOnlyModelViewSet):
    """The actual cost of an initiative in a year (öre) beside the estimate. A POST for a year that has an estimate
    row is refused: change that row instead (PUT/PATCH with If-Match)."""

    serializer_class = ActualCostSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    filterset_fields = ["year", "initiative__code"]
    queryset = InitiativeCost.objects.select_related("initiative").order_by("initiative__code", "year")

    def _record(self, serializer, initiative, year, row_version=None):
        _owner_only(self.request.user, initiative)
        data, current = serializer.validated_data, serializer.instance
        try:
            serializer.instance = actions_followup.record_actual_cost(
                initiative=initiative, year=year, row_version=row_version,
                actual_investment=data.get("actual_investment", current.actual_investment if current else None),
                actual_running=data.get("actual_running", current.actual_running if current else None))
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_create(self, serializer):
        initiative, year = serializer.validated_data["initiative"], serializer.validated_data["year"]
        _owner_only(self.request.user, initiative)
        if InitiativeCost.objects.filter(initiative=initiative, year=year).exists():
            raise ValidationError({"year": "The initiative has a cost row for the year already; change it."})
        self._record(serializer, initiative, year)

    def perform_update(self, serializer):
        current = serializer.instance
        for name in ("initiative", "year"):
            if serializer.validated_data.get(name, getattr(current, name)) != getattr(current, name):
                raise ValidationError({name: "A cost row stays with its initiative and year."})
        self._record(serializer, current.initiative, current.year, row_version=current.row_version)


