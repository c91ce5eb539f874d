"""The form that changes the digitalisation grade's weights: saving it makes a new version of the year's
definition (indicators.grading)."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import grading
from .models import Indicator


def indicator_text(indicator):
    return f"{indicator.code} – {indicator.name}"


class WeightsForm(forms.Form):
    """One weight per indicator of the definition in force (empty or 0 takes it out), one indicator to add —
    typed and suggested as one types, since the indicators grow with the register — and why."""

    add_indicator = forms.CharField(
        label=_("Add an indicator"), required=False, max_length=250,
        help_text=_("Type part of its code or name and choose."),
        widget=forms.TextInput(attrs={
            "list": "grade-indicator-options", "autocomplete": "off",
            "hx-get": reverse_lazy("indicators:grade-indicator-options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#grade-indicator-options", "hx-swap": "innerHTML"}))
    add_weight = forms.DecimalField(label=_("Its weight"), required=False, min_value=0, max_digits=8,
                                    decimal_places=4)
    note = forms.CharField(label=_("Why the weights change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, year, definition, **kwargs):
        super().__init__(*args, **kwargs)
        self.year, self.definition = year, definition
        self.fields["based_on"].initial = definition.version if definition else 0
        self.weight_fields = []
        for weight in (definition.weights.select_related("indicator") if definition else []):
            name = f"w{weight.indicator_id}"
            self.fields[name] = forms.DecimalField(
                label=indicator_text(weight.indicator), required=False, min_value=0, max_digits=8, decimal_places=4,
                initial=weight.weight.normalize(), help_text=_("Empty or 0 takes the indicator out of the grade."))
            self.weight_fields.append((name, weight.indicator_id))

    def clean_add_indicator(self):
        text = self.cleaned_data["add_indicator"].strip()
        if not text:
            return None
        code = text.split(" – ")[0].split()[0]
        found = Indicator.objects.filter(code=code).first()
        if found is None:
            raise ValidationError(_("No indicator has the code “%(code)s”; choose one of the suggestions."),
                                  params={"code": code[:40]})
        return found

    def clean(self):
        data = super().clean()
        weights = {pk: data.get(name) for name, pk in self.weight_fields if data.get(name)}
        added = data.get("add_indicator")
        if added is not None:
            if not data.get("add_weight"):
                self.add_error("add_weight", _("Give the added indicator a weight greater than zero."))
            else:
                weights[added.pk] = data["add_weight"]
        self.weights = weights
        return data

    def save(self, user):
        try:
            return grading.define_grade(year=self.year, weights=self.weights, note=self.cleaned_data["note"],
                                        user=user, based_on=self.cleaned_data["based_on"])
        except ValidationError as error:
            self.add_error(None, error)
            return None
