from decimal import Decimal

from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import may_change_costs
from core.api import AddVolumeMixin, CodeRelatedField, VersionedViewSetMixin
from organisations.models import Organisation
from services.models import Service

from . import actions, queries
from .filters import CostLineFilter
from .models import AllocationKey, AllocationRun, CostLine, Driver, FundingModel, Usage


class FinanceWrites(permissions.BasePermission):
    """Costs are the governance office's and finance's figures: everyone reads, finance and administrators write."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or may_change_costs(request.user)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}],
                     "description": "The service's id (answered), or its external id (accepted)."})
class ServiceRef(serializers.RelatedField):
    """A service by its id, or by its external id (as import files name it)."""

    default_error_messages = {"does_not_exist": "No service has the id or external id {value}."}

    def get_queryset(self):
        return Service.objects.all()

    def to_internal_value(self, data):
        cache = self.context.setdefault("service_cache", {})
        key = str(data).strip()
        if key not in cache:
            # isdecimal() alone would let "²" through to int(); an id is ASCII digits.
            lookup = {"pk": int(key)} if key.isascii() and key.isdecimal() else {"external_id": key}
            cache[key] = Service.objects.filter(**lookup).first() if "\x00" not in key else None
        if cache[key] is None:
            self.fail("does_not_exist", value=key)
        return cache[key]

    def use_pk_only_optimization(self):
        return True

    def to_representation(self, value):
        return value.pk


class Kronor(serializers.DecimalField):
    """Kronor with öre as decimals, stored as whole öre; a decimal comma is accepted."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=15, decimal_places=2, min_value=Decimal(0), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return int(super().to_internal_value(data) * 100)

    def to_representation(self, value):
        return f"{Decimal(value) / 100:.2f}"


class CostLineSerializer(serializers.ModelSerializer):
    service = ServiceRef()
    amount_sek = Kronor(source="amount_ore")

    class Meta:
        model = CostLine
        fields = ["id", "service", "year", "cost_type", "figure", "amount_sek", "note", "row_version"]
        validators = []  # the import matches on (service, year, cost_type, figure) and updates

    def validate(self, attrs):
        clash = CostLine.objects.filter(service=attrs.get("service"), year=attrs.get("year"),
                                        cost_type=attrs.get("cost_type"), figure=attrs.get("figure"))
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if not self.context.get("upsert") and clash.exists():
            raise serializers.ValidationError({"cost_type": "That cost type already has a line for the year."})
        return attrs


class UsageSerializer(serializers.ModelSerializer):
    service = ServiceRef()
    organisation = CodeRelatedField(queryset=Organisation.objects.all())
    driver = CodeRelatedField(queryset=Driver.objects.all())

    class Meta:
        model = Usage
        fields = ["id", "service", "year", "organisation", "driver", "volume", "row_version"]
        validators = []

    def validate_volume(self, value):
        if value < 0:
            raise serializers.ValidationError("A volume cannot be negative.")
        return value


class AllocationKeySerializer(serializers.ModelSerializer):
    organisation = CodeRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = AllocationKey
        fields = ["organisation", "percent"]


