"""Forms of the benefit follow-up: an outcome of a benefit and an actual cost, each carrying the row version of the
record it changes (none for a new one)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import version_field


class OutcomeForm(forms.Form):
    benefit = forms.ModelChoiceField(label=_("Benefit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    value = forms.DecimalField(label=_("Outcome"), max_digits=14, decimal_places=2)
    measured_on = forms.DateField(label=_("Measured on"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    row_version = version_field()

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        # An initiative has a handful of benefits: a plain select.
        self.fields["benefit"].queryset = initiative.benefits.order_by("kind", "pk")

    def clean_note(self):
        return self.cleaned_data["note"].replace("\x00", "").strip()


class ActualCostForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    actual_investment = forms.DecimalField(label=_("Actual investment (kr)"), min_value=0, max_digits=15,
                                           decimal_places=2, required=False)
    actual_running = forms.DecimalField(label=_("Actual running cost (kr)"), min_value=0, max_digits=15,
                                        decimal_places=2, required=False)
    row_version = version_field()

    @staticmethod
    def ore(kronor):
        return None if kronor is None else int(kronor * 100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
