from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from core import access
from core.access import is_administrator, may_edit
from core.api import VersionedViewSetMixin
from core.permissions import WritesOnlyForWriters
from services.models import Service

from . import queries
from .filters import ComponentFilter
from .models import Component, TestRecord


class AdministratorsWrite(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_administrator(request.user)


class ComponentSerializer(serializers.ModelSerializer):
    services = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), many=True, required=False)
    support_end = serializers.DateField(read_only=True, allow_null=True,
                                        help_text="Entered date, else the snapshot's; null when neither is known.")
    status = serializers.CharField(read_only=True, help_text="unsupported, ending, supported or unknown")

    class Meta:
        model = Component
        fields = ["id", "name", "product", "version", "vendor", "type", "support_ends", "support_end", "status",
                  "services", "row_version"]


class ComponentViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = ComponentSerializer
    permission_classes = [permissions.IsAuthenticated, AdministratorsWrite]
    filterset_class = ComponentFilter

    def get_queryset(self):
        # `services` lists only the services whose details the reader may see (queries.components_visible_to).
        return queries.components_visible_to(self.request.user).order_by("name", "version")

    # A saved component lacks the support status the query computes; answer it as a GET would, not without it.
    def perform_create(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.save().pk)

    def perform_update(self, serializer):
        serializer.instance = self.get_queryset().get(pk=serializer.save().pk)


class TestRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = TestRecord
        fields = ["id", "service", "type", "version", "environment", "performed_on", "result", "evidence_url",
                  "row_version"]


class TestRecordViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = TestRecordSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    queryset = TestRecord.objects.order_by("-performed_on", "id")
    filterset_fields = ["service", "type", "result"]

    def get_queryset(self):  # a shielded service's tests are its security details (core.access.visible_to)
        return access.visible_to(self.request.user, super().get_queryset())

    def _check(self, service):
        if not may_edit(self.request.user, service):
            raise PermissionDenied("Only editors of the owning organisation and administrators record tests.")

    def perform_create(self, serializer):
        self._check(serializer.validated_data["service"])
        serializer.save()

    def perform_update(self, serializer):
        self._check(serializer.instance.service)
        self._check(serializer.validated_data.get("service", serializer.instance.service))
        serializer.save()

    def perform_destroy(self, instance):
        self._check(instance.service)
        instance.delete()