class FundingModelSerializer(serializers.ModelSerializer):
    service = ServiceRef()
    driver = CodeRelatedField(queryset=Driver.objects.all(), required=False, allow_null=True)
    funder = CodeRelatedField(queryset=Organisation.objects.all(), required=False, allow_null=True)
    keys = AllocationKeySerializer(many=True, required=False)

    class Meta:
        model = FundingModel
        fields = ["id", "service", "year", "method", "driver", "funder", "decision", "keys", "row_version"]

    def validate(self, attrs):
        method = attrs.get("method", getattr(self.instance, "method", None))
        if method == FundingModel.Method.VOLUME and not attrs.get("driver", getattr(self.instance, "driver", None)):
            raise serializers.ValidationError({"driver": "A volume-based fee needs a usage driver."})
        if method == FundingModel.Method.COMMON and not (
                attrs.get("funder") and attrs.get("decision")):
            raise serializers.ValidationError(
                {"funder": "Funding in common needs the funding organisation and the decision (its id)."})
        keys = attrs.get("keys")
        if method == FundingModel.Method.FIXED_KEY and keys is not None:
            total = sum((k["percent"] for k in keys), Decimal(0))
            if total != 100:
                raise serializers.ValidationError({"keys": f"The percentages sum to {total}, not 100."})
        return attrs

    def create(self, validated_data):
        keys = validated_data.pop("keys", [])
        model = FundingModel.objects.create(**validated_data)
        AllocationKey.objects.bulk_create([AllocationKey(funding_model=model, **k) for k in keys])
        return model

    def update(self, instance, validated_data):
        keys = validated_data.pop("keys", None)
        instance = super().update(instance, validated_data)
        if keys is not None:
            instance.keys.all().delete()
            AllocationKey.objects.bulk_create([AllocationKey(funding_model=instance, **k) for k in keys])
        return instance


class DriverSerializer(serializers.ModelSerializer):
    class Meta:
        model = Driver
        fields = ["code", "name", "row_version"]


class AllocationRunSerializer(serializers.ModelSerializer):
    final_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True,
                                            help_text="Who marked the run final, or null.")

    class Meta:
        model = AllocationRun
        fields = ["id", "year", "figure", "created_at", "total_cost_ore", "allocated_ore", "problems", "is_final",
                  "final_at", "final_by"]
        extra_kwargs = {"final_at": {"read_only": True}}

    is_final = serializers.BooleanField(read_only=True, help_text="The run finance takes for its year and figure; "
                                        "every other run is a draft.")


class CostLineViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = CostLineSerializer
    permission_classes = [permissions.IsAuthenticated, FinanceWrites]
    queryset = CostLine.objects.order_by("service_id", "year", "cost_type", "figure")
    filterset_class = CostLineFilter  # the one filter of the page, the API and the export


class UsageViewSet(AddVolumeMixin, VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = UsageSerializer
    permission_classes = [permissions.IsAuthenticated, FinanceWrites]
    queryset = Usage.objects.select_related("organisation", "driver").order_by("service_id", "year", "id")
    filterset_fields = ["service", "year"]


class FundingModelViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = FundingModelSerializer
    permission_classes = [permissions.IsAuthenticated, FinanceWrites]
    queryset = FundingModel.objects.select_related("driver", "funder").prefetch_related("keys__organisation").order_by(
        "service_id", "year")
    filterset_fields = ["service", "year", "method"]


class DriverViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = DriverSerializer
    permission_classes = [permissions.IsAuthenticated, FinanceWrites]
    queryset = Driver.objects.all()
    lookup_field = "code"


class AllocationRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AllocationRunSerializer
    queryset = AllocationRun.objects.select_related("final_by")
    filterset_fields = ["year", "figure"]

    @extend_schema(request=None, responses=AllocationRunSerializer)
    @action(detail=True, methods=["post"], url_path="mark-final", filter_backends=[])
    def mark_final(self, request, pk=None):
        """Mark the run as the one finance takes for its year and figure; one marked before goes back to draft.
        Administrators only (403 otherwise)."""
        run = actions.mark_final(run=self.get_object(), user=request.user)
        return Response(self.get_serializer(AllocationRun.objects.select_related("final_by").get(pk=run.pk)).data)

    # A list of rows per organisation, not a page of runs: no filters, no paging, and declared so.
    @extend_schema(responses=inline_serializer("AllocationSummaryRow", {
        "organisation": serializers.CharField(help_text="Code of the organisation."),
        "name": serializers.CharField(),
        "amount_ore": serializers.IntegerField(),
    }, many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request, pk=None):
        """Amount per organisation (öre)."""
        return Response([{"organisation": organisation.code, "name": organisation.name, "amount_ore": amount}
                         for organisation, amount in queries.summary(self.get_object())])
