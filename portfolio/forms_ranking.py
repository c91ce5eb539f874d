"""Forms of the ranking: the council's placement of an initiative and the ranking decided on a date. Both carry
the row version of the year's ranking they were shown over (a change by someone else meanwhile is refused)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import version_field
from decisions.models import Decision

from .models import RankingOverride


class PlacementForm(forms.Form):
    placement = forms.ChoiceField(label=_("Placement"), choices=RankingOverride.Placement.choices,
                                  widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the council places the initiative here, whatever its score."))
    row_version = version_field()

    def clean_reason(self):
        return self.cleaned_data["reason"].replace("\x00", "").strip()


class DecideRankingForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput, initial=datetime.date.today)
    decision = forms.CharField(label=_("Decision (registry number)"), max_length=40, required=False,
                               help_text=_("The council's decision in the register, e.g. RS 2026-0123; optional."))
    row_version = version_field()

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_decision(self):
        number = self.cleaned_data["decision"].replace("\x00", "").strip()
        if not number:
            return None
        found = Decision.objects.filter(body=self.council, registry_number=number).first()
        if found is None:
            raise forms.ValidationError(_("%(council)s has no decision %(number)s in the register.")
                                        % {"council": self.council, "number": number})
        return found
