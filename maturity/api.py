"""The API of maturity models, units, rounds and results (read; issue 12 points 5 and 6). Models, rounds and
answers are written on the pages by administrators (imports validated row by row); results are computed by
maturity.actions.aggregate. Lists filter with the pages' FilterSets."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets

from core.api import ETagReadMixin

from .filters import ModelFilter, ResultFilter, RoundFilter, UnitFilter
from .models import Category, Dimension, MaturityModel, MeasurementPoint, Result, Round, RoundUnit, Unit


class MaturityPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasurementPoint
        fields = ["id", "code", "text", "scale_min", "scale_max", "weight", "order"]


class MaturityCategorySerializer(serializers.ModelSerializer):
    points = MaturityPointSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "order", "points"]


class MaturityDimensionSerializer(serializers.ModelSerializer):
    categories = MaturityCategorySerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["id", "code", "name", "order", "categories"]


class MaturityModelSerializer(serializers.ModelSerializer):
    dimensions = MaturityDimensionSerializer(many=True, read_only=True)

    class Meta:
        model = MaturityModel
        fields = ["id", "code", "version", "name", "description", "source", "dimensions", "row_version"]


class MaturityModelViewSet(ETagReadMixin, viewsets.ReadOnlyModelViewSet):
    """Maturity models by version, with their dimensions, categories and measurement points."""

    serializer_class = MaturityModelSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ModelFilter
    queryset = MaturityModel.objects.prefetch_related("dimensions__categories__points").order_by("code", "version")


class MaturityUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "organisation", "row_version"]


class UnitViewSet(ETagReadMixin, viewsets.ReadOnlyModelViewSet):
    """Units assessed in rounds: an organisation or a unit within one."""

    serializer_class = MaturityUnitSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = UnitFilter
    queryset = Unit.objects.order_by("code")


class MaturityRoundUnitSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The unit's code.")

    class Meta:
        model = RoundUnit
        fields = ["unit", "invited"]


class MaturityRoundSerializer(serializers.ModelSerializer):
    units = MaturityRoundUnitSerializer(source="round_units", many=True, read_only=True)

    class Meta:
        model = Round
        fields = ["id", "name", "model", "period_start", "period_end", "status", "plan_within_days",
                  "aggregated_at", "units", "row_version"]


class RoundViewSet(ETagReadMixin, viewsets.ReadOnlyModelViewSet):
    """Assessment rounds with their units and the numbers invited; `aggregated_at` says how fresh the results are."""

    serializer_class = MaturityRoundSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RoundFilter
    queryset = Round.objects.prefetch_related("round_units__unit").order_by("-period_end", "pk")


class MaturityResultSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The unit's code.")
    level = serializers.SerializerMethodField(help_text="point, category, dimension or total.")
    code = serializers.SerializerMethodField(help_text="The point's, category's or dimension's code; empty for "
                                                       "the total.")

    class Meta:
        model = Result
        fields = ["id", "round", "unit", "level", "code", "mean", "spread", "respondents", "response_rate"]

    def get_level(self, row) -> str:
        return "point" if row.point_id else "category" if row.category_id else "dimension" if row.dimension_id \
            else "total"

    def get_code(self, row) -> str:
        target = row.point or row.category or row.dimension
        return target.code if target else ""


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """A round's aggregated results per unit: mean, spread (population standard deviation of the respondents'
    scores), respondents and response rate, at point, category, dimension and total level."""

    serializer_class = MaturityResultSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ResultFilter
    queryset = Result.objects.select_related("unit", "point", "category", "dimension").order_by("round", "unit", "pk")
