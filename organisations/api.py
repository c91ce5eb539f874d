from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import history
from core.access import is_administrator
from core.api import CodeRelatedField, HistoryEntrySerializer, VersionedViewSetMixin, as_drf_error

from . import actions
from .models import Domain, Organisation


class AdministratorsWrite(permissions.BasePermission):
    """The organisation chart and the domains are the governance office's to change."""

    message = _("Only administrators may change organisations and domains.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_administrator(request.user)


class SavedByAction(serializers.ModelSerializer):
    """Writes through the app's action (`save`), so the API refuses what the forms refuse, with the same message
    (a parent chain that leads back to the record, at any depth)."""

    def create(self, validated_data):
        return self._saved(self.Meta.model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self._saved(instance)

    def _saved(self, record):
        try:
            return self.save_record(record)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class OrganisationSerializer(SavedByAction):
    parent = CodeRelatedField(queryset=Organisation.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "kind", "parent", "org_number", "active", "row_version"]

    def save_record(self, record):
        return actions.save_organisation(organisation=record)


class DomainSerializer(SavedByAction):
    deciding_board = CodeRelatedField(queryset=Organisation.objects.all())
    parent = CodeRelatedField(queryset=Domain.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Domain
        fields = ["id", "code", "name", "description", "deciding_board", "parent", "row_version"]

    def save_record(self, record):
        return actions.save_domain(domain=record)


class OrganisationViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    queryset = Organisation.objects.select_related("parent")
    serializer_class = OrganisationSerializer
    permission_classes = [permissions.IsAuthenticated, AdministratorsWrite]
    filterset_fields = ["kind", "active"]
    lookup_field = "code"

    # One organisation's history: the list's filters must not hide the organisation (get_object filters), and it
    # is one answer, not a page.
    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, code=None):
        organisation = self.get_object()
        entries = history.merged(Organisation.history.filter(id=organisation.pk))
        return Response(HistoryEntrySerializer(entries, many=True).data)


class DomainViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    queryset = Domain.objects.select_related("deciding_board", "parent")
    serializer_class = DomainSerializer
    permission_classes = [permissions.IsAuthenticated, AdministratorsWrite]
    lookup_field = "code"
