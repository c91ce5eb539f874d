"""The impact analysis in the API: /api/impact/services/{id}/ and /api/impact/components/{id}/, read-only and
paged like every list. Services shielded from the caller are counted (`hidden`) but not listed; the impact of
a shielded service itself is refused (403) as its page is (architecture/views_impact.py)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from services.models import Service

from . import impact, views_impact


class BoardSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    volume = serializers.DecimalField(max_digits=14, decimal_places=2)
    unit = serializers.CharField()


class AffectedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    external_id = serializers.CharField(allow_blank=True)
    depth = serializers.IntegerField(help_text="Shortest number of steps from the start.")
    criticality = serializers.ChoiceField(choices=Service.Criticality.choices)
    owner = serializers.CharField(allow_null=True)
    boards = BoardSerializer(many=True, help_text="The organisations consuming the service and their usage.")


class DepthCountSerializer(serializers.Serializer):
    depth = serializers.IntegerField()
    services = serializers.IntegerField()


class ImpactPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Services listed (after the filters), over all pages.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    direction = serializers.ChoiceField(choices=impact.DIRECTIONS)
    total = serializers.IntegerField(help_text="Every service reached, those hidden from you included.")
    hidden = serializers.IntegerField(help_text="Services reached whose details you may not see: not listed.")
    per_depth = DepthCountSerializer(many=True)
    cycle = serializers.ListField(child=serializers.IntegerField(),
                                  help_text="Ids of the services in a cycle with the start (reached both ways).")
    results = AffectedSerializer(many=True)


PARAMETERS = [
    OpenApiParameter("depth", OpenApiTypes.INT, description="Only services at this depth."),
    OpenApiParameter("criticality", OpenApiTypes.STR, enum=[c for c, _ in Service.Criticality.choices]),
    OpenApiParameter("q", OpenApiTypes.STR, description="Name contains."),
    OpenApiParameter("sort", OpenApiTypes.STR, enum=list(impact.SORTS)),
    OpenApiParameter("page", OpenApiTypes.INT, description="A page number within the paginated result set."),
]
DIRECTION = OpenApiParameter("direction", OpenApiTypes.STR, enum=list(impact.DIRECTIONS),
                             description="stops: what stops if the service stops (default); needs: what it needs.")


class _ImpactView(GenericAPIView):
    component = False
    serializer_class = ImpactPageSerializer

    def get_queryset(self):  # for the schema only
        return Service.objects.none()

    def get(self, request, pk):
        form = views_impact.ImpactForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({field: [error["message"] for error in errors]
                                   for field, errors in form.errors.get_json_data().items()})
        try:
            start = views_impact._start(request, pk, self.component)
        except Http404 as missing:
            raise NotFound() from missing
        except DjangoPermissionDenied as refused:
            raise PermissionDenied(str(refused)) from refused
        result = views_impact._result(request, start, form)
        rows = views_impact._rows(form, result)
        page = self.paginate_queryset(rows)
        found = impact.details(page)
        return Response({
            "count": len(rows),
            "next": self.paginator.get_next_link(),
            "previous": self.paginator.get_previous_link(),
            "direction": result.direction,
            "total": result.total,
            "hidden": result.hidden_count,
            "per_depth": [{"depth": d, "services": n} for d, n in result.per_depth()],
            "cycle": [row.id for row in result.cycle],
            "results": [{
                "id": row.id, "name": row.name, "external_id": found[row.id]["external_id"], "depth": row.depth,
                "criticality": row.criticality, "owner": found[row.id]["owner"],
                "boards": [{"organisation": name, "volume": f"{volume:.2f}", "unit": unit}
                           for name, volume, _label, unit in found[row.id]["boards"]],
            } for row in page],
        })


class ServiceImpactView(_ImpactView):
    @extend_schema(operation_id="impact_service", responses=ImpactPageSerializer,
                   parameters=[DIRECTION, *PARAMETERS], summary="What stops if the service stops, or what it needs")
    def get(self, request, pk):
        return super().get(request, pk)


class ComponentImpactView(_ImpactView):
    component = True

    @extend_schema(operation_id="impact_component", responses=ImpactPageSerializer, parameters=PARAMETERS,
                   summary="What stops if the component stops")
    def get(self, request, pk):
        return super().get(request, pk)
