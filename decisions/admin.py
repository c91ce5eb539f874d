from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, DecisionAttachment


class AttachmentInline(admin.TabularInline):
    model = DecisionAttachment
    extra = 0


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["registry_number", "body", "decided_on", "title"]
    list_filter = ["body"]
    search_fields = ["registry_number", "title"]
    inlines = [AttachmentInline]
