from django.contrib import admin

from core.admin import VersionedAdmin

from .models import Decision, DecisionAttachment


class AttachmentInline(admin.TabularInline):
    model = DecisionAttachment
    extra = 0


@admin.register(Decision)
class DecisionAdmin(VersionedAdmin):
    list_display = ["registry_number", "body", "decided_on", "title"]
    list_filter = ["body"]
    search_fields = ["registry_number", "title"]
    inlines = [AttachmentInline]
