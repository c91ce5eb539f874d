"""The admin of the portfolio (all its models): administrators correct records when needed. The pages and the API
go through portfolio.actions; the admin saves through the models, whose checks and constraints still hold."""

from django.contrib import admin

from core.admin import VersionedAdmin

from .models import (
    AssessmentScore,
    Benefit,
    BenefitOutcome,
    Criterion,
    CriterionWeight,
    Initiative,
    InitiativeCost,
    InitiativeService,
    InvestmentDecision,
    PortfolioYear,
    RankedEntry,
    RankingDecision,
    RankingOverride,
    ValueAssessment,
)


class ServiceInline(admin.TabularInline):
    model = InitiativeService
    extra = 0
    raw_id_fields = ["service"]
    fields = ["service", "effect"]


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0
    fields = ["kind", "description", "measure", "unit", "baseline", "target", "target_year", "direction"]


class CostInline(admin.TabularInline):
    model = InitiativeCost
    extra = 0
    fields = ["year", "estimated_investment", "estimated_running", "actual_investment", "actual_running"]


@admin.register(Initiative)
class InitiativeAdmin(VersionedAdmin):
    list_display = ["code", "title", "status", "proposer", "owner"]
    list_filter = ["status", "need_of"]
    search_fields = ["code", "title"]
    raw_id_fields = ["proposer", "owner", "started_by"]
    inlines = [ServiceInline, BenefitInline, CostInline]


@admin.register(BenefitOutcome)
class BenefitOutcomeAdmin(VersionedAdmin):
    list_display = ["benefit", "year", "value", "measured_on"]
    raw_id_fields = ["benefit"]


@admin.register(Criterion)
class CriterionAdmin(VersionedAdmin):
    list_display = ["code", "name", "aspect", "scale_max", "order", "active"]
    list_filter = ["aspect", "active"]


class WeightInline(admin.TabularInline):
    model = CriterionWeight
    extra = 0
    fields = ["criterion", "weight"]


@admin.register(PortfolioYear)
class PortfolioYearAdmin(VersionedAdmin):
    list_display = ["year", "council", "capacity"]
    raw_id_fields = ["council"]
    inlines = [WeightInline]


class ScoreInline(admin.TabularInline):
    model = AssessmentScore
    extra = 0
    fields = ["criterion", "score", "justification"]


@admin.register(ValueAssessment)
class ValueAssessmentAdmin(VersionedAdmin):
    list_display = ["initiative", "portfolio_year", "score", "assessed_on"]
    list_filter = ["portfolio_year"]
    raw_id_fields = ["initiative", "assessed_by"]
    readonly_fields = ["score"]  # set by the action from the scores
    inlines = [ScoreInline]


@admin.register(RankingOverride)
class RankingOverrideAdmin(VersionedAdmin):
    list_display = ["portfolio_year", "initiative", "placement", "recorded_on"]
    raw_id_fields = ["initiative", "recorded_by"]


class EntryInline(admin.TabularInline):
    model = RankedEntry
    extra = 0
    can_delete = False
    readonly_fields = ["position", "initiative", "score", "cost", "cumulative_cost", "above_line", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RankingDecision)
class RankingDecisionAdmin(admin.ModelAdmin):
    """A ranking decided is kept as it was: read only."""

    list_display = ["portfolio_year", "decided_on", "decision", "capacity"]
    inlines = [EntryInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InvestmentDecision)
class InvestmentDecisionAdmin(VersionedAdmin):
    list_display = ["assessment", "decision", "body", "amount"]
    raw_id_fields = ["assessment", "decision", "body"]
