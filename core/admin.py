"""The admin's share of row versions: every change form carries the version it showed (docs/decisions/0010)."""

from simple_history.admin import SimpleHistoryAdmin

from core.versioning import VersionedModelForm


class VersionedAdmin(SimpleHistoryAdmin):
    """Refuses a save over someone else's newer change with the form's message; nothing is stored."""

    form = VersionedModelForm
