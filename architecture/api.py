"""The API of integrations and dependencies (issue 11, part 1). Every write goes through architecture.actions (which
refuse unless core.access lets the user edit: an integration is its consumer's owner's, a dependency its service's
owner's); every read is narrowed by core.access.visible_to. Lists filter with the pages' own FilterSet."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from core.api import VersionedViewSetMixin, as_drf_error
from security.models import InformationType
from services.models import Service

from . import actions, queries
from .filters import DependencyFilter, IntegrationFilter
from .models import Dependency, Integration


def _call(action, **kwargs):
    try:
        return action(**kwargs)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


class ContractsField(serializers.ListField):
    """The integration's service contracts as a list of URNs; written as a whole (the list replaces the stored
    contracts)."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(max_length=300), max_length=200, **kwargs)

    def to_representation(self, data):
        return [contract.urn for contract in data.all()]


class IntegrationSerializer(serializers.ModelSerializer):
    producer = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), help_text="The producing service's id.")
    consumer = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(),
        help_text="The consuming service's id; its owner's editors record and change the integration.")
    platform = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), allow_null=True, required=False,
        help_text="The service platform's id (e.g. RTP); required for kind service_contract.")
    contracts = ContractsField(
        required=False,
        help_text="Service contracts as URNs, urn:riv:<domain>:<Contract>Responder:<major>; only for kind "
                  "service_contract. A write replaces the list.")
    information_types = serializers.PrimaryKeyRelatedField(
        queryset=InformationType.objects.all(), many=True, required=False,
        help_text="Ids of the producer's information types the integration carries.")

    class Meta:
        model = Integration
        fields = ["id", "producer", "consumer", "kind", "platform", "contracts", "information_types", "carries",
                  "standard", "criticality", "phase", "needed", "description", "row_version"]
        read_only_fields = ["row_version"]


class IntegrationViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Integrations between services: producer → consumer, kind, platform and service contracts, what is carried,
    criticality, phase and whether the consumer needs it (counted in the impact analysis)."""

    serializer_class = IntegrationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = IntegrationFilter

    def get_queryset(self):
        return queries.integrations_visible_to(self.request.user).order_by("id")

    def _answer(self, serializer, integration):
        serializer.instance = queries.integrations().get(pk=integration.pk)  # as a read answers it

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        integration = _call(actions.create_integration, user=self.request.user,
                            contracts=data.pop("contracts", ()), information_types=data.pop("information_types", ()),
                            **data)
        self._answer(serializer, integration)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        integration = _call(actions.update_integration, user=self.request.user, integration=serializer.instance,
                            expected_version=serializer.instance.row_version, contracts=data.pop("contracts", None),
                            information_types=data.pop("information_types", None), **data)
        self._answer(serializer, integration)

    def perform_destroy(self, instance):
        _call(actions.delete_integration, user=self.request.user, integration=instance,
              expected_version=instance.row_version)


class DependencySerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(),
        help_text="The service that depends; its owner's editors record the dependency. Not changed afterwards.")
    depends_on = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), help_text="The service it cannot run without. Not changed afterwards.")

    class Meta:
        model = Dependency
        fields = ["id", "service", "depends_on", "description", "row_version"]
        read_only_fields = ["row_version"]

    def validate(self, data):
        if self.instance is not None:
            for name in ("service", "depends_on"):
                if name in data and data[name].pk != getattr(self.instance, f"{name}_id"):
                    raise ValidationError({name: [_("A dependency keeps its two services; remove it and record a "
                                                    "new one instead.")]})
        return data


class DependencyViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Dependencies between services: `service` cannot run without `depends_on` (e.g. a care system on the
    it-workplace and on the identity services)."""

    serializer_class = DependencySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = DependencyFilter

    def get_queryset(self):
        return queries.dependencies_visible_to(self.request.user).order_by("id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _call(actions.add_dependency, user=self.request.user, service=data["service"],
                                    depends_on=data["depends_on"], description=data.get("description", ""))

    def perform_update(self, serializer):
        data = {key: value for key, value in serializer.validated_data.items() if key in actions.DEPENDENCY_FIELDS}
        serializer.instance = _call(actions.update_dependency, user=self.request.user,
                                    dependency=serializer.instance, expected_version=serializer.instance.row_version,
                                    **data)

    def perform_destroy(self, instance):
        _call(actions.remove_dependency, user=self.request.user, dependency=instance,
              expected_version=instance.row_version)
