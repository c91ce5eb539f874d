"""DRF permissions that ask core.access (kept apart from core.api: the settings name them, and DRF imports
them while its own views module is still loading)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from . import access


class MayAudit(permissions.BasePermission):
    message = _("The audit log is for auditors and administrators.")

    def has_permission(self, request, view):
        return access.may_audit(request.user)


class WritesOnlyForWriters(permissions.BasePermission):
    """Every API write is refused (403) to a user the access module says writes nothing (an auditor);
    the finer question — this object, this organisation — is each view's."""

    message = _("Auditors read; they do not change the register.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or access.may_write(request.user)
