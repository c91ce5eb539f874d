"""The admin of the follow-up. Focus areas are data the administrators keep here. Figures, deviations and plans
are shown, not changed: their pages and the API go through indicators.actions, which compare every figure with
its target; a change here would slip past that."""

from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Deviation, FocusArea, Indicator, IndicatorYear, Outcome, PlanAction


@admin.register(FocusArea)
class FocusAreaAdmin(VersionedAdmin):
    list_display = ["name", "code", "source", "order"]
    search_fields = ["name", "code"]


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdmin):
    list_display = ["code", "name", "owner", "kind", "focus_area", "active"]
    list_filter = ["kind", "active", "focus_area"]
    search_fields = ["code", "name"]
    readonly_fields = ["kind", "computation"]
    autocomplete_fields = ["owner"]


class _ReadOnly(VersionedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorYear)
class IndicatorYearAdmin(_ReadOnly):
    list_display = ["indicator", "year", "target", "forecast", "forecast_by", "forecast_at"]
    list_filter = ["year"]
    search_fields = ["indicator__code", "indicator__name"]


@admin.register(Outcome)
class OutcomeAdmin(_ReadOnly):
    list_display = ["indicator", "year", "period", "value", "source", "computed_on", "query_version"]
    list_filter = ["year", "period"]
    search_fields = ["indicator__code", "indicator__name"]


class PlanActionInline(admin.TabularInline):
    model = PlanAction
    extra = 0
    fields = ["action", "responsible", "due", "status"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Deviation)
class DeviationAdmin(_ReadOnly):
    list_display = ["indicator", "year", "basis", "period", "value", "target", "status", "opened_on"]
    list_filter = ["status", "year", "basis"]
    search_fields = ["indicator__code", "indicator__name"]
    inlines = [PlanActionInline]
