"""The information-security API. Every write goes through security.actions; every list and detail is narrowed by
core.access.visible_to, so a shielded service's details are not answered to whom they are hidden from."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core import access
from core.api import VersionedViewSetMixin, as_drf_error
from decisions.models import Decision
from services.models import Service

from . import actions, risks
from .filters_risks import RiskAnalysisFilter, RiskFilter
from .models import Policy, Risk, RiskAnalysis


def _call(action, **kwargs):
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


def _refuse_unless_editor(user, obj):
    if not access.may_edit(user, obj):
        raise PermissionDenied(_("Only editors of the owning organisation and administrators may change this "
                                 "service's risk analyses."))


# Risk analyses and risks (issue 9, part 2).

class RiskAnalysisSerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(),
                                                 help_text="The service's id; not changed after the analysis is made.")

    class Meta:
        model = RiskAnalysis
        fields = ["id", "service", "performed_on", "participants", "scope", "review_by", "row_version"]
        # governance's transfer already names its attached text "RiskAnalysis" in the OpenAPI description.
        ref_name = "ServiceRiskAnalysis"

    def validate(self, data):
        if self.instance is not None and "service" in data and data["service"].pk != self.instance.service_id:
            raise ValidationError({"service": [_("An analysis stays with its service; record a new one instead.")]})
        return data


class RiskAnalysisViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Risk analyses of services: date, participants, scope, review date. Their risks are at /api/risks/."""

    serializer_class = RiskAnalysisSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RiskAnalysisFilter

    def get_queryset(self):
        return access.visible_to(self.request.user, RiskAnalysis.objects.order_by("-performed_on", "id"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        service = data.pop("service")
        _refuse_unless_editor(self.request.user, service)
        serializer.instance = _call(actions.record_analysis, service=service, **data)

    def perform_update(self, serializer):
        analysis = serializer.instance
        _refuse_unless_editor(self.request.user, analysis)
        data = dict(serializer.validated_data)
        data.pop("service", None)
        serializer.instance = _call(actions.update_analysis, analysis=analysis,
                                    expected_version=analysis.row_version, **data)

    def perform_destroy(self, instance):
        _refuse_unless_editor(self.request.user, instance)
        _call(actions.remove_analysis, analysis=instance, expected_version=instance.row_version)


class VisibleAnalysisField(serializers.PrimaryKeyRelatedField):
    """Only analyses the user may see can be named: a hidden one does not exist for them."""

    def get_queryset(self):
        request = self.context.get("request")
        return access.visible_to(request.user if request else None, RiskAnalysis.objects.all())


class RiskSerializer(serializers.ModelSerializer):
    analysis = VisibleAnalysisField(help_text="The risk analysis's id; not changed after the risk is recorded.")
    service = serializers.IntegerField(source="analysis.service_id", read_only=True)
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(), allow_null=True, required=False,
        help_text="The decision's id. Accepting a high risk (value at or above the policy's) needs one.")
    residual_value = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Risk
        fields = ["id", "analysis", "service", "description", "likelihood", "consequence", "value", "treatment",
                  "measure", "owner", "due_date", "status", "residual_likelihood", "residual_consequence",
                  "residual_value", "decision", "row_version"]

    def validate(self, data):
        if self.instance is not None and "analysis" in data and data["analysis"].pk != self.instance.analysis_id:
            raise ValidationError({"analysis": [_("A risk stays with its analysis; record it anew instead.")]})
        return data


class RiskViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Risks of risk analyses: likelihood and consequence on the active scales, value = likelihood × consequence,
    treatment, measure, owner, due date, status, levels after treatment, and the decision to accept."""

    serializer_class = RiskSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = RiskFilter

    def get_queryset(self):
        return access.visible_to(self.request.user, Risk.objects.select_related("analysis").order_by(
            "-value", "id"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        analysis = data.pop("analysis")
        _refuse_unless_editor(self.request.user, analysis)
        serializer.instance = _call(actions.record_risk, analysis=analysis, **data)

    def perform_update(self, serializer):
        risk = serializer.instance
        _refuse_unless_editor(self.request.user, risk)
        data = dict(serializer.validated_data)
        data.pop("analysis", None)
        serializer.instance = _call(actions.update_risk, risk=risk, expected_version=risk.row_version, **data)

    def perform_destroy(self, instance):
        _refuse_unless_editor(self.request.user, instance)
        _call(actions.remove_risk, risk=instance, expected_version=instance.row_version)


class MatrixLevelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class MatrixCellSerializer(serializers.Serializer):
    likelihood = serializers.IntegerField()
    consequence = serializers.IntegerField()
    value = serializers.IntegerField()
    band = serializers.ChoiceField(choices=[risks.LOW, risks.MEDIUM, risks.HIGH])
    count = serializers.IntegerField()


class RiskMatrixSerializer(serializers.Serializer):
    likelihood_levels = MatrixLevelSerializer(many=True)
    consequence_levels = MatrixLevelSerializer(many=True)
    high_risk_value = serializers.IntegerField()
    after_treatment = serializers.BooleanField()
    total = serializers.IntegerField(help_text="Risks counted, including any on levels no longer on the scales.")
    cells = MatrixCellSerializer(many=True)


class RiskMatrixView(GenericAPIView):
    """The risk matrix: how many of the risks you may see lie in each cell of likelihood × consequence, filtered
    like /api/risks/ (e.g. ?service=12); with after_treatment=true, by the levels after treatment."""

    # Declared so that the OpenAPI description lists the filter's parameters; get() applies it itself.
    filter_backends = [DjangoFilterBackend]
    filterset_class = RiskFilter
    serializer_class = RiskMatrixSerializer
    pagination_class = None

    def get_queryset(self):
        return access.visible_to(self.request.user, Risk.objects.all())

    @extend_schema(responses=RiskMatrixSerializer, parameters=[
        OpenApiParameter("after_treatment", bool, description="Count by the levels after treatment (where "
                         "assessed; otherwise as they are).")])
    def get(self, request):
        filterset = RiskFilter(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        try:
            after = serializers.BooleanField().run_validation(request.query_params.get("after_treatment", False))
        except ValidationError as error:
            raise ValidationError({"after_treatment": error.detail}) from error
        matrix = risks.build(filterset.qs, title="", after_treatment=after)
        return Response(RiskMatrixSerializer({
            "likelihood_levels": matrix.likelihoods, "consequence_levels": matrix.consequences,
            "high_risk_value": Policy.current().high_risk_value, "after_treatment": after, "total": matrix.total,
            "cells": [{"likelihood": cell.likelihood.number, "consequence": cell.consequence.number,
                       "value": cell.value, "band": cell.band, "count": cell.count}
                      for row in reversed(matrix.rows) for cell in row["cells"]],
        }).data)
