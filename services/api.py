import datetime
import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator

from core import access, history, registry
from core.api import (
    AddVolumeMixin,
    CodeRelatedField,
    DetailUrlField,
    HistoryEntrySerializer,
    VersionedViewSetMixin,
    as_drf_error,
)
from core.permissions import WritesOnlyForWriters
from decisions.models import Decision
from organisations.models import Domain, Organisation

from . import actions
from .filters import BarePaginator, extended, service_filter
from .models import Category, Consumer, Ownership, RoleAssignment, Service
from .queries import current_owner_id, current_ownership, services_with_owner


class OwnershipSerializer(serializers.ModelSerializer):
    organisation = CodeRelatedField(queryset=Organisation.objects.all())
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    decision_number = serializers.CharField(source="decision.registry_number", read_only=True, allow_null=True,
                                            default=None)

    class Meta:
        model = Ownership
        fields = ["organisation", "organisation_name", "valid_from", "valid_to", "mandate", "basis", "decision",
                  "decision_number"]


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class ListColumnField(serializers.Field):
    """A column of the service list that another app adds (registry.SERVICE_LIST_EXTENSIONS), read-only."""

    def __init__(self, column, **kwargs):
        self.column = column
        super().__init__(source="*", read_only=True, help_text=str(column.label), **kwargs)

    @functools.cached_property
    def names(self):
        return {name for extension in registry.SERVICE_LIST_EXTENSIONS for name in extension.annotations}

    def to_representation(self, service):
        names = self.names
        if not names <= service.__dict__.keys():
            # A service not read through the list (e.g. the answer to a create) gets its columns in one query.
            annotated = extended(Service.objects.filter(pk=service.pk)).values(*names).first() or {}
            for name in names:
                setattr(service, name, annotated.get(name))
        value = self.column.value(service)
        return None if value in (None, "") else str(value)


class ServiceSerializer(serializers.ModelSerializer):
    domain = CodeRelatedField(queryset=Domain.objects.all())
    categories = CodeRelatedField(queryset=Category.objects.all(), many=True, required=False)
    owner = CodeRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True,
        help_text="Code of the owning organisation. Set on create; it changes by a decided transfer (/api/transfers/).",
    )
    owner_from = serializers.DateField(required=False, write_only=True)
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(), required=False, allow_null=True, write_only=True,
        help_text="Id of the decision behind the first owner (on create).",
    )
    owner_name = serializers.CharField(read_only=True, allow_null=True)  # null: no owner yet (planned)
    row_version = serializers.IntegerField(
        read_only=True,
        help_text="The version read; send it back as If-Match (the ETag) with an update.",
    )
    url = DetailUrlField(view_name="api:service-detail")

    class Meta:
        model = Service
        fields = [
            "id", "url", "name", "short_name", "version", "description", "kind", "categories", "domain", "phase",
            "criticality", "delivery_model", "supplier", "sourcing_review_date", "external_id",
            "owner", "owner_name", "owner_from", "decision", "row_version",
            "audience", "public", "accessibility_statement_url",
        ]
        extra_kwargs = {"public": {"help_text": "Published in the public catalogue. Not given on create: true for a "
                                                "service whose audience is residents, false otherwise."}}

    def get_fields(self):
        fields = super().get_fields()
        for column in registry.service_list_columns():  # read-only columns other apps add to the list
            fields[column.key] = ListColumnField(column)
        if self.context.get("external_ids_checked") or self.instance is None:
            # An import looks every external id up in one query and matches rows to services by it, and
            # actions.create_service checks uniqueness itself (full_clean, in the transaction that inserts), so
            # the serializer's own query would only repeat that work.
            fields["external_id"].validators = [
                v for v in fields["external_id"].validators if not isinstance(v, UniqueValidator)
            ]
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not hasattr(instance, "owner_code"):
            ownership = current_ownership(instance)
            instance.owner_code = ownership.organisation.code if ownership else None
            instance.owner_name = ownership.organisation.name if ownership else None
        data["owner"] = instance.owner_code
        data["owner_name"] = instance.owner_name
        return data

    def validate(self, attrs):
        if self.instance is None:
            try:
                Service.check_owner(attrs.get("phase", Service.Phase.PLANNED), attrs.get("owner"))
            except DjangoValidationError as error:
                raise as_drf_error(error) from error
            if attrs.get("owner_from") and attrs["owner_from"] > datetime.date.today():  # the import's check too
                raise serializers.ValidationError({"owner_from": _(
                    "An owner from a later date is a transfer; register the owner from today or an earlier day.")})
        else:
            if "owner" in attrs and getattr(attrs["owner"], "pk", None) != current_owner_id(self.instance):
                raise serializers.ValidationError(
                    {"owner": _("Ownership changes by a decided transfer: request one at /api/transfers/.")}
                )
            if "phase" in attrs and attrs["phase"] != self.instance.phase:
                try:
                    Service.check_transition(self.instance.phase, attrs["phase"])
                except DjangoValidationError as error:
                    raise as_drf_error(error) from error
        return attrs

    def create(self, validated_data):
        validated_data.pop("row_version", None)
        request = self.context.get("request")
        as_administrator = self.context.get("as_administrator") or access.may_administer(getattr(request, "user", None))
        try:
            service = actions.create_service(as_administrator=as_administrator, **validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        # The owner in force today is the one just given (an owner from a later day was refused above), so the
        # answer need not look it up again.
        owner = validated_data.get("owner")
        service.owner_code, service.owner_name = (owner.code, owner.name) if owner else (None, None)
        return service

    def update(self, instance, validated_data):
        validated_data.pop("owner", None)
        validated_data.pop("owner_from", None)
        validated_data.pop("decision", None)
        try:
            return actions.update_service(service=instance, **validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class ConsumerSerializer(serializers.ModelSerializer):
    organisation = CodeRelatedField(queryset=Organisation.objects.all())
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())

    class Meta:
        model = Consumer
        fields = ["id", "service", "organisation", "volume", "unit", "row_version"]
        validators = []  # validate() says the same thing, naming the field

    def validate(self, attrs):
        # The database's unique constraint backs this up; here it becomes a message.
        service = attrs.get("service", getattr(self.instance, "service", None))
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        clash = Consumer.objects.filter(service=service, organisation=organisation)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"organisation": _("%(org)s is already a consumer of this service.") % {"org": organisation}}
            )
        return attrs


class RoleAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "person_name", "email", "row_version"]


class ServiceDetailSerializer(ServiceSerializer):
    ownerships = OwnershipSerializer(many=True, read_only=True)
    roles = serializers.SerializerMethodField()
    consumers = serializers.SerializerMethodField()

    class Meta(ServiceSerializer.Meta):
        fields = [*ServiceSerializer.Meta.fields, "ownerships", "consumers", "roles"]

    @extend_schema_field(RoleAssignmentSerializer(many=True))
    def get_roles(self, service):
        return RoleAssignmentSerializer(service.roles.all(), many=True).data

    @extend_schema_field(ConsumerSerializer(many=True))
    def get_consumers(self, service):
        return ConsumerSerializer(service.consumers.select_related("organisation"), many=True).data


class OwnershipCorrectionSerializer(serializers.Serializer):
    to = CodeRelatedField(queryset=Organisation.objects.all(), help_text="Code of the owner from on_date.")
    on_date = serializers.DateField()
    mandate = serializers.CharField(required=False, allow_blank=True, default="")
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all(),
                                                  help_text="Id of the decision that says what is right.")


def service_history(service_id):
    """Every change to the service and what belongs to it; read from the history alone, so it answers for a
    deleted service too."""
    return history.merged(
        Service.history.filter(id=service_id),
        Ownership.history.filter(service_id=service_id),
        Consumer.history.filter(service_id=service_id),
        RoleAssignment.history.filter(service_id=service_id),
    )


class OwnerMayEdit(permissions.BasePermission):
    """Everyone signed in reads; the owner's editors and administrators write."""

    message = _("Only editors of the owning organisation and administrators may change this service.")

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.may_edit(request.user, obj)  # a consumer or role is its service's: the registry knows


