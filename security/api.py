"""The API of information security. Writes go through security.actions, like the pages'."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from core import access
from core.api import VersionedViewSetMixin, as_drf_error
from core.permissions import WritesOnlyForWriters
from services.api import OwnerMayEdit
from services.models import Service

from . import actions
from .models import Classification, InformationType, Level, Scale, check_levels
from .service_list import LevelFilter

LEVEL = {"min_value": 0, "max_value": 32767}


def _check_levels(**levels):
    try:
        check_levels(Scale.Purpose.CLASSIFICATION, **levels)
    except DjangoValidationError as error:
        raise as_drf_error(error) from error


class InformationTypeSerializer(serializers.ModelSerializer):
    """One information type; also the import's checker (security.classification_io), which leaves out
    `service` and names it by its external id instead."""

    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())
    confidentiality = serializers.IntegerField(**LEVEL, help_text="A level number of the active classification scale.")
    integrity = serializers.IntegerField(**LEVEL, help_text="A level number of the active classification scale.")
    availability = serializers.IntegerField(**LEVEL, help_text="A level number of the active classification scale.")
    classified_on = serializers.DateField(required=False, help_text="Empty: today.")
    classified_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    notation = serializers.CharField(read_only=True, help_text='Such as "K3R2T2".')
    row_version = serializers.IntegerField(read_only=True, help_text="Send it back as If-Match with an update.")

    class Meta:
        model = InformationType
        fields = ["id", "service", "name", "description", "owner", "personal_data", "personal_identity_numbers",
                  "public_record", "confidentiality", "integrity", "availability", "classified_on", "classified_by",
                  "notation", "row_version"]
        validators = []  # validate() reports a clash of names on the field

    def get_fields(self):
        fields = super().get_fields()
        if self.context.get("without_service"):
            del fields["service"]
        return fields

    def validate_classified_on(self, value):
        from django.core.exceptions import ValidationError

        from core.validators import not_in_future
        try:
            not_in_future(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return value

    def validate(self, attrs):
        _check_levels(**{name: attrs[name] for name in ("confidentiality", "integrity", "availability")
                         if name in attrs})
        service = attrs.get("service", getattr(self.instance, "service", None) or self.context.get("service"))
        if self.instance is not None and "service" in attrs and attrs["service"].pk != self.instance.service_id:
            raise serializers.ValidationError({"service": _("Information stays with its service; add it to the "
                                                            "other service instead.")})
        name = attrs.get("name", getattr(self.instance, "name", None))
        if service is not None and name is not None and not self.context.get("names_checked"):
            clash = InformationType.objects.filter(service=service, name=name)
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError({"name": _("The service already has information by this name.")})
        return attrs

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        try:
            return actions.add_information_type(user=self._user(), **validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def update(self, instance, validated_data):
        validated_data.pop("service", None)
        changes = {k: v for k, v in validated_data.items() if getattr(instance, k) != v}
        try:
            return actions.update_information_type(information=instance, user=self._user(), **changes)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class InformationTypeViewSet(VersionedViewSetMixin, viewsets.ModelViewSet):
    """Information types (informationsmängder) of services, each classified per dimension. A service's
    classification (/api/classifications/) is recomputed with every change. Details of a service classified
    at or above the region's visibility level are listed only for those who may see them."""

    serializer_class = InformationTypeSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters, OwnerMayEdit]
    filterset_fields = ["service"]
    lookup_value_regex = r"\d{1,18}"  # a longer number is no id (and would overflow the lookup)

    def get_queryset(self):
        return access.visible_to(self.request.user, InformationType.objects.select_related(
            "classified_by", "service").order_by("service_id", "name", "pk"))

    def perform_create(self, serializer):
        if not access.may_edit(self.request.user, serializer.validated_data["service"]):
            raise PermissionDenied(OwnerMayEdit.message)
        serializer.save()

    def perform_destroy(self, instance):
        actions.remove_information_type(information=instance, user=self.request.user)


