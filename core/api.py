"""Pieces every app's API shares: errors as 400 with field messages, and lookups by code."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import inline_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from . import auditlog
from .filters import AuditLogFilter
from .permissions import MayAudit


def as_drf_error(error):
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
    return drf_exception_handler(exc, context)


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


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    type = serializers.ChoiceField(choices=["+", "~", "-"])
    model = serializers.CharField()
    object_type = serializers.CharField()
    object_label = serializers.CharField()
    reason = serializers.CharField()
    changes = serializers.ListField(child=inline_serializer("FieldChange", {
        "field": serializers.CharField(),
        "label": serializers.CharField(),
        "before": serializers.CharField(allow_null=True),
        "after": serializers.CharField(allow_null=True),
    }))

    def to_representation(self, entry):
        return {
            "at": entry.at.isoformat(), "user": entry.user, "type": entry.type, "model": entry.model,
            "object_type": entry.object_type, "object_label": entry.object_label, "reason": entry.reason,
            "changes": [
                {"field": c.field, "label": c.label,
                 "before": None if c.before in (None, "") else str(c.before),
                 "after": None if c.after in (None, "") else str(c.after)}
                for c in entry.changes
            ],
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
    changes = serializers.ListField(child=inline_serializer("AuditFieldChange", {
        "field": serializers.CharField(),
        "label": serializers.CharField(),
        "before": serializers.CharField(allow_null=True),
        "after": serializers.CharField(allow_null=True),
    }))

    def to_representation(self, entry):
        return {
            "link": entry.link, "at": entry.at.isoformat() if entry.at else None, "user": entry.user,
            "type": entry.type, "model": entry.model, "object_type": entry.object_type,
            "object_id": entry.object_id, "object_label": entry.object_label, "object_url": entry.object_url,
            "reason": entry.reason, "table": entry.table, "record_id": entry.record_id, "digest": entry.digest,
            "changes": [
                {"field": c.field, "label": c.label,
                 "before": None if c.before in (None, "") else str(c.before),
                 "after": None if c.after in (None, "") else str(c.after)}
                for c in entry.changes
            ],
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