class ServicePagination(PageNumberPagination):
    """The list page's paging (filters.BarePaginator): counted on the bare filtered services rather than through the
    owner joins the answer's rows need (at 100,000 services that count took 176–242 ms on PostgreSQL). The answer
    and its OpenAPI description are DRF's page, unchanged."""

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = functools.partial(
            BarePaginator, filterset=view.listed_filterset,
            services=access.visible_to(request.user, Service.objects.all()))
        return super().paginate_queryset(queryset, request, view)


class KeptFilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the filterset it validated on the view: the paginator counts the bare
    services through the same filters instead of building the filterset twice more."""

    def get_filterset(self, request, queryset, view):
        view.listed_filterset = super().get_filterset(request, queryset, view)
        return view.listed_filterset


class ServiceViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Services. A service ends by being decommissioned and archived; DELETE is an administrator's removal of a
    wrongly registered one, and its history stays readable at …/history/."""

    serializer_class = ServiceSerializer
    lookup_value_regex = r"\d+"
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters, OwnerMayEdit]
    # The list's one FilterSet sorts too (ordering=…, with the orderings other apps add); DRF's own ordering
    # backend would take the same parameter and put its default over a sort it does not know.
    filter_backends = [KeptFilterBackend]
    pagination_class = ServicePagination

    @property
    def filterset_class(self):
        return service_filter()

    def get_queryset(self):
        services = access.visible_to(self.request.user, services_with_owner()).prefetch_related("categories")
        if self.action == "retrieve":
            services = services.prefetch_related("ownerships__organisation")
        return services

    def get_serializer_class(self):
        return ServiceDetailSerializer if self.action == "retrieve" else ServiceSerializer

    def perform_create(self, serializer):
        owner = serializer.validated_data.get("owner")
        allowed = access.may_edit_for(self.request.user, owner.pk) if owner else access.may_register(self.request.user)
        if not allowed:
            raise PermissionDenied(_("You may only register services that your own organisation owns."))
        serializer.save()

    def perform_destroy(self, instance):
        if not access.may_administer(self.request.user):
            raise PermissionDenied(_("A service ends by being decommissioned and archived. Only an administrator "
                                     "deletes a wrongly registered service."))
        try:
            actions.delete_service(service=instance)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    @extend_schema(request=OwnershipCorrectionSerializer, responses={201: OwnershipSerializer},
                   description="An administrator's correction of the ownership record (or a first owner given "
                               "afterwards), naming the decision. Owners change by a decided transfer: "
                               "/api/transfers/.")
    @action(detail=True, methods=["post"], url_path="correct-ownership")
    def correct_ownership(self, request, pk=None):
        service = self.get_object()
        if not access.may_administer(request.user):
            raise PermissionDenied(_("Ownership changes by a decided transfer: request one at /api/transfers/. "
                                     "Only administrators correct the ownership record."))
        serializer = OwnershipCorrectionSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            ownership = actions.correct_ownership(service=service, **serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(OwnershipSerializer(ownership).data, status=201)

    # One service's history is one answer, not a page of the register: no filters, no paging.
    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        if not Service.history.filter(id=pk).exists():
            raise NotFound(_("There is no service %(id)s.") % {"id": pk})
        return Response(HistoryEntrySerializer(service_history(pk), many=True).data)


class ConsumerViewSet(AddVolumeMixin, VersionedViewSetMixin, viewsets.ModelViewSet):
    serializer_class = ConsumerSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters, OwnerMayEdit]
    queryset = Consumer.objects.select_related("organisation", "service").order_by("id")
    filterset_fields = ["service"]

    def _check_target(self, serializer):
        # Moving a consumer row onto another service needs the right to edit that service too.
        service = serializer.validated_data.get("service")
        if service is not None and not access.may_edit(self.request.user, service):
            raise PermissionDenied(OwnerMayEdit.message)

    def perform_create(self, serializer):
        self._check_target(serializer)
        serializer.save()

    def perform_update(self, serializer):
        self._check_target(serializer)
        serializer.save()


class CategorySerializer(serializers.ModelSerializer):
    scheme = serializers.CharField(source="scheme.name")

    class Meta:
        model = Category
        fields = ["code", "name", "scheme"]


class CategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Category.objects.select_related("scheme")
    serializer_class = CategorySerializer
