import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core import access
from core.api import CodeRelatedField, ETagReadMixin, as_drf_error, optional_version
from decisions.models import Decision
from organisations.models import Organisation
from services.models import Service

from . import actions
from .filters import ExemptionFilter, TransferFilter
from .models import Exemption, OwnershipTransfer
from .views import MAY_NOT_CHANGE


def _call(action, **kwargs):
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


class TransferSerializer(serializers.ModelSerializer):
    from_organisation = CodeRelatedField(read_only=True)
    to_organisation = CodeRelatedField(queryset=Organisation.objects.all())

    class Meta:
        model = OwnershipTransfer
        fields = ["id", "service", "from_organisation", "to_organisation", "reason", "requested_date",
                  "requested_on", "risk_analysis", "status", "decision", "effective_date", "row_version"]
        read_only_fields = ["requested_on", "risk_analysis", "status", "decision", "effective_date"]


class TransferViewSet(ETagReadMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                      viewsets.GenericViewSet):
    """Request → risk and consequence analysis → decision of the entitled body. Listed per board with ?board=CODE."""

    serializer_class = TransferSerializer
    optional_if_match = {"risk_analysis", "decide"}
    queryset = OwnershipTransfer.objects.select_related("from_organisation", "to_organisation").order_by("-id")
    filterset_class = TransferFilter

    def perform_create(self, serializer):
        service = serializer.validated_data["service"]
        if not access.may_edit(self.request.user, service):
            raise PermissionDenied(MAY_NOT_CHANGE)
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
        if not access.may_edit(request.user, transfer):
            raise PermissionDenied(_("Only the current owner's editors and administrators attach the risk and "
                                     "consequence analysis, while the transfer is open."))
        transfer = _call(actions.attach_risk_analysis, transfer=transfer, text=str(request.data.get("text", "")),
                         row_version=optional_version(request))
        return Response(TransferSerializer(transfer).data)

    @extend_schema(request=inline_serializer("TransferDecision", {
        "approve": serializers.BooleanField(), "decision": serializers.IntegerField(),
        "effective_date": serializers.DateField(required=False)}), responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        transfer = self.get_object()
        if not access.may_decide(request.user, transfer):
            raise PermissionDenied(_("Only the secretariat of %(body)s and administrators record the decision on "
                                     "this transfer, while it is open.") % {"body": actions.transfer_body(transfer)})
        data = _DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        transfer = _call(actions.decide_transfer, transfer=transfer, approve=data.validated_data["approve"],
                         decision=data.validated_data["decision"],
                         effective_date=data.validated_data.get("effective_date"),
                         row_version=optional_version(request))
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
                  "status", "deciding_board", "decision", "expires_on", "valid", "row_version"]
        read_only_fields = ["status", "decision", "expires_on"]

    def get_valid(self, exemption) -> bool:
        return (exemption.status == Exemption.Status.APPROVED and exemption.expires_on is not None
                and exemption.expires_on >= datetime.date.today())


class ExemptionViewSet(ETagReadMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.ListModelMixin,
                       viewsets.GenericViewSet):
    serializer_class = ExemptionSerializer
    optional_if_match = {"decide"}
    queryset = Exemption.objects.select_related("requesting_organisation", "deciding_board").order_by("-id")
    filterset_class = ExemptionFilter

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not access.may_edit(self.request.user, data["service"]):
            raise PermissionDenied(MAY_NOT_CHANGE)
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
        if not access.may_decide(request.user, exemption):
            raise PermissionDenied(_("Only the secretariat of %(body)s and administrators decide this exemption, "
                                     "while it is open.") % {"body": exemption.deciding_board})
        data = _DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        exemption = _call(actions.decide_exemption, exemption=exemption, approve=data.validated_data["approve"],
                          decision=data.validated_data["decision"], expires_on=data.validated_data.get("expires_on"),
                          row_version=optional_version(request))
        return Response(ExemptionSerializer(exemption).data)
