from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from core import access
from core.api import CodeRelatedField, VersionedViewSetMixin, as_drf_error
from organisations.models import Organisation

from . import actions
from .filters import DecisionFilter
from .models import Decision
from .views import REFUSED


class DecisionSerializer(serializers.ModelSerializer):
    body = CodeRelatedField(queryset=Organisation.objects.all())
    row_version = serializers.IntegerField(
        read_only=True, help_text="The version read; send it back as If-Match (the ETag) with a correction.")

    class Meta:
        model = Decision
        fields = ["id", "body", "decided_on", "registry_number", "title", "text", "row_version"]
        validators = []  # the action's full_clean names the clash

    def create(self, validated_data):
        validated_data.pop("row_version", None)
        try:
            return actions.record_decision(**validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def update(self, instance, validated_data):
        try:
            return actions.correct_decision(decision=instance, **validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class DecisionViewSet(VersionedViewSetMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                      mixins.ListModelMixin, viewsets.GenericViewSet):
    """Decisions: recorded and corrected by administrators and the deciding body's secretariat."""

    serializer_class = DecisionSerializer
    queryset = Decision.objects.select_related("body").order_by("-decided_on", "id")
    filterset_class = DecisionFilter

    def perform_create(self, serializer):
        if not access.may_record_decisions(self.request.user, serializer.validated_data["body"].pk):
            raise PermissionDenied(REFUSED)
        serializer.save()

    def perform_update(self, serializer):
        body = serializer.validated_data.get("body", serializer.instance.body)
        if not (access.may_record_decisions(self.request.user, serializer.instance.body_id)
                and access.may_record_decisions(self.request.user, body.pk)):
            raise PermissionDenied(REFUSED)
        serializer.save()
