"""The API of the process map (/api/processes/) and of the needs mappings (/api/needs-mappings/).

The map is the region's: administrators write it, everyone signed in reads it. A service's links to the processes
it supports are read here (`services`) and changed on the service page by its owner (actions_processes), where
the leaf rule is applied."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from core import access
from core.api import CodeRelatedField, VersionedViewSetMixin, as_drf_error
from core.permissions import WritesOnlyForWriters
from services.models import Service

from . import actions_processes as actions
from .filters_processes import ProcessFilter
from .models import NeedsMapping, Process


class AdministratorsWrite(permissions.BasePermission):
    message = "The process map is the region's: only administrators change it."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or access.may_administer(request.user)


class ProcessSerializer(serializers.ModelSerializer):
    parent = CodeRelatedField(queryset=Process.objects.all(), required=False, allow_null=True,
                              help_text="The code of the process this one is part of; null for a top process.")
    services = serializers.PrimaryKeyRelatedField(many=True, read_only=True,
                                                  help_text="Ids of the services that support the process.")
    leaf = serializers.SerializerMethodField(help_text="True when the process has no sub-processes.")

    class Meta:
        model = Process
        fields = ["id", "code", "name", "kind", "description", "parent", "leaf", "services", "row_version"]
        read_only_fields = ["row_version"]

    @extend_schema_field(serializers.BooleanField())
    def get_leaf(self, process):
        return not process.children.all()  # the prefetched sub-processes, no query per row

    def validate(self, attrs):
        # The model's own check (no loops in the hierarchy) on the process as it would be saved.
        instance = self.instance or Process()
        probe = Process(pk=instance.pk, code=attrs.get("code", instance.code), name=attrs.get("name", instance.name),
                        parent=attrs.get("parent", instance.parent if instance.pk else None))
        try:
            probe.clean()
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return attrs


class ProcessViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = ProcessSerializer
    permission_classes = [permissions.IsAuthenticated, AdministratorsWrite]
    filterset_class = ProcessFilter
    queryset = Process.objects.select_related("parent").prefetch_related("services", "children").order_by("code")

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise ValidationError({"detail": "The process has sub-processes; remove or move them first."}) from error


class MappedServiceSerializer(serializers.Serializer):
    candidate = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(),
                                                   help_text="An existing service considered.")
    reason = serializers.CharField(max_length=5000, help_text="Why it does not meet the need.")


class NeedsMappingSerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())
    processes = CodeRelatedField(queryset=Process.objects.all(), many=True, required=False,
                                 help_text="Codes of the leaf processes the need concerns.")
    candidates = MappedServiceSerializer(many=True, required=False)
    mapped_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = NeedsMapping
        fields = ["id", "service", "need", "processes", "candidates", "mapped_on", "mapped_by", "row_version"]
        read_only_fields = ["mapped_on", "row_version"]

    def validate_need(self, value):
        if "\x00" in value:
            raise ValidationError("The text holds a NUL character.")
        return value


class NeedsMappingViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """A service's needs mapping (002 §9.1.7): recorded and changed by the service's owner; a change replaces the
    processes and candidates."""

    serializer_class = NeedsMappingSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    filterset_fields = ["service"]
    queryset = NeedsMapping.objects.select_related("mapped_by").prefetch_related(
        "processes", "candidates").order_by("service_id")

    def _check(self, service):
        if not access.may_edit(self.request.user, service):
            raise PermissionDenied("Only editors of the service's owner and administrators record its needs mapping.")

    def _record(self, serializer, service, row_version=None):
        data = serializer.validated_data
        current = serializer.instance
        try:
            serializer.instance = actions.record_needs_mapping(
                service=service, need=data.get("need", current.need if current else ""),
                processes=data.get("processes", list(current.processes.all()) if current else []),
                candidates=[(c["candidate"], c["reason"]) for c in data.get(
                    "candidates", [{"candidate": r.candidate, "reason": r.reason} for r in current.candidates.all()]
                    if current else [])],
                user=self.request.user, row_version=row_version)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_create(self, serializer):
        service = serializer.validated_data["service"]
        self._check(service)
        if NeedsMapping.objects.filter(service=service).exists():
            raise ValidationError({"service": "The service has a needs mapping already; change it instead."})
        self._record(serializer, service)

    def perform_update(self, serializer):
        service = serializer.instance.service
        self._check(service)
        if serializer.validated_data.get("service", service) != service:
            raise ValidationError({"service": "A needs mapping stays with its service."})
        self._record(serializer, service, row_version=serializer.instance.row_version)

    def perform_destroy(self, instance):
        self._check(instance.service)
        instance.delete()
