"""The admin's share of row versions: every change form carries the version it showed (docs/decisions/0010)."""

from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from core.versioning import FIELD, StaleVersion, VersionedModelForm


class VersionedAdmin(SimpleHistoryAdmin):
    """Refuses a save over someone else's newer change with the form's message; nothing is stored. Rows edited
    inline are saved with their parent, whose version guards them too."""

    form = VersionedModelForm

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [f for f in fields if f != FIELD]  # a new record has no version

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The hidden field is the form's own; the model's row_version is not editable and must not be named.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if f != FIELD]
        return super().get_form(request, obj, change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form checks the version it showed; a change saved between that check and this save is caught by
        # the compare-and-swap in the model. The admin's transaction is rolled back; the user is told and
        # sees the record as it now stands.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
