from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import VersionedAdmin

from . import actions
from .models import Classification, InformationType, Level, Policy, Scale


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
