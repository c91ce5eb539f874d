from django.contrib import admin

from core.admin import VersionedAdmin

from .models import AllocationKey, AllocationRun, CostLine, Driver, FundingModel, Usage


@admin.register(CostLine)
class CostLineAdmin(VersionedAdmin):
    list_display = ["service", "year", "cost_type", "figure", "amount_ore"]
    list_filter = ["year", "figure", "cost_type"]
    search_fields = ["service__name", "service__external_id"]


class AllocationKeyInline(admin.TabularInline):
    model = AllocationKey
    extra = 0


@admin.register(FundingModel)
class FundingModelAdmin(VersionedAdmin):
    list_display = ["service", "year", "method", "driver", "funder"]
    list_filter = ["year", "method"]
    search_fields = ["service__name"]
    inlines = [AllocationKeyInline]


@admin.register(Usage)
class UsageAdmin(VersionedAdmin):
    list_display = ["service", "year", "organisation", "driver", "volume"]
    list_filter = ["year", "driver"]


@admin.register(Driver)
class DriverAdmin(VersionedAdmin):
    list_display = ["name", "code"]


@admin.register(AllocationRun)
class AllocationRunAdmin(admin.ModelAdmin):
    """Runs are results: shown, never edited."""

    list_display = ["year", "figure", "created_at", "total_cost_ore", "allocated_ore"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
