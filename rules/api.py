from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from organisations.models import Domain, Organisation

from . import freshness, queries_stored
from .filters import FindingFilter
from .models import StoredFinding


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
    reason = serializers.CharField(help_text="What is missing or wrong; `link` is where it is fixed.")
    as_of = serializers.DateTimeField(allow_null=True, help_text="When the stored evaluation was made.")


class RulesView(APIView):
    """The rules with their counts as of the stored evaluation (docs/decisions/0034)."""

    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request):
        return Response(_rules(queries_stored.counts(freshness.current())))


class FindingsView(GenericAPIView):
    """The stored findings (docs/decisions/0034), paged like every list (the default page size, `page`): a
    region's findings run to tens of megabytes in one answer."""

    # Declared so that the OpenAPI description lists the filter's parameters; get() applies it itself.
    filter_backends = [DjangoFilterBackend]
    filterset_class = FindingFilter
    serializer_class = FindingSerializer

    @extend_schema(responses=FindingSerializer(many=True))
    def get(self, request):
        evaluation = freshness.current()
        filterset = FindingFilter(request.query_params, queryset=queries_stored.findings(evaluation, request.user))
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        as_of = evaluation.as_of if evaluation else None
        return self.get_paginated_response(
            FindingSerializer([queries_stored.as_dict(f, as_of) for f in page], many=True).data)

    def get_queryset(self):  # for the schema's filter parameters
        return StoredFinding.objects.none()


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
            return Response(_rules(queries_stored.counts(freshness.current(), owner=organisation.pk)))
        elif kind == "domains":
            domain = Domain.objects.filter(code=code).first()
            if domain is None:
                raise NotFound("No such domain.")
            domains = [domain.pk, *domain.sub_areas.values_list("pk", flat=True)]
            return Response(_rules(queries_stored.counts(freshness.current(), domains=domains)))
        raise NotFound("Scorecards are per organisations/CODE or domains/CODE.")
