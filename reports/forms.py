import datetime

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from indicators.models import YEAR_MAX, YEAR_MIN
from organisations.models import Organisation


def organisation_text(organisation):
    """How an organisation is written in the field and offered while typing: "HSN — Hälso- och sjukvårdsnämnden"."""
    return f"{organisation.code} — {organisation.name}"


class BokslutForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX,
                              error_messages={"invalid": _("Enter the year as four digits, e.g. 2026."),
                                              "min_value": _("The year must be between 2000 and 2100."),
                                              "max_value": _("The year must be between 2000 and 2100.")})
    # Search-as-you-type: the register's organisations grow, so no select lists them all.
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=250,
        help_text=_("Leave empty for the whole region's bokslut; type a board's code or name for that board's."),
        widget=forms.TextInput(attrs={
            "list": "organisation-options", "autocomplete": "off",
            "hx-get": reverse_lazy("reports:organisation-options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#organisation-options", "hx-swap": "innerHTML",
        }),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = datetime.date.today().year

    def clean_organisation(self):
        text = (self.cleaned_data.get("organisation") or "").replace("\x00", "").strip()
        if not text:
            return None
        code = text.split(" — ", 1)[0].strip()
        found = Organisation.objects.filter(code=code).first()
        if found is None:
            raise forms.ValidationError(
                _("No organisation has the code %(code)s. Type its code or name and pick it from the suggestions."),
                code="unknown", params={"code": code[:40]})
        return found
