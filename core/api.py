"""Pieces every app's API shares: errors as 400 with field messages, lookups by code, and row versions as
ETag / If-Match (docs/decisions/0010)."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.versioning import FIELD, StaleVersion, add, claim

from . import auditlog, converters
from .filters import AuditLogFilter
from .permissions import MayAudit


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = _("Send the header If-Match with the ETag you read (such as \"3\"), so that your change "
                       "cannot overwrite someone else's.")
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("Someone else changed this record after you read it. Read it again and make your change "
                       "over theirs.")
    default_code = "stale"


class Busy(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("The database is busy with other changes. Try again in a moment; nothing was stored.")
    default_code = "busy"


def is_busy(error):
    """SQLite's answer when another writer held the database longer than the busy timeout."""
    return isinstance(error, OperationalError) and "locked" in str(error)


def as_drf_error(error):
    if isinstance(error, StaleVersion):
        return PreconditionFailed(error.messages[0])
    if isinstance(error, DjangoValidationError):
        if hasattr(error, "error_dict"):
            return ValidationError({
                ("non_field_errors" if key == "__all__" else key): value
                for key, value in error.message_dict.items()
            })
        return ValidationError({"non_field_errors": error.messages})
    return ValidationError({"non_field_errors": [str(error)]})


def exception_handler(exc, context):
    # A rule the database or a model enforced is the client's mistake, not a server error.
    if isinstance(exc, DjangoValidationError | IntegrityError):
        exc = as_drf_error(exc)
    elif is_busy(exc):
        exc = Busy()
    response = drf_exception_handler(exc, context)
    if isinstance(exc, Busy) and response is not None:
        response["Retry-After"] = "1"
    return response


ETAG = re.compile(r'"(0|[1-9]\d{0,9})"')  # exactly as answered: "0004" is not the ETag "4" (strong comparison)


def etag(version):
    return f'"{version}"'


