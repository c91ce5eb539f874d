"""Forms of initiatives and of value before money. Services and organisations are typed with suggestions as one
types (the registers grow without end, so no select lists them). Amounts are kronor in the forms, öre stored."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.suggest import SuggestField
from core.versioning import VersionedModelForm, version_field
from decisions.models import REGISTRY_NUMBER

from .models import Benefit, Criterion, Initiative, InitiativeService

ORE = Decimal(100)


class KronorField(forms.DecimalField):
    """Kronor with öre as decimals (a decimal comma and spaces accepted); cleaned to whole öre."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=15, decimal_places=2, min_value=Decimal(0), localize=True, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)

    def clean(self, value):
        kronor = super().clean(value)
        return None if kronor is None else int(kronor * ORE)


class InitiativeForm(VersionedModelForm):
    proposer = SuggestField(kind="organisation", label=_("Proposed by"), options_id="proposer-options",
                            help_text=_("The board or company that proposes it; one you edit."))
    owner = SuggestField(kind="organisation", label=_("Owner"), options_id="owner-options", required=False,
                         help_text=_("The organisation that carries it through; the proposer when left empty."))

    class Meta:
        model = Initiative
        fields = ["code", "title", "need", "need_of", "proposer", "owner", "focus_areas", "funding", "risks"]
        widgets = {"focus_areas": forms.CheckboxSelectMultiple, "need": forms.Textarea(attrs={"rows": 3}),
                   "risks": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Left empty, the next free code of the year is given, e.g. INI-2026-13.")

    def values(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "focus_areas"}
        data["owner"] = data["owner"] or data["proposer"]
        return data


# The effect on the service, worded for the form ("Changes" alone reads as a noun in Swedish).
EFFECTS = [(InitiativeService.Effect.CREATES, _("Creates the service")),
           (InitiativeService.Effect.CHANGES, _("Changes the service")),
           (InitiativeService.Effect.RETIRES, _("Retires the service"))]


class ServiceLinkForm(forms.ModelForm):
    service = SuggestField(kind="service", label=_("Service"), options_id="service-options",
                           help_text=_("A service in the register, e.g. 1177 Vårdguidens e-tjänster (HSF-031)."))

    class Meta:
        model = InitiativeService
        fields = ["service", "effect"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effect"].choices = EFFECTS


class BenefitForm(forms.ModelForm):
    class Meta:
        model = Benefit
        fields = ["kind", "description", "measure", "unit", "baseline", "target", "target_year", "direction"]


class CostForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    estimated_investment = KronorField(label=_("Estimated investment (kr)"))
    estimated_running = KronorField(label=_("Estimated running cost (kr)"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    row_version = version_field()

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = Initiative.TRANSITIONS.get(initiative.status, set()) - {Initiative.Status.DECIDED}
        self.fields["status"].choices = [(value, label) for value, label in Initiative.Status.choices
                                         if value in allowed]
        self.initial.setdefault("row_version", initiative.row_version)


class AssessmentForm(forms.Form):
    """A score for each active criterion (0 to its highest score) with a justification, and a summary."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    row_version = version_field()

    def __init__(self, *args, criteria, assessment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        given = {s.criterion_id: s for s in assessment.scores.all()} if assessment else {}
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s)") % {"name": criterion.name, "max": criterion.scale_max},
                min_value=0, max_value=criterion.scale_max, help_text=criterion.description)
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Justification: %(name)s") % {"name": criterion.name}, required=False, max_length=500)
            if criterion.pk in given:
                self.initial[f"score_{criterion.pk}"] = given[criterion.pk].score
                self.initial[f"justification_{criterion.pk}"] = given[criterion.pk].justification
        if assessment is not None:
            self.initial.setdefault("row_version", assessment.row_version)
            self.initial.setdefault("summary", assessment.summary)
            self.initial.setdefault("assessed_on", assessment.assessed_on)

    def scores(self):
        return {c: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data.get(f"justification_{c.pk}", ""))
                for c in self.criteria}


class InvestmentForm(forms.Form):
    """The investment decision, recorded as a decision of the body that carries the running cost."""

    registry_number = forms.RegexField(label=_("Registry number"), regex=REGISTRY_NUMBER, max_length=20,
                                       help_text=_("E.g. HSN 2026-0412."))
    decided_on = forms.DateField(label=_("Date of decision"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=300)
    amount = KronorField(label=_("Investment decided (kr)"))
    row_version = version_field()


class WeightsForm(forms.Form):
    """The weight of each criterion in a year."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for criterion, weight in rows:
            self.fields[f"weight_{criterion.pk}"] = forms.DecimalField(
                label=_("Weight: %(name)s") % {"name": criterion.name}, min_value=0, max_digits=6,
                decimal_places=2, required=False, initial=weight.weight if weight else None)
            self.fields[f"version_{criterion.pk}"] = version_field()
            if weight:
                self.initial[f"version_{criterion.pk}"] = weight.row_version


class CriterionForm(VersionedModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "name", "aspect", "description", "scale_max", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
