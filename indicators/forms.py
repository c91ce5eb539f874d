"""Forms of the follow-up pages. They read and check input; the actions (indicators.actions) store it."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.suggest import SuggestField
from core.versioning import VersionedModelForm, version_field
from organisations.models import Organisation

from .models import YEAR_MAX, YEAR_MIN, FocusArea, Indicator, Outcome, PlanAction

VALUE = {"max_digits": 14, "decimal_places": 4}
# What a computed indicator's owner may still set: the rest comes from the register's count.
COMPUTED_EDITABLE = ("focus_area", "deviation_threshold", "active")


class IndicatorForm(VersionedModelForm):
    class Meta:
        model = Indicator
        fields = ["code", "name", "definition", "source", "frequency", "unit", "direction", "owner", "focus_area",
                  "deviation_threshold", "active"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An editor sets indicators for the organisations they edit for: the region's office for the region, a
        # board's editors for their board (000 §4.2). Organisations grow with the region: typed with suggestions.
        SuggestField.replacing(self, "owner", kind="organisation",
                               queryset=owners if owners is not None else Organisation.objects.filter(active=True))
        self.fields["focus_area"].queryset = FocusArea.objects.all()
        if self.instance.pk and self.instance.kind == Indicator.Kind.COMPUTED:
            for name in list(self.fields):
                if name not in (*COMPUTED_EDITABLE, "row_version"):
                    del self.fields[name]

    def changes(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "row_version"}


class _YearForm(forms.Form):
    row_version = version_field()


class TargetForm(_YearForm):
    target = forms.DecimalField(label=_("Target"), required=False, **VALUE,
                                help_text=_("Empty: the year has no target."))


class ForecastForm(_YearForm):
    forecast = forms.DecimalField(label=_("Forecast"), **VALUE)
    comment = forms.CharField(label=_("Comment on the forecast"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class OutcomeForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=[(p, p) for p in Outcome.PERIODS], initial="year",
                               help_text=_("year for the whole year, Q1–Q4 for a quarter, M01–M12 for a month."))
    value = forms.DecimalField(label=_("Outcome"), **VALUE)
    source = forms.CharField(label=_("Source"), max_length=300,
                             help_text=_("Where the figure comes from, e.g. “1177 statistics, January 2026”."))
    numerator = forms.IntegerField(label=_("Counted"), required=False, min_value=0, max_value=2**31 - 1)
    denominator = forms.IntegerField(label=_("Out of"), required=False, min_value=0, max_value=2**31 - 1)


class AnalysisForm(forms.Form):
    cause_analysis = forms.CharField(label=_("Analysis of causes"), widget=forms.Textarea(attrs={"rows": 5}),
                                     max_length=20000)
    row_version = version_field()


class PlanActionForm(forms.ModelForm):
    row_version = version_field()

    class Meta:
        model = PlanAction
        fields = ["action", "responsible", "due", "status"]
        widgets = {"due": DateInput, "action": forms.Textarea(attrs={"rows": 2})}


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000,
                                help_text=_("What the actions achieved."))
    followed_up_on = forms.DateField(label=_("Followed up on"), widget=DateInput, initial=datetime.date.today)
    row_version = version_field()


class VersionForm(forms.Form):
    row_version = version_field()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


def year_in_range(year):
    return YEAR_MIN <= year <= YEAR_MAX

