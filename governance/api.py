import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from organisations.models import Domain, Organisation
from organisations.queries import is_administrator, may_edit_for
from services.models import Service
from services.queries import may_edit_service, services_with_owner
from styr.api import CodeRelatedField, as_drf_error

from . import actions, queries, rules
from .models import Decision, Exemption, OwnershipTransfer


def _call(action, **kwargs):
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


class RuleSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField()
    severity = serializers.CharField()
    skipped = serializers.CharField(allow_blank=True)
    applicable = serializers.IntegerField()
    failing = serializers.IntegerField()


class RulesView(APIView):
    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request):
        return Response([{"id": r.id, "text": r.text, "source": r.source, "severity": r.severity,
                          "skipped": r.skipped, "applicable": a, "failing": f} for r, a, f in rules.counts()])


FINDING = inline_serializer("Finding", {k: serializers.CharField() for k in (
    "rule", "severity", "text", "source", "service_id", "service", "external_id", "owner", "domain")})


class FindingsView(APIView):
    @extend_schema(responses=FINDING, parameters=[
        OpenApiParameter("rule"), OpenApiParameter("owner", description="owner's code"),
        OpenApiParameter("domain", description="domain's code"), OpenApiParameter("severity")])
    def get(self, request):
        services = services_with_owner()
        if request.query_params.get("owner"):
            services = services.filter(owner_code=request.query_params["owner"])
        if request.query_params.get("domain"):
            services = services.filter(domain__code=request.query_params["domain"])
        rule = request.query_params.get("rule")
        if rule and rule not in rules.BY_ID:
            return Response({"rule": [f"Unknown rule {rule}."]}, status=400)
        found = rules.findings(rule_ids={rule} if rule else None, services=services.values("pk"))
        severity = request.query_params.get("severity")
        if severity:
            found = [f for f in found if f["severity"] == severity]
        return Response(found)


class ScorecardView(APIView):
    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request, kind, code):
        if kind not in ("organisations", "domains"):
            return Response({"detail": "Scorecards are per organisations/CODE or domains/CODE."}, status=404)
        if kind == "organisations":
            organisation = Organisation.objects.filter(code=code).first()
            if organisation is None:
                return Response({"detail": "No such organisation."}, status=404)
            services = services_with_owner().filter(owner_id=organisation.pk).values("pk")
        else:
            domain = Domain.objects.filter(code=code).first()
            if domain is None:
                return Response({"detail": "No such domain."}, status=404)
            services = Service.objects.filter(domain__in=[domain, *domain.sub_areas.all()]).values("pk")
        return Response([{"id": r.id, "text": r.text, "source": r.source, "severity": r.severity,
                          "skipped": r.skipped, "applicable": a, "failing": f}
                         for r, a, f in rules.counts(services=services)])


class DecisionSerializer(serializers.ModelSerializer):
    body = CodeRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = Decision
        fields = ["id", "body", "decided_on", "registry_number", "title", "text"]
        validators = []  # the action's full_clean names the clash

    def create(self, validated_data):
        return _call(actions.record_decision, **validated_data)


class DecisionViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                      viewsets.GenericViewSet):
    serializer_class = DecisionSerializer
    queryset = Decision.objects.select_related("body")
    filterset_fields = ["body__code"]

    def perform_create(self, serializer):
        if not is_administrator(self.request.user):
            raise PermissionDenied(_("Only administrators record decisions."))
        serializer.save()


class TransferSerializer(serializers.ModelSerializer):
    from_organisation = CodeRelatedField(read_only=True)
    to_organisation = CodeRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = OwnershipTransfer
        fields = ["id", "service", "from_organisation", "to_organisation", "reason", "requested_date",
                  "risk_analysis", "status", "decision", "effective_date"]
        read_only_fields = ["risk_analysis", "status", "decision", "effective_date"]


class TransferViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                      viewsets.GenericViewSet):
    """Request → risk analysis → decision. Listed per board with ?board=CODE."""

    serializer_class = TransferSerializer
    queryset = OwnershipTransfer.objects.select_related("from_organisation", "to_organisation").order_by("-id")
    filterset_fields = ["service", "status"]

    def get_queryset(self):
        queryset = super().get_queryset()
        board = self.request.query_params.get("board")
        if board:
            queryset = queries.for_board(queryset, board)
        return queryset

    def perform_create(self, serializer):
        service = serializer.validated_data["service"]
        if not may_edit_service(self.request.user, service):
            raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))
        serializer.instance = _call(actions.request_transfer, service=service,
                                    to=serializer.validated_data["to_organisation"],
                                    reason=serializer.validated_data["reason"],
                                    requested_date=serializer.validated_data["requested_date"],
                                    requested_by=self.request.user)

    @extend_schema(request=inline_serializer("RiskAnalysis", {"text": serializers.CharField()}),
                   responses=TransferSerializer)
    @action(detail=True, methods=["post"], url_path="risk-analysis")
    def risk_analysis(self, request, pk=None):
        transfer = self.get_object()
        if not may_edit_for(request.user, transfer.from_organisation_id):
            raise PermissionDenied(_("Only the current owner's editors attach the risk analysis."))
        transfer = _call(actions.attach_risk_analysis, transfer=transfer, text=str(request.data.get("text", "")))
        return Response(TransferSerializer(transfer).data)

    @extend_schema(request=inline_serializer("TransferDecision", {
        "approve": serializers.BooleanField(), "decision": serializers.IntegerField(),
        "effective_date": serializers.DateField(required=False)}), responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = self.get_object()
        data = _DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = data.validated_data["decision"]
        if not (is_administrator(request.user) or may_edit_for(request.user, decision.body_id)):
            raise PermissionDenied(_("Only the deciding body's editors and administrators decide."))
        transfer = _call(actions.decide_transfer, transfer=transfer, approve=data.validated_data["approve"],
                         decision=decision, effective_date=data.validated_data.get("effective_date"))
        return Response(TransferSerializer(transfer).data)


class _DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all())
    effective_date = serializers.DateField(required=False)
    expires_on = serializers.DateField(required=False)


class ExemptionSerializer(serializers.ModelSerializer):
    requesting_organisation = CodeRelatedField(queryset=Organisation.objects.all())
    deciding_board = CodeRelatedField(read_only=True)
    considered = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), many=True, required=False)
    valid = serializers.SerializerMethodField()

    class Meta:
        model = Exemption
        fields = ["id", "service", "requesting_organisation", "unique_need", "why_not_common", "considered",
                  "status", "deciding_board", "decision", "expires_on", "valid"]
        read_only_fields = ["status", "decision", "expires_on"]

    def get_valid(self, exemption) -> bool:
        return (exemption.status == Exemption.Status.APPROVED and exemption.expires_on is not None
                and exemption.expires_on >= datetime.date.today())


class ExemptionViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = ExemptionSerializer
    queryset = Exemption.objects.select_related("requesting_organisation", "deciding_board").order_by("-id")
    filterset_fields = ["service", "status"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not may_edit_service(self.request.user, data["service"]):
            raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this service."))
        serializer.instance = _call(actions.request_exemption, service=data["service"],
                                    requesting_organisation=data["requesting_organisation"],
                                    unique_need=data["unique_need"], why_not_common=data["why_not_common"],
                                    considered=data.get("considered", []))

    @extend_schema(request=inline_serializer("ExemptionDecision", {
        "approve": serializers.BooleanField(), "decision": serializers.IntegerField(),
        "expires_on": serializers.DateField(required=False)}), responses=ExemptionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        exemption = self.get_object()
        data = _DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not (is_administrator(request.user) or may_edit_for(request.user, exemption.deciding_board_id)):
            raise PermissionDenied(_("Only the deciding board's editors and administrators decide."))
        exemption = _call(actions.decide_exemption, exemption=exemption, approve=data.validated_data["approve"],
                          decision=data.validated_data["decision"], expires_on=data.validated_data.get("expires_on"))
        return Response(ExemptionSerializer(exemption).data)
