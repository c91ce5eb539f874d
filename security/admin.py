from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Risk, RiskAnalysis

# Risk analyses and risks. The models' clean() holds their rules (levels on the scales in use, a decision to
# accept a high risk), which the admin's forms run too. Services, analyses and decisions grow with the
# register: picked by id, not from a list of all of them.


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0
    fields = ["description", "likelihood", "consequence", "treatment", "status", "due_date"]
    show_change_link = True


@admin.register(RiskAnalysis)
class RiskAnalysisAdmin(VersionedAdmin):
    list_display = ["service", "performed_on", "review_by"]
    list_filter = ["review_by"]
    search_fields = ["service__name", "scope"]
    raw_id_fields = ["service"]
    inlines = [RiskInline]


@admin.register(Risk)
class RiskAdmin(VersionedAdmin):
    list_display = ["description", "analysis", "likelihood", "consequence", "value", "treatment", "status"]
    list_filter = ["treatment", "status"]
    search_fields = ["description", "analysis__service__name"]
    raw_id_fields = ["analysis", "decision"]
    readonly_fields = ["value"]
