"""The admin of information security: administrators edit the scales, the policy and the catalogues and, when
needed, correct records."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import VersionedAdmin
from core.versioning import VersionedModelForm

from . import actions
from .models import (
    Classification,
    ContinuityPlan,
    ContinuityRequirement,
    DataProcessingAgreement,
    InformationType,
    Level,
    Policy,
    ProtectionRequirement,
    RequirementFulfilment,
    Risk,
    RiskAnalysis,
    Scale,
    TransferAssessment,
    check_levels,
)


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ["number", "name", "description"]


@admin.register(Scale)
class ScaleAdmin(VersionedAdmin):
    """Scales are data: a region adds its own (or loads one: `styr load-scale`) and puts it in use with the action
    below, which takes the scale in use before out of use in the same transaction."""

    list_display = ["name", "purpose", "active"]
    list_filter = ["purpose", "active"]
    readonly_fields = ["active"]
    inlines = [LevelInline]
    actions = ["use_scale"]

    @admin.action(description=_("Put the selected scale in use"))
    def use_scale(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one scale."), messages.ERROR)
            return
        scale = actions.activate_scale(scale=queryset.get())
        self.message_user(request, _("%(scale)s is now in use.") % {"scale": scale})


@admin.register(Policy)
class PolicyAdmin(VersionedAdmin):
    list_display = ["__str__", "visibility_confidentiality", "gate_confidentiality", "gate_integrity",
                    "high_risk_value"]

    def has_add_permission(self, request):
        return not Policy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadMostlyAdmin(VersionedAdmin):
    """Information and classifications change through the service page, the API or the import (security.actions),
    which keep a service's classification in step with its information; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InformationType)
class InformationTypeAdmin(ReadMostlyAdmin):
    list_display = ["name", "service", "personal_data", "confidentiality", "integrity", "availability",
                    "classified_on"]
    list_filter = ["personal_data", "confidentiality", "integrity", "availability"]
    search_fields = ["name", "service__name"]


@admin.register(Classification)
class ClassificationAdmin(ReadMostlyAdmin):
    list_display = ["service", "notation", "overridden", "classified_on"]
    list_filter = ["overridden", "confidentiality", "integrity", "availability"]
    search_fields = ["service__name"]


def _level_on_scale(field):
    """A form whose level field must be on the classification scale in use (the catalogues are data; the scale
    may change, so the level is checked against it, not against a fixed list)."""

    class LevelForm(VersionedModelForm):
        def clean(self):
            cleaned = super().clean()
            try:
                check_levels(Scale.Purpose.CLASSIFICATION, **{field: cleaned.get(field)})
            except ValidationError as error:
                self.add_error(field, error.message_dict[field])
            return cleaned

    return LevelForm


@admin.register(ProtectionRequirement)
class ProtectionRequirementAdmin(VersionedAdmin):
    list_display = ["code", "text", "dimension", "from_level", "source"]
    list_filter = ["dimension", "from_level"]
    search_fields = ["code", "text"]
    form = _level_on_scale("from_level")


@admin.register(ContinuityRequirement)
class ContinuityRequirementAdmin(VersionedAdmin):
    list_display = ["availability", "max_recovery_time_hours", "max_recovery_point_hours", "exercise_every_days"]
    form = _level_on_scale("availability")


@admin.register(DataProcessingAgreement)
class DataProcessingAgreementAdmin(VersionedAdmin):
    list_display = ["service", "party", "signed_on", "expires_on", "outside_eea"]
    list_filter = ["outside_eea"]
    search_fields = ["party", "service__name"]
    autocomplete_fields = ["service"]


@admin.register(TransferAssessment)
class TransferAssessmentAdmin(VersionedAdmin):
    list_display = ["agreement", "assessed_on", "mechanism"]
    raw_id_fields = ["agreement"]


@admin.register(ContinuityPlan)
class ContinuityPlanAdmin(VersionedAdmin):
    list_display = ["service", "recovery_time_hours", "recovery_point_hours", "last_exercised_on"]
    autocomplete_fields = ["service"]


@admin.register(RequirementFulfilment)
class RequirementFulfilmentAdmin(VersionedAdmin):
    list_display = ["service", "requirement", "recorded_on", "recorded_by"]
    autocomplete_fields = ["service"]
    raw_id_fields = ["recorded_by"]


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
