import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.suggest import SuggestField
from indicators.models import YEAR_MAX, YEAR_MIN


class BokslutForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX,
                              error_messages={"invalid": _("Enter the year as four digits, e.g. 2026."),
                                              "min_value": _("The year must be between 2000 and 2100."),
                                              "max_value": _("The year must be between 2000 and 2100.")})
    # Search-as-you-type: the register's organisations grow, so no select lists them all.
    organisation = SuggestField(
        kind="organisation", label=_("Organisation"), required=False, options_id="organisation-options",
        help_text=_("Leave empty for the whole region's bokslut; type a board's code or name for that board's."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year
