from django.contrib import admin
from django.db import models

from core.admin import VersionedAdmin

from .models import Category, CategoryScheme, Consumer, Ownership, RoleAssignment, Service


class ReadOnlyOwnershipInline(admin.TabularInline):
    """Ownership changes by transfer (services.actions), never by editing a period in place."""

    model = Ownership
    extra = 0
    can_delete = False
    readonly_fields = ["organisation", "valid_from", "valid_to", "mandate", "basis", "decision"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(VersionedAdmin):
    list_display = ["name", "kind", "phase", "domain", "external_id"]
    list_filter = ["kind", "phase", "criticality", "domain"]
    search_fields = ["name", "short_name", "external_id"]
    inlines = [ReadOnlyOwnershipInline]
    # The lifecycle and the owner rule live in services.actions; the admin shows, it does not edit.
    readonly_fields = ["phase"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # the statement's address


@admin.register(CategoryScheme)
class CategorySchemeAdmin(VersionedAdmin):
    list_display = ["name"]


@admin.register(Category)
class CategoryAdmin(VersionedAdmin):
    list_display = ["name", "code", "scheme"]
    list_filter = ["scheme"]


@admin.register(Consumer)
class ConsumerAdmin(VersionedAdmin):
    list_display = ["service", "organisation", "volume", "unit"]
    search_fields = ["service__name", "organisation__name"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(VersionedAdmin):
    list_display = ["service", "role", "person_name", "email"]
    search_fields = ["service__name", "person_name"]