def _if_match(request):
    """The version named by If-Match, or None without one. Only one strong ETag is accepted: `*` or a list would
    name no single version to compare and swap, and a weak one may not be used for a write."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    match = ETAG.fullmatch(header)
    if match is None:
        raise PreconditionFailed(_('If-Match must be one ETag as a read answered it, such as "3".'))
    return int(match.group(1))


def expected_version(request, obj):
    """For an update or a delete: 428 without If-Match, 412 when it is not the stored version or the body's
    row_version says otherwise."""
    expected = _if_match(request)
    if expected is None:
        if request.headers.get("If-Match", "").strip() == "*":
            raise PreconditionRequired(_('If-Match: * names no version: send the ETag you read, such as "3".'))
        raise PreconditionRequired()
    body = request.data.get(FIELD) if hasattr(request.data, "get") else None
    if body is not None and str(body) != str(expected):
        raise PreconditionFailed(_("The row_version in the body is not the version named by If-Match."))
    if expected != obj.row_version:
        raise PreconditionFailed()
    return expected


def optional_version(request):
    """If-Match on an action that changes a record's state (a transfer's decision): not required, since the
    action checks the state itself, but when sent it must match, so a decision over a newer text is refused."""
    return _if_match(request)


VERSION_WRITES = {"update", "partial_update", "destroy"}
ERROR_BODY = inline_serializer("PreconditionError", {"detail": serializers.CharField()})


class VersionedSchema(import_string(settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"])):
    """The If-Match header, the ETag answer and the 412/428 responses, declared once for every versioned
    viewset."""

    def _versioned_action(self):
        return getattr(self.view, "action", None) in VERSION_WRITES

    def _optional_action(self):
        return getattr(self.view, "action", None) in getattr(self.view, "optional_if_match", ())

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        action = getattr(self.view, "action", None)
        if action in VERSION_WRITES:
            parameters.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
                description='The ETag of the record as you read it, such as "3". Without it the answer is 428; '
                            "when the record has changed since, 412 and nothing is stored.",
            ))
        if self._optional_action():
            parameters.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                description='Optional: the ETag of the record as you read it, such as "3"; when the record has '
                            "changed since, 412 and nothing is stored.",
            ))
        if action in {"retrieve", "update", "partial_update", "add_volume"}:
            parameters.append(OpenApiParameter(
                "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200], required=True,
                description="The record's version (its row_version, quoted); send it back as If-Match.",
            ))
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._versioned_action():
            responses["412"] = self._get_response_for_code(ERROR_BODY, "412", direction=direction)
            responses["428"] = self._get_response_for_code(ERROR_BODY, "428", direction=direction)
            responses["412"]["description"] = "Stale: the record changed since the ETag named by If-Match."
            responses["428"]["description"] = "If-Match is missing."
        elif self._optional_action():
            responses["412"] = self._get_response_for_code(ERROR_BODY, "412", direction=direction)
            responses["412"]["description"] = "Stale: the record changed since the ETag named by If-Match."
        return responses


class DeltaSerializer(serializers.Serializer):
    delta = serializers.DecimalField(max_digits=16, decimal_places=2,
                                     help_text="Added to the volume; negative to take away; not 0.")

    def validate_delta(self, value):
        if value == 0:  # would raise the version and write a history record for no change
            raise serializers.ValidationError(_("A delta of 0 changes nothing."))
        return value


class AddVolumeMixin:
    """POST …/{id}/add-volume/ {"delta": n}: the database adds n to the volume in one statement. For counts that
    many clients raise at once; it needs no If-Match, since additions do not overwrite one another."""

    @extend_schema(request=DeltaSerializer, description="Add delta to the volume atomically; no If-Match needed. "
                   "400 when the volume would fall below zero.")
    @action(detail=True, methods=["post"], url_path="add-volume")
    def add_volume(self, request, *args, **kwargs):
        obj = self.get_object()
        data = DeltaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            add(obj, "volume", data.validated_data["delta"])
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        response = Response(self.get_serializer(obj).data)
        response["ETag"] = etag(obj.row_version)
        return response


class ETagReadMixin:
    """Reads of a versioned record answer its ETag. On its own for viewsets whose records change only through
    actions of their own (a transfer's decision): a viewset must not gain an update it does not offer."""

    schema = VersionedSchema()

    def retrieve(self, request, *args, **kwargs):
        return self._with_etag(super().retrieve(request, *args, **kwargs))

    def _with_etag(self, response):
        version = response.data.get(FIELD) if isinstance(response.data, dict) else None
        if version is not None:
            response["ETag"] = etag(version)
        return response


class VersionedViewSetMixin(ETagReadMixin):
    """For every viewset that updates or deletes a versioned model: reads answer the ETag, writes need If-Match.
    The check happens once the object is found (so a missing one is still 404 and a forbidden one 403), and the
    save compares and swaps the version in the database, so a write that loses a race is 412 as well."""

    def get_object(self):
        obj = super().get_object()
        if self.action in VERSION_WRITES:
            obj.row_version = expected_version(self.request, obj)
        return obj

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
        return self._with_etag(response)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            claim(instance, instance.row_version)  # a delete over someone's newer change is refused too
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """The absolute address of a row's detail, as DRF's HyperlinkedIdentityField gives it, reversed once a request
    (converters.addresses_by_key) rather than once a row."""

    def get_url(self, obj, view_name, request, format):
        key = getattr(obj, self.lookup_field, None)
        if key in (None, "") or request is None or format:
            return super().get_url(obj, view_name, request, format)
        addresses = request.__dict__.setdefault("_addresses_by_key", {})
        if view_name not in addresses:
            addresses[view_name] = converters.addresses_by_key(lambda marker: self.reverse(
                view_name, kwargs={self.lookup_url_kwarg: marker}, request=request, format=None))
        if addresses[view_name] is None:
            return super().get_url(obj, view_name, request, format)
        return addresses[view_name](key)


class CodeRelatedField(serializers.SlugRelatedField):
    """A related object named by its code. An import passes `lookup_cache` so rows cost no query."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")  # PostgreSQL cannot even compare text holding NUL
        cache = self.context.get("lookup_cache")
        if cache is None:
            return super().to_internal_value(data)
        model = self.queryset.model  # not get_queryset(): that clones the queryset on every row
        if model not in cache:
            cache[model] = {getattr(obj, self.slug_field): obj for obj in self.get_queryset()}
        try:
            return cache[model][str(data)]
        except KeyError:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))


class FieldChangeSerializer(serializers.Serializer):
    """One field's change in a history entry — the same in an object's history and in the audit log."""

    field = serializers.CharField()
    label = serializers.CharField()
    before = serializers.CharField(allow_null=True)
    after = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "FieldChange"


def field_changes(entry):
    return [{"field": c.field, "label": c.label,
             "before": None if c.before in (None, "") else str(c.before),
             "after": None if c.after in (None, "") else str(c.after)} for c in entry.changes]


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    type = serializers.ChoiceField(choices=["+", "~", "-"])
    model = serializers.CharField()
    object_type = serializers.CharField()
    object_label = serializers.CharField()
    reason = serializers.CharField()
    changes = serializers.ListField(child=FieldChangeSerializer())

    def to_representation(self, entry):
        return {
            "at": entry.at.isoformat(), "user": entry.user, "type": entry.type, "model": entry.model,
            "object_type": entry.object_type, "object_label": entry.object_label, "reason": entry.reason,
            "changes": field_changes(entry),
        }


class AuditEntrySerializer(serializers.Serializer):
    link = serializers.IntegerField()
    at = serializers.DateTimeField(allow_null=True)
    user = serializers.CharField()
    type = serializers.ChoiceField(choices=["+", "~", "-", "A"], help_text="created, changed, deleted, archived")
    model = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_label = serializers.CharField()
    object_url = serializers.CharField()
    reason = serializers.CharField()
    table = serializers.CharField()
    record_id = serializers.IntegerField()
    digest = serializers.CharField()
    changes = serializers.ListField(child=FieldChangeSerializer())

    def to_representation(self, entry):
        return {
            "link": entry.link, "at": entry.at.isoformat() if entry.at else None, "user": entry.user,
            "type": entry.type, "model": entry.model, "object_type": entry.object_type,
            "object_id": entry.object_id, "object_label": entry.object_label, "object_url": entry.object_url,
            "reason": entry.reason, "table": entry.table, "record_id": entry.record_id, "digest": entry.digest,
            "changes": field_changes(entry),
        }


class AuditLogView(generics.ListAPIView):
    """Every history record of every model, newest first (the audit log): auditors and administrators."""

    serializer_class = AuditEntrySerializer
    permission_classes = [permissions.IsAuthenticated, MayAudit]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditLogFilter

    def get_queryset(self):
        return auditlog.links()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(auditlog.entries(page), many=True).data)

