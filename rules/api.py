from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from organisations.models import Domain, Organisation
from services.models import Service
from services.queries import services_with_owner

from . import queries
from .filters import FindingFilter


class RuleSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField()
    severity = serializers.CharField()
    skipped = serializers.CharField(allow_blank=True)
    applicable = serializers.IntegerField()
    failing = serializers.IntegerField()


def _rules(counted):
    return [{"id": r.id, "text": r.text, "source": r.source, "severity": r.severity, "skipped": r.skipped,
             "applicable": a, "failing": f} for r, a, f in counted]


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    severity = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField()
    # What the finding is about: a service, or a row of another register (an indicator's deviation, R17) named
    # by its label and link; service and domain are then null (docs/decisions/0016).
    subject = serializers.CharField()
    subject_id = serializers.IntegerField()
    label = serializers.CharField()
    link = serializers.CharField(allow_null=True)
    service_id = serializers.IntegerField(allow_null=True)
    service = serializers.CharField(allow_null=True)
    external_id = serializers.CharField(allow_null=True)
    owner = serializers.CharField(allow_null=True)
    owner_name = serializers.CharField(allow_null=True)
    domain = serializers.CharField(allow_null=True)
    domain_name = serializers.CharField(allow_null=True)


class RulesView(APIView):
    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request):
        return Response(_rules(queries.counts()))


class FindingsView(GenericAPIView):
    """Pages like every list (the default page size, `page`): a region's findings run to tens of megabytes in
    one answer."""

    # Declared so that the OpenAPI description lists the filter's parameters; get() applies it itself.
    filter_backends = [DjangoFilterBackend]
    filterset_class = FindingFilter
    serializer_class = FindingSerializer

    @extend_schema(responses=FindingSerializer(many=True))
    def get(self, request):
        filterset = FindingFilter(request.query_params, queryset=services_with_owner())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.findings(user=request.user))
        return self.get_paginated_response(FindingSerializer(page, many=True).data)

    def get_queryset(self):  # for the schema's filter parameters
        return Service.objects.none()


class ScorecardView(APIView):
    @extend_schema(responses=RuleSerializer(many=True), parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["organisations", "domains"]),
        OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH,
                         description="Code of the organisation or domain."),
    ])
    def get(self, request, kind, code):
        if kind == "organisations":
            organisation = Organisation.objects.filter(code=code).first()
            if organisation is None:
                raise NotFound("No such organisation.")
            services = services_with_owner().filter(owner_id=organisation.pk).values("pk")
            return Response(_rules(queries.counts(services=services, owner=organisation.pk)))
        elif kind == "domains":
            domain = Domain.objects.filter(code=code).first()
            if domain is None:
                raise NotFound("No such domain.")
            services = Service.objects.filter(domain__in=[domain, *domain.sub_areas.all()]).values("pk")
        else:
            raise NotFound("Scorecards are per organisations/CODE or domains/CODE.")
        return Response(_rules(queries.counts(services=services)))
