"""Forms of action plans, goals and activities. A unit and a portfolio initiative are typed with suggestions as one
types (search-as-you-type: both registers grow), written as "Name (CODE)"."""

import re

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core import access
from core.suggest import SuggestField
from core.versioning import VersionedModelForm
from organisations.models import Organisation
from portfolio.models import Initiative

from .models import ActionPlan, Activity, Category, Goal, Round, Unit

TEXT = re.compile(r"^\s*(?P<name>.*?)\s*(?:\((?P<code>[^()]*)\))?\s*$", re.DOTALL)


def unit_text(unit):
    return f"{unit.name} ({unit.code})"


def initiative_text(initiative):
    return f"{initiative.title} ({initiative.code})"


class CodedField(forms.Field):
    """A record typed as "Name (CODE)", or its code alone, picked from suggestions (an HTMX datalist)."""

    model = None
    name_field = "name"
    as_text = staticmethod(str)
    default_error_messages = {"unknown": _("Nothing called %(text)s is registered. Type its name and pick it from "
                                           "the suggestions.")}

    def __init__(self, *, options_id, options_url, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "list": options_id, "autocomplete": "off", "maxlength": 400, "hx-get": options_url,
            "hx-trigger": "input changed delay:300ms", "hx-target": f"#{options_id}", "hx-swap": "innerHTML"}))
        self.options_id = options_id
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            value = self.model.objects.filter(pk=value).first()
        if isinstance(value, self.model):
            return self.as_text(value)
        return value or ""

    def to_python(self, value):
        text = (value or "").replace("\x00", "").strip()[:400]
        if not text:
            return None
        match = TEXT.match(text)
        code = (match["code"] or match["name"]).strip()
        found = self.model.objects.filter(code__iexact=code).first() or self.model.objects.filter(
            **{self.name_field: match["name"]}).first()
        if found is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"text": text[:80]})
        return found


class UnitField(CodedField):
    model = Unit
    as_text = staticmethod(unit_text)


class InitiativeField(CodedField):
    model = Initiative
    name_field = "title"
    as_text = staticmethod(initiative_text)


class PlanForm(VersionedModelForm):
    unit = UnitField(label=_("Unit"), required=False, options_id="unit-options",
                     options_url=reverse_lazy("maturity:plan-unit-options"),
                     help_text=_("The assessed unit, e.g. Primärvården (SLSO-PRIMARVARD); empty for a region-wide "
                                 "plan."))

    class Meta:
        model = ActionPlan
        fields = ["round", "unit", "owner", "title", "adopted_on"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.order_by("-period_end")
        ids = access.editable_organisation_ids(user)
        SuggestField.replacing(self, "owner", kind="organisation", required=False,
                               queryset=None if ids is None else Organisation.objects.filter(pk__in=ids),
                               help_text=_("For a region-wide plan; a unit's plan is its organisation's."))
        if self.instance.pk:  # a plan keeps its round, unit and owner; a new plan is made instead
            for name in ("round", "unit", "owner"):
                del self.fields[name]


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["category", "text", "target"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(model=plan.round.model_id).order_by(
            "dimension__order", "order", "code")


class ActivityForm(VersionedModelForm):
    initiative = InitiativeField(label=_("Initiative in the portfolio"), required=False,
                                 options_id="initiative-options",
                                 options_url=reverse_lazy("maturity:plan-initiative-options"),
                                 help_text=_("When an initiative carries the activity, e.g. INI-2026-03."))

    class Meta:
        model = Activity
        fields = ["goal", "title", "responsible", "due", "status", "level", "initiative"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan)
