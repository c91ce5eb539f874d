"""The admin of information security: administrators edit the catalogues and, when needed, correct records."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import VersionedAdmin
from core.versioning import VersionedModelForm

from .models import (
    ContinuityPlan,
    ContinuityRequirement,
    DataProcessingAgreement,
    ProtectionRequirement,
    RequirementFulfilment,
    Scale,
    TransferAssessment,
    check_levels,
)


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
