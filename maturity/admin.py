"""The admin of every maturity model: administrators correct records when needed (the pages go through
maturity.actions; the admin saves through the models, whose checks and constraints still hold). Answers and
results are not edited here: answers are replaced by an import or the form, results by the aggregation."""

from django.contrib import admin

from core.admin import VersionedAdmin

from .models import (
    ActionPlan,
    Activity,
    Category,
    Dimension,
    ExternalResult,
    Goal,
    MaturityModel,
    MeasurementPoint,
    Round,
    RoundUnit,
    Unit,
)


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["code", "name", "order"]


@admin.register(MaturityModel)
class MaturityModelAdmin(VersionedAdmin):
    list_display = ["name", "code", "version"]
    search_fields = ["code", "name"]
    inlines = [DimensionInline]


@admin.register(Dimension)
class DimensionAdmin(VersionedAdmin):
    list_display = ["name", "code", "model", "order"]
    list_filter = ["model"]


@admin.register(Category)
class CategoryAdmin(VersionedAdmin):
    list_display = ["name", "code", "dimension", "model", "order"]
    list_filter = ["model"]
    search_fields = ["code", "name"]


@admin.register(MeasurementPoint)
class MeasurementPointAdmin(VersionedAdmin):
    list_display = ["code", "category", "model", "scale_min", "scale_max", "weight", "order"]
    list_filter = ["model"]
    search_fields = ["code", "text"]
    raw_id_fields = ["category"]


@admin.register(Unit)
class UnitAdmin(VersionedAdmin):
    list_display = ["code", "name", "organisation"]
    search_fields = ["code", "name"]
    list_select_related = ["organisation"]


class RoundUnitInline(admin.TabularInline):
    model = RoundUnit
    extra = 0
    fields = ["unit", "invited"]
    raw_id_fields = ["unit"]


@admin.register(Round)
class RoundAdmin(VersionedAdmin):
    list_display = ["name", "model", "period_start", "period_end", "status", "aggregated_at"]
    list_filter = ["status"]
    readonly_fields = ["aggregated_at"]
    inlines = [RoundUnitInline]


@admin.register(ExternalResult)
class ExternalResultAdmin(VersionedAdmin):
    list_display = ["organisation_name", "model", "period", "level", "code", "mean", "respondents"]
    list_filter = ["model", "level"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["category", "text", "target"]


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionedAdmin):
    list_display = ["title", "round", "unit", "owner", "adopted_on"]
    list_filter = ["round"]
    raw_id_fields = ["unit"]
    inlines = [GoalInline]


@admin.register(Activity)
class ActivityAdmin(VersionedAdmin):
    list_display = ["title", "plan", "responsible", "due", "status", "level"]
    list_filter = ["status", "level"]
    raw_id_fields = ["plan", "goal", "initiative"]
