import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.versioning import VersionedModelForm
from decisions.models import Decision

from .models import Risk, RiskAnalysis, Scale


def decision_text(decision):
    """How a decision is written in a risk's form and offered while typing: "RS 2020-0242 (RS)"."""
    return f"{decision.registry_number} ({decision.body.code})"


DECISION_TEXT = re.compile(r"^\s*(?P<number>[^()]+?)\s*(?:\((?P<body>[^()]+)\))?\s*$")


class DecisionField(forms.Field):
    """A decision named by its registry number, typed with suggestions as one types (search-as-you-type: the
    register's decisions grow without end, so no select lists them all)."""

    default_error_messages = {
        "unknown": _("No decision %(text)s is on record. Type its registry number and pick it from the "
                     "suggestions, e.g. RS 2020-0242 (RS); record the decision first if it is missing."),
        "ambiguous": _("More than one body has a decision %(text)s: add the body's code in brackets, "
                       "e.g. %(text)s (RS)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "list": "decision-options", "autocomplete": "off",
            "hx-get": reverse_lazy("security:decision-options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#decision-options", "hx-swap": "innerHTML",
        }))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decision):
            return decision_text(value)
        if isinstance(value, int):
            decision = Decision.objects.select_related("body").filter(pk=value).first()
            return decision_text(decision) if decision else ""
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        match = DECISION_TEXT.match(text[:200])
        if match is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text[:60]})
        found = Decision.objects.filter(registry_number=match["number"])
        if match["body"]:
            found = found.filter(body__code=match["body"].strip())
        found = list(found[:2])
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text[:60]})
        if len(found) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                        params={"text": match["number"]})
        return found[0]


def level_choices(purpose):
    scale = Scale.active_for(purpose)
    levels = [(level.number, f"{level.number} – {level.name}") for level in scale.levels.all()] if scale else []
    return [("", "—")] + levels


class RiskAnalysisForm(VersionedModelForm):
    class Meta:
        model = RiskAnalysis
        fields = ["performed_on", "participants", "scope", "review_by"]
        widgets = {"performed_on": DateInput, "review_by": DateInput,
                   "participants": forms.Textarea(attrs={"rows": 2}), "scope": forms.Textarea(attrs={"rows": 3})}


class RiskForm(VersionedModelForm):
    """Likelihood and consequence are picked from the levels of the scales in use; a level not on them is
    refused here and again by the model (Risk.clean), which also asks for a decision to accept a high risk."""

    decision = DecisionField(label=_("Decision to accept"), required=False,
                             help_text=_("Accepting a high risk needs a named decision."))

    class Meta:
        model = Risk
        fields = ["description", "likelihood", "consequence", "treatment", "measure", "owner", "due_date",
                  "status", "residual_likelihood", "residual_consequence", "decision"]
        widgets = {"due_date": DateInput, "description": forms.Textarea(attrs={"rows": 2}),
                   "measure": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, purpose, optional in (
                ("likelihood", Scale.Purpose.LIKELIHOOD, False), ("consequence", Scale.Purpose.CONSEQUENCE, False),
                ("residual_likelihood", Scale.Purpose.LIKELIHOOD, True),
                ("residual_consequence", Scale.Purpose.CONSEQUENCE, True)):
            model_field = self.fields[name]
            # Always a blank first choice: a level is chosen, never taken by default.
            self.fields[name] = forms.TypedChoiceField(
                label=model_field.label, required=not optional, coerce=int, empty_value=None,
                choices=level_choices(purpose))