class ClassificationSerializer(serializers.ModelSerializer):
    service = serializers.PrimaryKeyRelatedField(read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    notation = serializers.CharField(read_only=True, help_text='Such as "K3R2T2"; "–" for a dimension not classified.')
    confidentiality = serializers.IntegerField(**LEVEL, required=False, allow_null=True)
    integrity = serializers.IntegerField(**LEVEL, required=False, allow_null=True)
    availability = serializers.IntegerField(**LEVEL, required=False, allow_null=True)
    overridden = serializers.BooleanField(
        help_text="true: set by hand, with the levels and a justification (both required); false: computed from the "
                  "information types again (the levels sent are ignored).")
    justification = serializers.CharField(required=False, allow_blank=True)
    classified_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    row_version = serializers.IntegerField(read_only=True, help_text="Send it back as If-Match with an update.")

    class Meta:
        model = Classification
        fields = ["service", "service_name", "notation", "confidentiality", "integrity", "availability", "overridden",
                  "justification", "classified_on", "classified_by", "row_version"]
        read_only_fields = ["classified_on"]

    def validate(self, attrs):
        overridden = attrs.get("overridden", self.instance.overridden if self.instance else False)
        if overridden:
            levels = {name: attrs.get(name, getattr(self.instance, name, None))
                      for name in ("confidentiality", "integrity", "availability")}
            missing = {name: _("A classification set by hand gives every level.")
                       for name, value in levels.items() if value is None}
            if missing:
                raise serializers.ValidationError(missing)
            _check_levels(**levels)
            justification = attrs.get("justification", getattr(self.instance, "justification", ""))
            if not (justification or "").strip():
                raise serializers.ValidationError(
                    {"justification": _("A classification set by hand needs a justification.")})
            attrs.update(levels, justification=justification, overridden=True)
        return attrs

    def update(self, instance, validated_data):
        user = getattr(self.context.get("request"), "user", None)
        try:
            if validated_data.get("overridden", instance.overridden):
                return actions.override_classification(
                    service=instance.service, user=user, expected_version=instance.row_version,
                    **{name: validated_data[name]
                       for name in ("confidentiality", "integrity", "availability", "justification")})
            result = actions.clear_override(service=instance.service, user=user,
                                            expected_version=instance.row_version)
            return result or instance
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class ClassificationFilter(django_filters.FilterSet):
    service = LevelFilter(field_name="service_id", min_value=1, max_value=2**31 - 1)
    confidentiality_min = LevelFilter(field_name="confidentiality", lookup_expr="gte", min_value=0, max_value=99,
                                      label=gettext_lazy("Confidentiality at least"))
    integrity_min = LevelFilter(field_name="integrity", lookup_expr="gte", min_value=0, max_value=99,
                                label=gettext_lazy("Integrity at least"))
    availability_min = LevelFilter(field_name="availability", lookup_expr="gte", min_value=0, max_value=99,
                                   label=gettext_lazy("Availability at least"))
    overridden = django_filters.BooleanFilter()

    class Meta:
        model = Classification
        fields = ["service", "overridden"]


class ClassificationViewSet(VersionedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Services' classifications ("K3R2T2"), addressed by the service's id. Everyone signed in reads them (the
    letters are not a detail); the owner's editors set one by hand (PUT or PATCH with overridden: true, the
    levels and a justification) or go back to the one computed from the information (overridden: false)."""

    serializer_class = ClassificationSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters, OwnerMayEdit]
    filterset_class = ClassificationFilter
    lookup_field = "service"
    lookup_value_regex = r"\d{1,18}"  # a longer number is no id (and would overflow the lookup)
    ordering_fields = ["confidentiality", "integrity", "availability", "classified_on"]
    ordering = ["service_id"]

    def get_queryset(self):
        return Classification.objects.select_related("service", "classified_by")


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Level
        fields = ["number", "name", "description"]


class ScaleSerializer(serializers.ModelSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Scale
        fields = ["id", "name", "purpose", "description", "active", "levels"]


class ScaleViewSet(viewsets.ReadOnlyModelViewSet):
    """The scales of levels, as data: for classification, a risk's likelihood and consequence; one active per
    purpose. Administrators change them in the admin or with `styr load-scale`."""

    serializer_class = ScaleSerializer
    permission_classes = [permissions.IsAuthenticated, WritesOnlyForWriters]
    filterset_fields = ["purpose", "active"]
    lookup_value_regex = r"\d{1,18}"  # a longer number is no id (and would overflow the lookup)
    queryset = Scale.objects.prefetch_related(Prefetch("levels", queryset=Level.objects.order_by("number")))
