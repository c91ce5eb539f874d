"""The admin of integrations and dependencies: administrators correct records when needed (the pages and the API
go through architecture.actions; the admin saves through the models, whose checks and constraints still hold)."""

from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Dependency, Integration, ServiceContract


class ServiceContractInline(admin.TabularInline):
    model = ServiceContract
    extra = 0
    fields = ["urn"]


@admin.register(Integration)
class IntegrationAdmin(VersionedAdmin):
    list_display = ["producer", "consumer", "kind", "platform", "criticality", "phase", "needed"]
    list_filter = ["kind", "phase", "criticality", "needed"]
    search_fields = ["producer__name", "consumer__name", "carries", "contracts__urn"]
    autocomplete_fields = ["producer", "consumer", "platform"]
    list_select_related = ["producer", "consumer", "platform"]
    raw_id_fields = ["information_types"]
    inlines = [ServiceContractInline]


@admin.register(Dependency)
class DependencyAdmin(VersionedAdmin):
    list_display = ["service", "depends_on", "description"]
    search_fields = ["service__name", "depends_on__name"]
    autocomplete_fields = ["service", "depends_on"]
    list_select_related = ["service", "depends_on"]
