"""Forms of information security. Levels are chosen from the active scale (number – name), never typed."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import VersionedModelForm, version_field

from .models import InformationType, Scale


def level_choices(purpose=Scale.Purpose.CLASSIFICATION):
    scale = Scale.active_for(purpose)
    return [] if scale is None else [(level.number, str(level)) for level in scale.levels.all()]


def _level_field(label):
    return forms.TypedChoiceField(label=label, coerce=int, choices=())


class InformationTypeForm(VersionedModelForm):
    confidentiality = _level_field(_("Confidentiality"))
    integrity = _level_field(_("Integrity"))
    availability = _level_field(_("Availability"))

    class Meta:
        model = InformationType
        fields = ["name", "description", "owner", "personal_data", "personal_identity_numbers", "public_record",
                  "confidentiality", "integrity", "availability", "classified_on"]
        widgets = {"classified_on": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *level_choices()]
        for name in ("confidentiality", "integrity", "availability"):
            self.fields[name].choices = choices
        self.fields["classified_on"].required = False
        self.fields["classified_on"].help_text = _("Empty: today.")

    def clean_classified_on(self):
        return self.cleaned_data.get("classified_on") or datetime.date.today()


class OverrideForm(forms.Form):
    """The classification set by hand: every level from the scale in use and the reason."""

    confidentiality = _level_field(_("Confidentiality"))
    integrity = _level_field(_("Integrity"))
    availability = _level_field(_("Availability"))
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Why the classification differs from the one computed from the "
                                                "information."))
    row_version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *level_choices()]
        for name in ("confidentiality", "integrity", "availability"):
            self.fields[name].choices = choices


class VersionForm(forms.Form):
    """The version the user saw, for a removal or a return to the computed classification."""

    row_version = version_field()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
