"""The API of information security: personal data and suppliers, continuity and protection requirements.

Every write goes through security.actions; readers get only the rows whose service's details they may see
(core.access.visible_to); a record of a service is changed only by those who may edit the service."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from core import access
from core.api import CodeRelatedField, VersionedViewSetMixin, as_drf_error
from core.permissions import WritesOnlyForWriters
from services.models import Service

from . import actions
from .models import (
    ContinuityPlan,
    ContinuityRequirement,
    DataProcessingAgreement,
    Dimension,
    ProtectionRequirement,
    RequirementFulfilment,
    Scale,
    TransferAssessment,
    check_levels,
)

EDITORS_ONLY = _("Only editors of the owning organisation and administrators may change the security details "
                 "of this service.")


class AdministratorsWrite(permissions.BasePermission):
    """The catalogues are the region's: everyone signed in reads, administrators write."""

    message = _("Only administrators change the requirement catalogues.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or access.is_administrator(request.user)


def _action(call, **kwargs):
    """Run an action; a rule it refuses is a 400 naming the field."""
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


class ServiceRecordViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """A record of one service's security details: list and read what the user may see, write what they may
    edit, always through the actions named by the subclass."""

    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    model = None

    def get_queryset(self):
        return access.visible_to(self.request.user, self.model.objects.order_by("pk"))

    def service_of(self, data_or_instance):
        return data_or_instance.service

    def check_editor(self, service):
        if not access.may_edit(self.request.user, service):
            raise PermissionDenied(EDITORS_ONLY)

    def check_same_parent(self, serializer, field):
        new = serializer.validated_data.pop(field, None)
        if new is not None and new != getattr(serializer.instance, field):
            raise serializers.ValidationError({field: [_("This cannot be changed; record a new one instead.")]})


# Personal data and suppliers.

class AgreementSerializer(serializers.ModelSerializer):
    in_force = serializers.SerializerMethodField(help_text="Signed and not expired today.")

    class Meta:
        model = DataProcessingAgreement
        fields = ["id", "service", "party", "signed_on", "expires_on", "outside_eea", "countries", "in_force",
                  "row_version"]

    def get_in_force(self, agreement) -> bool:
        import datetime

        today = datetime.date.today()
        return agreement.signed_on <= today and (agreement.expires_on is None or agreement.expires_on > today)

    def validate(self, attrs):
        signed = attrs.get("signed_on", getattr(self.instance, "signed_on", None))
        expires = attrs.get("expires_on", getattr(self.instance, "expires_on", None))
        if signed and expires and expires <= signed:
            raise serializers.ValidationError({"expires_on": [_("An agreement must expire after it is signed.")]})
        return attrs


class ProcessingAgreementViewSet(ServiceRecordViewSet):
    serializer_class = AgreementSerializer
    model = DataProcessingAgreement
    filterset_fields = ["service", "outside_eea"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        service = data.pop("service")
        self.check_editor(service)
        serializer.instance = _action(actions.record_agreement, service=service, **data)

    def perform_update(self, serializer):
        self.check_editor(serializer.instance.service)
        self.check_same_parent(serializer, "service")
        serializer.instance = _action(actions.update_agreement, agreement=serializer.instance,
                                      **serializer.validated_data)

    def perform_destroy(self, instance):
        self.check_editor(instance.service)
        actions.remove_agreement(agreement=instance)


class TransferAssessmentFilter(django_filters.FilterSet):
    service = django_filters.ModelChoiceFilter(field_name="agreement__service", queryset=Service.objects.all())

    class Meta:
        model = TransferAssessment
        fields = ["agreement", "service", "mechanism"]


class TransferAssessmentSerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(source="agreement.service", read_only=True)

    class Meta:
        model = TransferAssessment
        fields = ["id", "agreement", "service", "assessed_on", "mechanism", "conclusion", "row_version"]


class TransferAssessmentViewSet(ServiceRecordViewSet):
    serializer_class = TransferAssessmentSerializer
    model = TransferAssessment
    filterset_class = TransferAssessmentFilter

    def get_queryset(self):
        return super().get_queryset().select_related("agreement")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        agreement = data.pop("agreement")
        self.check_editor(agreement.service)
        serializer.instance = _action(actions.record_transfer_assessment, agreement=agreement, **data)

    def perform_update(self, serializer):
        self.check_editor(serializer.instance.agreement.service)
        self.check_same_parent(serializer, "agreement")
        serializer.instance = _action(actions.update_transfer_assessment, assessment=serializer.instance,
                                      **serializer.validated_data)

    def perform_destroy(self, instance):
        self.check_editor(instance.agreement.service)
        actions.remove_transfer_assessment(assessment=instance)


# Continuity.

class ContinuityPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContinuityPlan
        fields = ["id", "service", "recovery_time_hours", "recovery_point_hours", "fallback_routine",
                  "last_exercised_on", "row_version"]
        extra_kwargs = {"recovery_time_hours": {"max_value": 2**31 - 1},
                        "recovery_point_hours": {"max_value": 2**31 - 1}}


class ContinuityPlanViewSet(ServiceRecordViewSet):
    serializer_class = ContinuityPlanSerializer
    model = ContinuityPlan
    filterset_fields = ["service"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        service = data.pop("service")
        self.check_editor(service)
        serializer.instance = _action(actions.record_continuity_plan, service=service, **data)

    def perform_update(self, serializer):
        self.check_editor(serializer.instance.service)
        self.check_same_parent(serializer, "service")
        serializer.instance = _action(actions.update_continuity_plan, plan=serializer.instance,
                                      **serializer.validated_data)

    def perform_destroy(self, instance):
        self.check_editor(instance.service)
        actions.remove_continuity_plan(plan=instance)


# Protection requirements met.

class FulfilmentSerializer(serializers.ModelSerializer):
    requirement = CodeRelatedField(queryset=ProtectionRequirement.objects.all(),
                                   help_text="The requirement's code in the catalogue.")
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RequirementFulfilment
        fields = ["id", "service", "requirement", "evidence", "recorded_on", "recorded_by", "row_version"]
        read_only_fields = ["recorded_on"]
        extra_kwargs = {"evidence": {"allow_blank": False, "required": True}}
        validators = []  # the action names the clash (already met) on the requirement


class RequirementFulfilmentViewSet(ServiceRecordViewSet):
    serializer_class = FulfilmentSerializer
    model = RequirementFulfilment
    filterset_fields = ["service"]

    def get_queryset(self):
        return super().get_queryset().select_related("requirement", "recorded_by")

    def perform_create(self, serializer):
        data = serializer.validated_data
        self.check_editor(data["service"])
        serializer.instance = _action(actions.mark_requirement_met, service=data["service"],
                                      requirement=data["requirement"], evidence=data["evidence"],
                                      user=self.request.user)

    def perform_update(self, serializer):
        self.check_editor(serializer.instance.service)
        self.check_same_parent(serializer, "service")
        self.check_same_parent(serializer, "requirement")
        evidence = serializer.validated_data.get("evidence", serializer.instance.evidence)
        serializer.instance = _action(actions.update_fulfilment, fulfilment=serializer.instance,
                                      user=self.request.user, evidence=evidence)

    def perform_destroy(self, instance):
        self.check_editor(instance.service)
        actions.withdraw_fulfilment(fulfilment=instance)


# The catalogues. The serializers are shared with the import (security.catalogue): with "upsert" in the context
# an existing code or level is not a clash but the row to update.

def _on_scale(value, field):
    try:
        check_levels(Scale.Purpose.CLASSIFICATION, **{field: value})
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.message_dict[field]) from error
    return value


class ProtectionRequirementSerializer(serializers.ModelSerializer):
    code = serializers.SlugField(max_length=40, help_text="Unique code of the requirement, such as mfa.")
    dimension = serializers.ChoiceField(choices=Dimension.choices,
                                        help_text="K (confidentiality), R (integrity) or T (availability).")
    from_level = serializers.IntegerField(min_value=0, max_value=32767,
                                          help_text="Applies to services at or above this level of the dimension.")

    class Meta:
        model = ProtectionRequirement
        fields = ["id", "code", "text", "dimension", "from_level", "source", "row_version"]

    def validate_code(self, value):
        if not self.context.get("upsert"):
            clash = ProtectionRequirement.objects.filter(code=value)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError(_("A requirement with this code already exists."))
        return value

    def validate_from_level(self, value):
        return _on_scale(value, "from_level")


class ContinuityRequirementSerializer(serializers.ModelSerializer):
    availability = serializers.IntegerField(min_value=0, max_value=32767, help_text="The availability level.")

    class Meta:
        model = ContinuityRequirement
        fields = ["id", "availability", "max_recovery_time_hours", "max_recovery_point_hours",
                  "exercise_every_days", "row_version"]
        extra_kwargs = {name: {"max_value": 2**31 - 1, "min_value": 0} for name in
                        ("max_recovery_time_hours", "max_recovery_point_hours", "exercise_every_days")}

    def validate_availability(self, value):
        if not self.context.get("upsert"):
            clash = ContinuityRequirement.objects.filter(availability=value)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError(_("The level already has its requirement."))
        return _on_scale(value, "availability")


class CatalogueViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    permission_classes = [permissions.IsAuthenticated, AdministratorsWrite]
    save_action = None

    def perform_create(self, serializer):
        serializer.instance = _action(type(self).save_action, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = _action(type(self).save_action, requirement=serializer.instance,
                                      **serializer.validated_data)

    def perform_destroy(self, instance):
        actions.remove_catalogue_entry(entry=instance)


class ProtectionRequirementViewSet(CatalogueViewSet):
    serializer_class = ProtectionRequirementSerializer
    queryset = ProtectionRequirement.objects.order_by("dimension", "from_level", "code")
    lookup_field = "code"
    filterset_fields = ["dimension"]
    save_action = staticmethod(actions.save_protection_requirement)


class ContinuityRequirementViewSet(CatalogueViewSet):
    serializer_class = ContinuityRequirementSerializer
    queryset = ContinuityRequirement.objects.order_by("availability")
    save_action = staticmethod(actions.save_continuity_requirement)
